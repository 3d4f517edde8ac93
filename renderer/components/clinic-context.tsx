import { useQuery } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useMemo } from "react";
import type { ClinicClient } from "../api/client.js";
import { clinicQueryOptions } from "../api/queries.js";
import { formatLocale, formatMoney as moneyIn, useLanguage } from "../i18n/index.js";
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
  /** The locale dates and numbers are written in: the language on screen, in the clinic's region when it shares it. */
  locale: string | undefined;
}

const ClinicContext = createContext<Clinic | null>(null);

export const formatMoney = (amount: number, { currency, locale }: MoneyFormat): string =>
  moneyIn(amount, currency, locale || formatLocale());

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
  // Currency from the clinic's settings; the clinic's locale reaches formatLocale() when the language is applied.
  const prefs = useQuery(clinicQueryOptions(client, "clinicPreferences", {}));
  const currency = prefs.data?.currency ?? null;
  // The language on screen decides how numbers read; its change must reach every screen's money and dates.
  const language = useLanguage();
  const value = useMemo<Clinic>(
    () => ({
      client,
      staff,
      money: (n) => moneyIn(n, currency, formatLocale()),
      locale: language ? formatLocale() : undefined,
    }),
    [client, staff, currency, language],
  );
  return <ClinicContext.Provider value={value}>{children}</ClinicContext.Provider>;
}

/** The clinic when signed in; null on the screens before it (first run, sign-in, lock). */
export const useSignedInClinic = (): Clinic | null => useContext(ClinicContext);

export function useClinic(): Clinic {
  const c = useContext(ClinicContext);
  if (!c) throw new Error("useClinic() outside a ClinicProvider");
  return c;
}
