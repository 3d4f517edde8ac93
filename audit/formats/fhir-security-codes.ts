import type { SecurityAction } from "../../api/auth/audit.js";
import type { AuditAction } from "../security-log.js";

// How each security-log action reads in FHIR R4: AuditEvent.type from DICOM's Audit Event ID list (CID 400, the value
// set R4 binds `type` to), an optional DICOM Audit Event Type Code (CID 401) as a second subtype, and the FHIR
// action (C create, R read, U update, E execute). The table is typed over every action the app writes, so a new
// action cannot ship without its mapping; an action this build does not know (a newer desk's) reads as 110100.

export type Dicom = readonly [code: string, display: string];
export interface SecurityCodes {
  type: Dicom;
  subtype: Dicom | null;
  action: "C" | "R" | "U" | "E";
}

const applicationActivity: Dicom = ["110100", "Application Activity"];
const auditLogUsed: Dicom = ["110101", "Audit Log Used"];
const securityAlert: Dicom = ["110113", "Security Alert"];
const userAuthentication: Dicom = ["110114", "User Authentication"];
const login: Dicom = ["110122", "Login"];
const logout: Dicom = ["110123", "Logout"];
const securityConfiguration: Dicom = ["110129", "Security Configuration"];
const softwareConfiguration: Dicom = ["110131", "Software Configuration"];
const restrictedFunction: Dicom = ["110132", "Use of Restricted Function"];
const rolesChanged: Dicom = ["110136", "Security Roles Changed"];
const userAttributesChanged: Dicom = ["110137", "User Security Attributes Changed"];

const authentication = (subtype: Dicom): SecurityCodes => ({
  type: userAuthentication,
  subtype,
  action: "E",
});
const alert = (subtype: Dicom, action: SecurityCodes["action"]): SecurityCodes => ({
  type: securityAlert,
  subtype,
  action,
});

export const securityCodes: Readonly<Record<SecurityAction | AuditAction, SecurityCodes>> = {
  setup: alert(userAttributesChanged, "C"),
  sign_in: authentication(login),
  sign_in_failed: authentication(login),
  sign_out: authentication(logout),
  lock: authentication(logout),
  unlock: authentication(login),
  unlock_failed: authentication(login),
  staff_added: alert(userAttributesChanged, "C"),
  role_changed: alert(rolesChanged, "U"),
  staff_deactivated: alert(userAttributesChanged, "U"),
  staff_reactivated: alert(userAttributesChanged, "U"),
  password_changed: alert(userAttributesChanged, "U"),
  password_change_failed: alert(userAttributesChanged, "U"),
  password_reset: alert(userAttributesChanged, "U"),
  settings_changed: alert(softwareConfiguration, "U"),
  forbidden_call: alert(restrictedFunction, "E"),
  record_change_refused: alert(restrictedFunction, "U"),
  // The central server's log went back to an older backup: the desk forgot the sequences it had lost.
  sync_server_restored: { type: securityAlert, subtype: null, action: "U" },
  device_key_created: alert(securityConfiguration, "C"),
  audit_exported: { type: auditLogUsed, subtype: null, action: "R" },
  audit_export_refused: { type: auditLogUsed, subtype: null, action: "R" },
};

const unknownAction: SecurityCodes = { type: applicationActivity, subtype: null, action: "E" };

export const codesFor = (action: string): SecurityCodes =>
  Object.hasOwn(securityCodes, action) ? securityCodes[action as keyof typeof securityCodes] : unknownAction;

/** FHIR AuditEvent.outcome: 0 success, 4 minor failure (refused, nothing changed), 8 serious failure. */
export const fhirOutcome = (outcome: string): "0" | "4" | "8" =>
  outcome === "ok" ? "0" : outcome === "refused" ? "4" : "8";
