import { useCallback } from "react";
import { useLocation, useNavigate, useParams, useSearchParams } from "react-router";

// Every screen, visit, test and bill has an address in the hash (#/billing/visit/V-…), so a reload keeps the
// place, back and forward step through what was opened, and an address can be pasted into another window.

export const screenAddress = (screen: string) => `/${screen}`;
export const visitAddress = (screen: string, visitId: string) =>
  `/${screen}/visit/${encodeURIComponent(visitId)}`;
export const testAddress = (visitId: string, testOrderId: string) =>
  `/lab/test/${encodeURIComponent(visitId)}/${encodeURIComponent(testOrderId)}`;
export const billAddress = (visitId: string, billId: string) =>
  `${visitAddress("billing", visitId)}/bill/${encodeURIComponent(billId)}`;

/** The visit this screen's address names, and how to open another (null: none). */
export function useAddressedVisit(): [
  string | null,
  (visitId: string | null, options?: { replace?: boolean }) => void,
] {
  const { screen = "", visitId = null } = useParams();
  const navigate = useNavigate();
  // The screen's choices (the day looked at) stay with the visit opened.
  const { search } = useLocation();
  const open = useCallback(
    (id: string | null, options: { replace?: boolean } = {}) =>
      navigate({ pathname: id ? visitAddress(screen, id) : screenAddress(screen), search }, options),
    [navigate, screen, search],
  );
  return [visitId, open];
}

/** The test the lab's address names, and how to open another. */
export function useAddressedTest(): [
  { visitId: string; testOrderId: string } | null,
  (test: { visitId: string; testOrderId: string }) => void,
] {
  const { visitId, testOrderId } = useParams();
  const navigate = useNavigate();
  const { search } = useLocation();
  const open = useCallback(
    (t: { visitId: string; testOrderId: string }) =>
      navigate({ pathname: testAddress(t.visitId, t.testOrderId), search }),
    [navigate, search],
  );
  return [visitId && testOrderId ? { visitId, testOrderId } : null, open];
}

/** The bill the address names, if any. */
export const useAddressedBill = (): string | null => useParams().billId ?? null;

/**
 * A choice kept in the address's query (a day, a worklist tab), so a reload keeps it too. Changing it replaces the
 * history entry: back goes to the previous visit or screen, not through every day looked at.
 */
export function useAddressedChoice(name: string, fallback: string): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (value: string) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          if (value === fallback) next.delete(name);
          else next.set(name, value);
          return next;
        },
        { replace: true },
      ),
    [setParams, name, fallback],
  );
  return [params.get(name) ?? fallback, set];
}
