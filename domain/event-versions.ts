import type { EventType } from "./catalog.js";

// Each event type's metadata has a version. A row keeps the version it was written with, forever (the log is
// append-only and hashed); when it is read, a chain of pure upcasters lifts its metadata one version at a time to
// the shape this build folds. A row with a version newer than this build knows is parked, not guessed at.
//
// Version 2 of the money events (bills, payments, refunds) carries the currency. A version-1 row did not say it:
// it is lifted with `currency: null`, "the clinic's currency at the time", and folds exactly as before.

type Upcaster = (metadata: unknown) => unknown;

const moneyV1toV2: Upcaster = (m) => {
  const o = (m ?? {}) as Record<string, unknown>;
  return { ...o, currency: typeof o.currency === "string" ? o.currency : null };
};

/** upcasters[type][n] lifts version n to n + 1. A type's current version is one more than its last upcaster. */
const upcasters: Partial<Record<EventType, readonly Upcaster[]>> = {
  CONSULTATION_BILLED: [moneyV1toV2],
  TESTS_BILLED: [moneyV1toV2],
  PAYMENT_RECEIVED: [moneyV1toV2],
  PAYMENT_PARTIAL: [moneyV1toV2],
  PAYMENT_REFUNDED: [moneyV1toV2],
};

/** The metadata version this build writes for a type. */
export const currentVersion = (type: EventType): number => (upcasters[type]?.length ?? 0) + 1;

/** Metadata of `version` lifted to the current version. The version must not be newer than the current one. */
export function upcast(type: EventType, version: number, metadata: unknown): unknown {
  const chain = upcasters[type] ?? [];
  let m = metadata;
  for (let v = Math.max(1, version); v < chain.length + 1; v++) m = (chain[v - 1] as Upcaster)(m);
  return m;
}

/** The current version of every type that has more than one, for the docs and for noticing an upgrade. */
export const versionedTypes = (): Record<string, number> =>
  Object.fromEntries(Object.keys(upcasters).map((t) => [t, currentVersion(t as EventType)]));
