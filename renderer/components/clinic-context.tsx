import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import type { ClinicClient } from "../api/client.js";
import { ToastProvider } from "./toasts.js";

// What every work screen needs from the shell: the client (IPC or HTTP, the screens cannot tell), who is signed in,
// and how this clinic writes money. The shell renders a screen as <ReceptionScreen client={..} staff={..} />; the
// screen wraps itself in this provider so its parts can reach them without prop chains.

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
 * Gives the screens the client, the signed-in person and the clinic's money format. Without `moneyFormat` the
 * provider asks the clinic (currency from settings, locale from the clinic's preferences) once.
 */
export function ClinicProvider({
  client,
  staff,
  moneyFormat,
  children,
}: ScreenProps & { moneyFormat?: MoneyFormat; children: ReactNode }) {
  const [asked, setAsked] = useState<MoneyFormat>({ currency: null, locale: null });
  const wanted = moneyFormat?.currency || moneyFormat?.locale ? moneyFormat : null;
  useEffect(() => {
    if (wanted) return;
    let live = true;
    void client.call("clinicPreferences", {}).then((r) => {
      if (live && r.ok) setAsked({ currency: r.value.currency, locale: r.value.locale });
    });
    return () => {
      live = false;
    };
  }, [client, wanted]);
  const format = wanted ?? asked;
  const value = useMemo<Clinic>(
    () => ({
      client,
      staff,
      money: (n) => formatMoney(n, format),
      locale: format.locale ?? undefined,
    }),
    [client, staff, format],
  );
  return (
    <ClinicContext.Provider value={value}>
      <ToastProvider>{children}</ToastProvider>
    </ClinicContext.Provider>
  );
}

export function useClinic(): Clinic {
  const c = useContext(ClinicContext);
  if (!c) throw new Error("useClinic() outside a ClinicProvider");
  return c;
}
