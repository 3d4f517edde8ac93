import type Database from "better-sqlite3";
import type { FoldResult } from "../domain/fold.js";
import { hasOwn, own } from "../domain/own.js";
import { visitPhase } from "../domain/visit-phase.js";
import {
  type Bill,
  billBalanceCents,
  billDueCents,
  type FollowUp,
  type HeldConflict,
  type TestOrder,
  type VisitState,
} from "../domain/visit-state.js";

// Writes one visit's read-model rows from its folded state. The rows are built by the same functions for the
// append's transaction and for `hms rebuild`, which is why a rebuild gives exactly the tables the inline updates
// gave. Given the fold the tables hold now, the append's projector writes only the bills, tests and follow-ups that
// changed: a fold step replaces an entry only when it changes it, so an entry still the same object is still the
// same row (a long visit has hundreds of them). The rebuild writes into emptied tables, with nothing to compare.

export interface ParkedEvent {
  id: string;
  eventType: string;
  reason: string;
  schemaVersion: number;
  performedAt: string;
  deviceId: string;
}

export interface VisitProjector {
  project(
    visitId: string,
    fold: FoldResult,
    parked: readonly ParkedEvent[],
    eventCount: number,
    before?: FoldResult & { parked: readonly ParkedEvent[] },
  ): void;
}

const visitColumns = [
  "id",
  "patientId",
  "doctorId",
  "department",
  "status",
  "phase",
  "tokenNumber",
  "registeredAt",
  "queueJoinedAt",
  "calledAt",
  "skippedCount",
  "enteredRoomAt",
  "exitedRoomAt",
  "consultationCompletedAt",
  "closedAt",
  "closeReason",
  "rescheduledTo",
  "lastEventAt",
  "eventCount",
  "dueCents",
  "paidCents",
  "balanceCents",
  "conflictCount",
] as const;
/**
 * The columns of `visits` that its indexes hold (migration 0000: visits_status, _doctor, _patient, _registered), each
 * written straight from the state's field of the same name.
 */
const indexedVisitFields = ["patientId", "doctorId", "status", "registeredAt", "queueJoinedAt"] as const;
const billColumns = [
  "visitId",
  "billId",
  "kind",
  "amountCents",
  "discountCents",
  "paidCents",
  "refundedCents",
  "balanceCents",
  "status",
  "items",
  "billedAt",
  "billedBy",
] as const;
const testColumns = [
  "visitId",
  "testOrderId",
  "name",
  "priority",
  "status",
  "orderedAt",
  "orderedBy",
  "collectedAt",
  "rejectedCount",
  "lastRejectionReason",
  "startedAt",
  "completedAt",
  "reviewedAt",
  "reviewedBy",
  "approvedAt",
  "approvedBy",
  "reportedAt",
  "reportUrl",
  "reportSha256",
  "deliveredAt",
  "amendedCount",
  "results",
] as const;
const followUpColumns = [
  "visitId",
  "followUpId",
  "patientId",
  "dueDate",
  "reason",
  "remindersSent",
  "lastReminderAt",
] as const;
const conflictColumns = ["eventId", "visitId", "eventType", "kind", "code", "message"] as const;

// Each row is built once, as its values in column order, by the functions below; the append's projector and the
// rebuild's bulk writer bind the same arrays (by position: naming a parameter costs a lookup each, on every row).

type Values = unknown[];

function visitValues(
  visitId: string,
  s: VisitState,
  parked: readonly ParkedEvent[],
  eventCount: number,
): Values {
  let due = 0;
  let paid = 0;
  for (const b of Object.values(s.bills)) {
    due += billDueCents(b);
    paid += b.paidCents - b.refundedCents;
  }
  return [
    visitId,
    s.patientId,
    s.doctorId,
    s.department,
    s.status,
    visitPhase(s),
    s.tokenNumber,
    s.registeredAt,
    s.queueJoinedAt,
    s.calledAt,
    s.skippedCount,
    s.enteredRoomAt,
    s.exitedRoomAt,
    s.consultationCompletedAt,
    s.closedAt,
    s.closeReason,
    s.rescheduledTo,
    s.lastEventAt,
    eventCount,
    due,
    paid,
    due - paid,
    s.unresolved.length + parked.length,
  ];
}

function billValues(visitId: string, b: Bill): Values {
  const balance = billBalanceCents(b);
  return [
    visitId,
    b.billId,
    b.kind,
    b.amountCents,
    b.discountCents,
    b.paidCents,
    b.refundedCents,
    balance,
    balance <= 0 ? "paid" : b.paidCents - b.refundedCents > 0 ? "partial" : "unpaid",
    JSON.stringify(b.items),
    b.billedAt,
    b.billedBy,
  ];
}

const testValues = (visitId: string, t: TestOrder): Values => [
  visitId,
  t.testOrderId,
  t.name,
  t.priority,
  t.status,
  t.orderedAt,
  t.orderedBy,
  t.collectedAt,
  t.rejectedCount,
  t.lastRejectionReason,
  t.startedAt,
  t.completedAt,
  t.reviewedAt,
  t.reviewedBy,
  t.approvedAt,
  t.approvedBy,
  t.reportedAt,
  t.reportUrl,
  t.reportSha256,
  t.deliveredAt,
  t.amendedCount,
  t.results === null ? null : JSON.stringify(t.results),
];

const followUpValues = (visitId: string, patientId: string | null, f: FollowUp): Values => [
  visitId,
  f.followUpId,
  patientId,
  f.dueDate,
  f.reason,
  f.remindersSent,
  f.lastReminderAt,
];

/**
 * The visit_conflicts rows of a visit: the held conflicts, those resolved by keeping the entry in force (the other
 * desk's entry stays out of every figure, for good), and the parked events. They come from the state, not the fold's
 * list: an append that resolves a conflict changes the state it was folded to.
 */
const conflictValues = (visitId: string, s: VisitState, parked: readonly ParkedEvent[]): Values[] => [
  ...s.unresolved.map((c) => [
    c.event.id,
    visitId,
    c.event.eventType,
    "conflict",
    c.refusal.code,
    c.refusal.message,
  ]),
  ...s.setAside.map((c) => [
    c.event.id,
    visitId,
    c.event.eventType,
    "set_aside",
    c.refusal.code,
    c.refusal.message,
  ]),
  ...parked.map((p) => [p.id, visitId, p.eventType, "parked", "PARKED", p.reason]),
];

const insertSql = (verb: string, table: string, columns: readonly string[]) =>
  `${verb} INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`;

export function createVisitProjector(sqlite: Database.Database): VisitProjector {
  const del = ["bills", "test_orders", "follow_ups"].map((t) =>
    sqlite.prepare(`DELETE FROM ${t} WHERE visitId = ?`),
  );
  const delConflicts = sqlite.prepare("DELETE FROM visit_conflicts WHERE visitId = ?");
  const delOne = {
    bills: sqlite.prepare("DELETE FROM bills WHERE visitId = ? AND billId = ?"),
    tests: sqlite.prepare("DELETE FROM test_orders WHERE visitId = ? AND testOrderId = ?"),
    followUps: sqlite.prepare("DELETE FROM follow_ups WHERE visitId = ? AND followUpId = ?"),
  };
  // An upsert, not INSERT OR REPLACE: a replace deletes the row and inserts it again, rewriting the entry in every
  // index of the table, where an update touches only the rows' pages (measured: the append's projection share fell).
  const upsertVisit = sqlite.prepare(
    `${insertSql("INSERT", "visits", visitColumns)} ON CONFLICT(id) DO UPDATE SET ${visitColumns
      .slice(1)
      .map((c) => `${c} = excluded.${c}`)
      .join(", ")}`,
  );
  // When the tables hold the visit's previous state, an UPDATE that leaves out the indexed columns whose values did
  // not change spares their index pages: SQLite rewrites an index entry for every indexed column named in SET, even
  // to the same value, and each page is a frame of the commit's WAL write (measured: 5 frames against 1 for a row
  // of four indexes). One statement per set of changed indexed columns, prepared on first use.
  const visitUpdates = new Map<number, { stmt: Database.Statement; positions: number[] }>();
  const updateVisit = (values: Values, s: VisitState, was: VisitState) => {
    let changed = 0;
    indexedVisitFields.forEach((f, bit) => {
      if (s[f] !== was[f]) changed |= 1 << bit;
    });
    let update = visitUpdates.get(changed);
    if (!update) {
      const positions = visitColumns
        .map((_, p) => p)
        .filter((p) => {
          const bit = (indexedVisitFields as readonly string[]).indexOf(visitColumns[p] as string);
          return p > 0 && (bit < 0 || changed & (1 << bit));
        });
      const set = positions.map((p) => `${visitColumns[p]} = ?`).join(", ");
      update = { stmt: sqlite.prepare(`UPDATE visits SET ${set} WHERE id = ?`), positions };
      visitUpdates.set(changed, update);
    }
    return update.stmt.run([...update.positions.map((p) => values[p]), values[0]]).changes;
  };
  const deleteVisit = sqlite.prepare("DELETE FROM visits WHERE id = ?");
  const insertBill = sqlite.prepare(insertSql("INSERT OR REPLACE", "bills", billColumns));
  const insertTest = sqlite.prepare(insertSql("INSERT OR REPLACE", "test_orders", testColumns));
  const insertFollowUp = sqlite.prepare(insertSql("INSERT OR REPLACE", "follow_ups", followUpColumns));
  const insertConflict = sqlite.prepare(insertSql("INSERT OR REPLACE", "visit_conflicts", conflictColumns));

  return {
    project(visitId, { state: s }, parked, eventCount, before) {
      // What the tables hold for this visit, when the caller knows it (a visit with no events yet holds nothing).
      const held = before?.state ?? null;
      const old = held?.registered ? held : null;
      const leftOut = (x: { unresolved: readonly HeldConflict[]; setAside: readonly HeldConflict[] }) => [
        ...x.unresolved.map((c) => c.event.id),
        ...x.setAside.map((c) => `set_aside:${c.event.id}`),
      ];
      const sameLeftOut =
        before !== undefined &&
        sameIds(leftOut(before.state), leftOut(s)) &&
        sameIds(
          before.parked.map((p) => p.id),
          parked.map((p) => p.id),
        );
      if (held && (s.registered || !held.registered)) {
        // Only entries that are gone are deleted: an unregistered state holds none, so a new visit deletes nothing.
        for (const [map, oldMap, stmt] of [
          [s.bills, held.bills, delOne.bills],
          [s.tests, held.tests, delOne.tests],
          [s.followUps, held.followUps, delOne.followUps],
        ] as const)
          for (const id of Object.keys(oldMap)) if (!hasOwn(map, id)) stmt.run(visitId, id);
      } else for (const d of del) d.run(visitId);
      const changed = <T>(id: string, now: T, oldMap: Readonly<Record<string, T>> | undefined) =>
        !oldMap || own(oldMap, id) !== now;
      if (!sameLeftOut) {
        delConflicts.run(visitId);
        for (const row of conflictValues(visitId, s, parked)) insertConflict.run(row);
      }
      if (!s.registered) {
        // Events for a visit whose registration has not arrived (yet): nothing to show but the conflicts.
        deleteVisit.run(visitId);
        return;
      }
      const values = visitValues(visitId, s, parked, eventCount);
      const updated = old ? updateVisit(values, s, old) : 0;
      if (updated === 0) upsertVisit.run(values);
      for (const b of Object.values(s.bills))
        if (changed(b.billId, b, old?.bills)) insertBill.run(billValues(visitId, b));
      for (const t of Object.values(s.tests))
        if (changed(t.testOrderId, t, old?.tests)) insertTest.run(testValues(visitId, t));
      for (const f of Object.values(s.followUps))
        if (changed(f.followUpId, f, old?.followUps))
          insertFollowUp.run(followUpValues(visitId, s.patientId, f));
    },
  };
}

/**
 * The rebuild's writer: it empties the read-model tables, then takes each visit's fold once and writes the same rows
 * as the append's projector would, with nothing to delete or compare first. One row per statement step: multi-row
 * INSERTs of 64 rows, prepared once, took twice as long for the same rows (measured on the seeded clinic's
 * visits and test orders: SQLite's work per row grew, and so did binding the long value lists).
 */
export function createBulkProjector(sqlite: Database.Database) {
  for (const t of ["visits", "bills", "test_orders", "follow_ups", "visit_conflicts"])
    sqlite.exec(`DELETE FROM ${t}`);
  const insertVisit = sqlite.prepare(insertSql("INSERT", "visits", visitColumns));
  const insertBill = sqlite.prepare(insertSql("INSERT OR REPLACE", "bills", billColumns));
  const insertTest = sqlite.prepare(insertSql("INSERT OR REPLACE", "test_orders", testColumns));
  const insertFollowUp = sqlite.prepare(insertSql("INSERT OR REPLACE", "follow_ups", followUpColumns));
  const insertConflict = sqlite.prepare(insertSql("INSERT OR REPLACE", "visit_conflicts", conflictColumns));
  return {
    project(visitId: string, { state: s }: FoldResult, parked: readonly ParkedEvent[], eventCount: number) {
      if (s.unresolved.length > 0 || s.setAside.length > 0 || parked.length > 0)
        for (const row of conflictValues(visitId, s, parked)) insertConflict.run(row);
      if (!s.registered) return;
      insertVisit.run(visitValues(visitId, s, parked, eventCount));
      for (const b of Object.values(s.bills)) insertBill.run(billValues(visitId, b));
      for (const t of Object.values(s.tests)) insertTest.run(testValues(visitId, t));
      for (const f of Object.values(s.followUps)) insertFollowUp.run(followUpValues(visitId, s.patientId, f));
    },
  };
}

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);
