import type Database from "better-sqlite3";
import type { FoldResult } from "../domain/fold.js";
import { hasOwn, own } from "../domain/own.js";
import { visitPhase } from "../domain/visit-phase.js";
import { billBalanceCents, billDueCents, type HeldConflict } from "../domain/visit-state.js";

// Writes one visit's read-model rows from its folded state. The same function serves the append's transaction and
// `hms rebuild`, which is why a rebuild gives exactly the tables the inline updates gave. Given the fold the tables
// hold now, it writes only the bills, tests and follow-ups that changed: a fold step replaces an entry only when it
// changes it, so an entry still the same object is still the same row (a long visit has hundreds of them).

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
  clearAll(): void;
}

export interface ProjectorOptions {
  /**
   * The tables were just emptied (a rebuild) and each visit is projected once: there is nothing of the visit to
   * delete first, which spares four statements a visit.
   */
  afterClear?: boolean;
}

export function createVisitProjector(
  sqlite: Database.Database,
  options: ProjectorOptions = {},
): VisitProjector {
  const afterClear = options.afterClear ?? false;
  const del = ["bills", "test_orders", "follow_ups", "visit_conflicts"].map((t) =>
    sqlite.prepare(`DELETE FROM ${t} WHERE visitId = ?`),
  );
  const delConflicts = del[3] as Database.Statement;
  const delOne = {
    bills: sqlite.prepare("DELETE FROM bills WHERE visitId = ? AND billId = ?"),
    tests: sqlite.prepare("DELETE FROM test_orders WHERE visitId = ? AND testOrderId = ?"),
    followUps: sqlite.prepare("DELETE FROM follow_ups WHERE visitId = ? AND followUpId = ?"),
  };
  // An upsert, not INSERT OR REPLACE: a replace deletes the row and inserts it again, rewriting the entry in every
  // index of the table, where an update touches only the rows' pages (measured: the append's projection share fell).
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
  const upsertVisit = sqlite.prepare(
    `INSERT INTO visits (${visitColumns.join(", ")}) VALUES (${visitColumns.map(() => "?").join(", ")})
     ON CONFLICT(id) DO UPDATE SET ${visitColumns
       .slice(1)
       .map((c) => `${c} = excluded.${c}`)
       .join(", ")}`,
  );
  const deleteVisit = sqlite.prepare("DELETE FROM visits WHERE id = ?");
  const insertBill =
    sqlite.prepare(`INSERT OR REPLACE INTO bills (visitId, billId, kind, amountCents, discountCents, paidCents,
    refundedCents, balanceCents, status, items, billedAt, billedBy) VALUES (@visitId, @billId, @kind, @amountCents,
    @discountCents, @paidCents, @refundedCents, @balanceCents, @status, @items, @billedAt, @billedBy)`);
  const insertTest =
    sqlite.prepare(`INSERT OR REPLACE INTO test_orders (visitId, testOrderId, name, priority, status,
    orderedAt, orderedBy, collectedAt, rejectedCount, lastRejectionReason, startedAt, completedAt, reviewedAt,
    reviewedBy, approvedAt, approvedBy, reportedAt, reportUrl, reportSha256, deliveredAt, amendedCount, results)
    VALUES (@visitId, @testOrderId, @name, @priority, @status, @orderedAt, @orderedBy, @collectedAt, @rejectedCount,
    @lastRejectionReason, @startedAt, @completedAt, @reviewedAt, @reviewedBy, @approvedAt, @approvedBy, @reportedAt,
    @reportUrl, @reportSha256, @deliveredAt, @amendedCount, @results)`);
  const insertFollowUp =
    sqlite.prepare(`INSERT OR REPLACE INTO follow_ups (visitId, followUpId, patientId, dueDate, reason,
    remindersSent, lastReminderAt) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const insertConflict =
    sqlite.prepare(`INSERT OR REPLACE INTO visit_conflicts (eventId, visitId, eventType, kind,
    code, message) VALUES (?, ?, ?, ?, ?, ?)`);

  return {
    project(visitId, { state: s }, parked, eventCount, before) {
      // What the tables hold for this visit, when the caller knows it (a visit with no events yet holds nothing).
      const held = before?.state ?? null;
      const old = held?.registered ? held : null;
      // The entries left out (held conflicts, set-aside ones, parked events) come from the state, not the fold's
      // list: an append that resolves a conflict changes the state it was folded to.
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
      } else if (!afterClear) for (const d of del.slice(0, 3)) d.run(visitId);
      const changed = <T>(id: string, now: T, oldMap: Readonly<Record<string, T>> | undefined) =>
        !oldMap || own(oldMap, id) !== now;
      if (!sameLeftOut) {
        if (!afterClear) delConflicts.run(visitId);
        for (const c of s.unresolved)
          insertConflict.run(
            c.event.id,
            visitId,
            c.event.eventType,
            "conflict",
            c.refusal.code,
            c.refusal.message,
          );
        // Resolved by keeping the entry in force: the other desk's entry stays out of every figure, for good.
        for (const c of s.setAside)
          insertConflict.run(
            c.event.id,
            visitId,
            c.event.eventType,
            "set_aside",
            c.refusal.code,
            c.refusal.message,
          );
        for (const p of parked) insertConflict.run(p.id, visitId, p.eventType, "parked", "PARKED", p.reason);
      }
      if (!s.registered) {
        // Events for a visit whose registration has not arrived (yet): nothing to show but the conflicts.
        if (!afterClear) deleteVisit.run(visitId);
        return;
      }
      const bills = Object.values(s.bills);
      const due = bills.reduce((sum, b) => sum + billDueCents(b), 0);
      const paid = bills.reduce((sum, b) => sum + b.paidCents - b.refundedCents, 0);
      const row: Record<(typeof visitColumns)[number], unknown> = {
        id: visitId,
        patientId: s.patientId,
        doctorId: s.doctorId,
        department: s.department,
        status: s.status,
        phase: visitPhase(s),
        tokenNumber: s.tokenNumber,
        registeredAt: s.registeredAt,
        queueJoinedAt: s.queueJoinedAt,
        calledAt: s.calledAt,
        skippedCount: s.skippedCount,
        enteredRoomAt: s.enteredRoomAt,
        exitedRoomAt: s.exitedRoomAt,
        consultationCompletedAt: s.consultationCompletedAt,
        closedAt: s.closedAt,
        closeReason: s.closeReason,
        rescheduledTo: s.rescheduledTo,
        lastEventAt: s.lastEventAt,
        eventCount,
        dueCents: due,
        paidCents: paid,
        balanceCents: due - paid,
        conflictCount: s.unresolved.length + parked.length,
      };
      // Bound by position: naming 23 parameters costs a lookup each, on every append.
      upsertVisit.run(visitColumns.map((c) => row[c]));
      for (const b of bills) {
        if (!changed(b.billId, b, old?.bills)) continue;
        const balance = billBalanceCents(b);
        insertBill.run({
          visitId,
          billId: b.billId,
          kind: b.kind,
          amountCents: b.amountCents,
          discountCents: b.discountCents,
          paidCents: b.paidCents,
          refundedCents: b.refundedCents,
          balanceCents: balance,
          status: balance <= 0 ? "paid" : b.paidCents - b.refundedCents > 0 ? "partial" : "unpaid",
          items: JSON.stringify(b.items),
          billedAt: b.billedAt,
          billedBy: b.billedBy,
        });
      }
      for (const t of Object.values(s.tests))
        if (changed(t.testOrderId, t, old?.tests))
          insertTest.run({ ...t, visitId, results: t.results === null ? null : JSON.stringify(t.results) });
      for (const f of Object.values(s.followUps))
        if (changed(f.followUpId, f, old?.followUps))
          insertFollowUp.run(
            visitId,
            f.followUpId,
            s.patientId,
            f.dueDate,
            f.reason,
            f.remindersSent,
            f.lastReminderAt,
          );
    },
    clearAll() {
      for (const t of ["visits", "bills", "test_orders", "follow_ups", "visit_conflicts"])
        sqlite.exec(`DELETE FROM ${t}`);
    },
  };
}

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);
