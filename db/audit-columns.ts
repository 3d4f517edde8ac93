import { securityAudit, visitEvents } from "./schema.js";

// The hashed fields of a visit event and of a security entry, then the hash, in their canonical order: the audit
// export's pages and verify --db's chain walk both select them after their cursor column. Rows are read as arrays,
// so the order here is the order of each row's items.

export const visitEventChainColumns = {
  id: visitEvents.id,
  visitId: visitEvents.visitId,
  eventType: visitEvents.eventType,
  description: visitEvents.description,
  metadata: visitEvents.metadata,
  performedBy: visitEvents.performedBy,
  performedAt: visitEvents.performedAt,
  deviceId: visitEvents.deviceId,
  schemaVersion: visitEvents.schemaVersion,
  recordedAt: visitEvents.recordedAt,
  prevHash: visitEvents.prevHash,
  hash: visitEvents.hash,
};

export const securityChainColumns = {
  id: securityAudit.id,
  action: securityAudit.action,
  outcome: securityAudit.outcome,
  staffId: securityAudit.staffId,
  username: securityAudit.username,
  detail: securityAudit.detail,
  deviceId: securityAudit.deviceId,
  occurredAt: securityAudit.occurredAt,
  prevHash: securityAudit.prevHash,
  hash: securityAudit.hash,
};
