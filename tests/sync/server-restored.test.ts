import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openClinicDb } from "../../db/open.js";
import { rebuildReadModels } from "../../db/rebuild.js";
import { patientPerDesk, startClinic, type TestClinic } from "./support/clinic.js";
import { converged } from "./support/converge.js";
import { readDeskState } from "./support/desk-state.js";
import type { DeskProcess } from "./support/processes.js";
import { visitEvents } from "./support/visits.js";

// The central server's disk is lost and it is restored from last night's backup: it no longer holds what the desks
// pushed after that backup, and numbers new events from where the backup ended. Each desk notices before it pushes
// anything, forgets the sequences past the restored end, sends its own events again, and takes the other desks'
// events again with their new numbers. Nothing is lost, nothing is doubled, no event is refused, and every desk
// folds the same visits in the same order, including a payment conflict whose order the restored server decides.

let clinic: TestClinic;
let reception: DeskProcess;
let doctor: DeskProcess;
const patient: Record<string, string> = {};
let expected = 0;

const serverHead = () => clinic.eventHead();

async function addVisits(desk: DeskProcess, prefix: string, count: number) {
  for (let v = 0; v < count; v++)
    await desk.append(visitEvents(`${prefix}_${desk.name}_${v}`, patient[desk.name] as string));
  expected += count * 10;
}

const pay = (desk: DeskProcess) =>
  desk.append([{ visitId: "shared", eventType: "PAYMENT_RECEIVED", metadata: { billId: "b", amount: 80 } }]);

/** A desk's file as the test reads it beside the running desk (WAL allows a reader). */
function readDesk(name: string) {
  const db = new Database(join(clinic.dir, `${name}.sqlite`), { readonly: true, fileMustExist: true });
  try {
    return {
      restores: db
        .prepare("SELECT detail FROM security_audit WHERE action = 'sync_server_restored'")
        .pluck()
        .all() as string[],
      rejected: db.prepare("SELECT COUNT(*) FROM sync_rejections").pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  clinic = await startClinic();
  [reception, doctor] = await Promise.all([clinic.desk("reception"), clinic.desk("doctor")]);
  Object.assign(patient, await patientPerDesk([reception, doctor]));
});
afterAll(async () => {
  await clinic?.close();
});

describe("the central server restored from an older backup", () => {
  it("gets every desk's later events again, numbered once, and the desks agree on every visit", async () => {
    await addVisits(reception, "before", 2);
    await addVisits(doctor, "before", 2);
    await reception.append([
      { visitId: "shared", eventType: "VISIT_REGISTERED", metadata: { patientId: patient.reception } },
      { visitId: "shared", eventType: "CONSULTATION_BILLED", metadata: { billId: "b", amount: 80 } },
    ]);
    expected += 2;
    await converged([reception, doctor], expected);

    // Last night's backup, taken while the server runs.
    const backup = join(clinic.dir, "server-backup.sqlite");
    const live = new Database(clinic.serverDb, { readonly: true });
    await live.backup(backup);
    live.close();
    const atBackup = serverHead();
    expect(atBackup).toBe(expected);

    // A day's work after it, both desks taking the full payment of one bill (the later one is a conflict).
    await addVisits(reception, "after", 2);
    await addVisits(doctor, "after", 2);
    await pay(doctor);
    await pay(reception);
    expected += 2;
    await converged([reception, doctor], expected);
    expect(serverHead()).toBe(expected);

    // The server's disk is lost; it comes back from the backup. Meanwhile reception records a visit whose first
    // event links to events the restored server no longer has.
    await clinic.server.stop();
    for (const f of [clinic.serverDb, `${clinic.serverDb}-wal`, `${clinic.serverDb}-shm`])
      rmSync(f, { force: true });
    copyFileSync(backup, clinic.serverDb);
    expect(serverHead()).toBe(atBackup);
    await addVisits(reception, "restored", 1);
    await clinic.restartServer();

    const state = await converged([reception, doctor], expected);
    expect(serverHead()).toBe(expected);
    const visits = state.tables.visits ?? [];
    expect(visits.filter((v) => v.status === "completed")).toHaveLength(9);
    // One of the two payments is in force and the other is the conflict, the same on both desks (converged).
    expect(state.tables.visit_conflicts?.filter((c) => c.visitId === "shared")).toHaveLength(1);
    expect(visits.find((v) => v.id === "shared")).toMatchObject({ paidCents: 8000, conflictCount: 1 });

    // Each desk wrote down once what it found and did. The first to find the restored server finds its log ending
    // at the backup; a later one may find that the restored server gave a few events their old numbers again.
    const afterBackup = 42;
    for (const name of ["reception", "doctor"]) {
      const desk = readDesk(name);
      expect(desk.rejected).toBe(0);
      expect(desk.restores).toHaveLength(1);
      const found = JSON.parse(desk.restores[0] as string);
      expect(found.heldUpTo).toBe(atBackup + afterBackup);
      expect(found.agreedUpTo).toBeGreaterThanOrEqual(atBackup);
      expect(found.agreedUpTo).toBeLessThan(atBackup + afterBackup);
      expect(found.ownToSendAgain + found.othersToWaitFor).toBe(atBackup + afterBackup - found.agreedUpTo);
    }
    // What each desk's tables show is what a rebuild from its events gives.
    for (const name of ["reception", "doctor"]) {
      const copy = join(clinic.dir, `${name}-copy.sqlite`);
      const desk = new Database(join(clinic.dir, `${name}.sqlite`), { readonly: true });
      await desk.backup(copy);
      desk.close();
      const rebuilt = openClinicDb(copy, { create: false });
      try {
        rebuildReadModels(rebuilt);
        expect(readDeskState(rebuilt).tables).toEqual(state.tables);
      } finally {
        rebuilt.close();
      }
    }
  });
});
