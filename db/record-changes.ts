// Records (staff, patients, the clinic's settings and test catalogue) change outside the event log, so windows
// cannot learn of them from "events appended". Whoever writes them (the router after a command, the sync job after
// a pull) says which kinds changed here, after the commit; the hosts pass it on to every open window.

export const recordKinds = ["staff", "patients", "settings", "catalogue"] as const;
export type RecordKind = (typeof recordKinds)[number];

/** What a record kind synced between desks (sync/records.ts) means to the screens. */
export const kindsOfSynced: Readonly<Record<string, readonly RecordKind[]>> = {
  staff: ["staff"],
  patient: ["patients"],
  // The clinic's settings rows hold its name, fee and currency, its preferences and its test catalogue.
  setting: ["settings", "catalogue"],
};

export interface RecordChanges {
  notify(kinds: readonly RecordKind[]): void;
  onChanged(listener: (kinds: RecordKind[]) => void): () => void;
}

export function createRecordChanges(): RecordChanges {
  const listeners = new Set<(kinds: RecordKind[]) => void>();
  return {
    notify(kinds) {
      if (kinds.length === 0) return;
      const once = [...new Set(kinds)];
      for (const l of listeners) {
        try {
          l(once);
        } catch {
          // A failing subscriber (a closed window) must not undo or block a committed write.
        }
      }
    },
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
