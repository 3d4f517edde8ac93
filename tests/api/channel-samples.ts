// Valid inputs for channels the main walk-through in channels-http.test.ts does not call. A channel added to the
// contract must answer valid input in that test: when it is not part of the walk, add a sample here (a function of
// the ids the walk made). Queries whose input has no required field are called with {} without a sample.

export interface SampleIds {
  patientId: string;
  visitId: string;
  staff: Record<"admin" | "reception" | "doctor" | "lab", string>;
}

export const extraSamples: Record<string, (ids: SampleIds) => unknown> = {
  saveCatalogueTest: () => ({ code: "HBA1C", name: "HbA1c", price: 20, specimen: "Blood (EDTA)" }),
  updateClinicPreferences: () => ({ secondPersonApproval: false, locale: "en-GB" }),
  unbilledTests: (ids) => ({ visitId: ids.visitId }),
  syncNow: () => ({}),
  setMyLanguage: () => ({ language: "sw" }),
  labReportFile: (ids) => ({ visitId: ids.visitId }),
  visitDocuments: (ids) => ({ visitId: ids.visitId }),
  visitReceipt: (ids) => ({ visitId: ids.visitId }),
  parkedEvents: (ids) => ({ visitId: ids.visitId }),
  exportAuditLog: () => ({ format: "ndjson", includeSecurity: true }),
};

/** Inputs that parse, for the role table, for channels that end or change a session (exercised last). */
export const parseOnlySamples: Record<string, (ids: SampleIds) => unknown> = {
  changeRole: (ids) => ({ staffId: ids.staff.lab, role: "lab" }),
  setStaffActive: (ids) => ({ staffId: ids.staff.lab, active: true }),
  resetPassword: (ids) => ({ staffId: ids.staff.lab, newPassword: "Cobalt-Heron-73" }),
  changePassword: () => ({ currentPassword: "whatever-it-was", newPassword: "Cobalt-Heron-73" }),
  lock: () => ({}),
  unlock: () => ({ password: "whatever-it-is" }),
  signOut: () => ({}),
};
