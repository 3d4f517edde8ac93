import type { RecordKind } from "../db/record-changes.js";
import type { ChannelName } from "./contract.js";

export { type RecordKind, recordKinds } from "../db/record-changes.js";

// The push every open window receives after something changed, on either transport (server-sent events in the
// browser host, IPC in the desktop app): the visits whose events were appended, and the record kinds that changed.
// Screens refresh only the queries that depend on one of them.

export interface ClinicChanged {
  /** Local positions of the new events (the order they were stored in); empty for a record change. */
  positions: number[];
  /** The visits the new events belong to, each once. */
  visitIds: string[];
  /** The record kinds written, each once. */
  records: RecordKind[];
}

/** The record kinds a successful command writes. Commands not listed write events only (or nothing shown). */
export const recordsChangedBy: Partial<Record<ChannelName, readonly RecordKind[]>> = {
  setupClinic: ["staff", "settings"],
  addStaff: ["staff"],
  changeRole: ["staff"],
  setStaffActive: ["staff"],
  resetPassword: ["staff"],
  updateSettings: ["settings"],
  updateClinicPreferences: ["settings"],
  saveCatalogueTest: ["catalogue"],
  registerPatient: ["patients"],
};

/** The push for events appended: no record kinds. */
export const eventsChanged = (rows: readonly { position: number; visitId: string }[]): ClinicChanged => ({
  positions: rows.map((r) => r.position),
  visitIds: [...new Set(rows.map((r) => r.visitId))],
  records: [],
});

/** The push for records written: no events. */
export const recordsChanged = (records: readonly RecordKind[]): ClinicChanged => ({
  positions: [],
  visitIds: [],
  records: [...records],
});
