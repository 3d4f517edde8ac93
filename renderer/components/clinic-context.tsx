import { useQuery } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useMemo } from "react";
import type { ClinicClient } from "../api/client.js";
import { clinicQueryOptions } from "../api/queries.js";
import { LiveQueries } from "./live-queries.js";
import { ToastProvider } from "./toasts.js";

// What every work screen needs from the shell: the client (IPC or HTTP, the screens cannot tell), who is signed in,
// and how this clinic writes money, reached through this provider without prop chains.

export interface SignedInStaff {
  id: string;
  name: string;
  role: "reception" | "doctor" | "lab" | "admin";
  username: string | null;
}

export interface ScreenProps {
  client: ClinicClient;
  staff: SignedInStaff;
}

export interface MoneyFormat {
  currency: string | null;
  locale: string | null;
}

interface Clinic extends ScreenProps {
  money: (amount: number) => string;
  /** The clinic's locale for dates and numbers; undefined means the browser's. */
  locale: string | undefined;
}

const ClinicContext = createContext<Clinic | null>(null);

export function formatMoney(amount: number, { currency, locale }: MoneyFormat): string {
  const loc = locale || undefined;
  try {
    if (currency)
      return new Intl.NumberFormat(loc, { style: "currency", currency, currencyDisplay: "code" }).format(
        amount,
      );
  } catch {
    // An unknown currency code falls back to a plain number rather than breaking the screen.
  }
  return new Intl.NumberFormat(loc, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}

/**
 * Gives the screens the client, the signed-in person, the clinic's money format and the query cache that pushes
 * keep current. The shell renders it once around whichever screen is open.
 */
export function ClinicProvider({ client, staff, children }: ScreenProps & { children: ReactNode }) {
  return (
    <LiveQueries client={client}>
      <ClinicValues client={client} staff={staff}>
        <ToastProvider>{children}</ToastProvider>
      </ClinicValues>
    </LiveQueries>
  );
}

function ClinicValues({ client, staff, children }: ScreenProps & { children: ReactNode }) {
  // Currency from the clinic's settings, locale from its preferences (both in one answer).
  const prefs = useQuery(clinicQueryOptions(client, "clinicPreferences", {}));
  const currency = prefs.data?.currency ?? null;
  const locale = prefs.data?.locale ?? null;
  const value = useMemo<Clinic>(
    () => ({
      client,
      staff,
      money: (n) => formatMoney(n, { currency, locale }),
      locale: locale ?? undefined,
    }),
    [client, staff, currency, locale],
  );
  return <ClinicContext.Provider value={value}>{children}</ClinicContext.Provider>;
}

export function useClinic(): Clinic {
  const c = useContext(ClinicContext);
  if (!c) throw new Error("useClinic() outside a ClinicProvider");
  return c;
}
