import { and, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import { securityAudit, visitEvents, visits } from "./schema.js";

// What an audit export is narrowed to, in the terms the reads need: the time bounds already worked out (a half-open
// range, `to` excluded) and the rest as asked. The export's own options (audit/options.ts) are turned into this.

export interface AuditReadFilter {
  from?: string;
  to?: string;
  visitId?: string;
  patientId?: string;
  performedBy?: string;
  eventTypes?: readonly string[];
}

/** The filter on visit events; a patient is found through the visits read model (the join the reads add). */
export function visitEventConditions(f: AuditReadFilter): SQL[] {
  const where: SQL[] = [];
  if (f.from) where.push(gte(visitEvents.performedAt, f.from));
  if (f.to) where.push(lt(visitEvents.performedAt, f.to));
  if (f.visitId) where.push(eq(visitEvents.visitId, f.visitId));
  if (f.patientId) where.push(eq(visits.patientId, f.patientId));
  if (f.performedBy) where.push(eq(visitEvents.performedBy, f.performedBy));
  // Unary + keeps SQLite walking by position or server sequence (no sort a page) rather than by the (eventType,
  // time) index.
  if (f.eventTypes) where.push(inArray(sql`+${visitEvents.eventType}`, [...f.eventTypes]));
  return where;
}

/** The filter on the security log; a visit or a patient filter leaves no security entry (they have no visit). */
export function securityConditions(f: AuditReadFilter): SQL[] | null {
  if (f.visitId || f.patientId) return null;
  const where: SQL[] = [];
  if (f.from) where.push(gte(securityAudit.occurredAt, f.from));
  if (f.to) where.push(lt(securityAudit.occurredAt, f.to));
  if (f.performedBy) where.push(eq(securityAudit.staffId, f.performedBy));
  if (f.eventTypes) where.push(inArray(securityAudit.action, [...f.eventTypes]));
  return where;
}

export const allOf = (conditions: SQL[]): SQL | undefined =>
  conditions.length ? and(...conditions) : undefined;
