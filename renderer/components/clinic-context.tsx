import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import type { ClinicClient } from "../api/client.js";
import { formatLocale, formatMoney as moneyIn, useLanguage } from "../i18n/index.js";
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
  /** The locale dates and numbers are written in: the language on screen, in the clinic's region when it shares it. */
  locale: string | undefined;
}

const ClinicContext = createContext<Clinic | null>(null);

export const formatMoney = (amount: number, { currency, locale }: MoneyFormat): string =>
  moneyIn(amount, currency, locale || formatLocale());

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
  // The language on screen decides how numbers read; its change must reach every screen's money and dates.
  const language = useLanguage();
  const value = useMemo<Clinic>(
    () => ({
      client,
      staff,
      money: (n) => moneyIn(n, format.currency, formatLocale()),
      locale: language ? formatLocale() : undefined,
    }),
    [client, staff, format, language],
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
