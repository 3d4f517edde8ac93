import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyDatabase } from "../../audit/verify-db.js";
import { readSetting } from "../../db/clinic-settings.js";
import { registerPatient } from "../../db/patients.js";
import { eventHash } from "../../domain/event-hash.js";
import { signChange } from "../../sync/authority.js";
import { toWireEvent } from "../../sync/desk-store.js";
import { readDeskState } from "./support/desk-state.js";
import { inProcessClinic } from "./support/in-process-clinic.js";
import { foundClinic, signedSetting } from "./support/people.js";

// Honest desks work and sync while someone with a third desk's real token pushes forgeries in between: events that
// break chains or belong to another desk, unsigned or wrongly signed staff and setting changes, far-future clocks.
// Whatever the interleaving, once delivery completes the honest desks hold the same events, records and settings,
// every one of them verifies, and no forgery is anywhere.

const attackerKey = generateKeyPairSync("ed25519");
const attackerPublic = attackerKey.publicKey.export({ type: "spki", format: "der" }).toString("base64");

const honest = fc.oneof(
  fc.record({ t: fc.constant("append" as const), desk: fc.nat(1), kind: fc.nat(2) }),
  fc.record({ t: fc.constant("edit" as const), desk: fc.nat(1), phone: fc.stringMatching(/^0[0-9]{9}$/) }),
  fc.record({ t: fc.constant("setting" as const), value: fc.constantFrom("GHS", "KES", "NGN") }),
  fc.record({ t: fc.constant("sync" as const), desk: fc.nat(1) }),
);
const forged = fc.record({
  t: fc.constant("forge" as const),
  what: fc.constantFrom(
    "gap",
    "genesis",
    "others",
    "unsigned-admin",
    "self-admin",
    "bad-sig-setting",
    "clock",
  ),
});

describe("honest desks converge and verify whatever a stolen token pushes (property)", () => {
  it("converges on identical, verifiable desks with no forgery on any of them", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(honest, honest, forged), { minLength: 4, maxLength: 25 }),
        async (cmds) => {
          const clinic = await inProcessClinic();
          try {
            const desks = [await clinic.desk("a"), await clinic.desk("b")];
            const stolen = await clinic.desk("stolen");
            const [a] = desks as [(typeof desks)[0]];
            const admin = await foundClinic(a.db, {
              name: "Ama Admin",
              username: "ama",
              password: "correct horse battery staple",
              clinicName: "Hillside",
            });
            const p = registerPatient(a.db, { name: "Kojo Asante", sex: "male" });
            if (!p.ok) throw new Error(p.error.message);
            for (const d of [...desks, ...desks]) await d.job.runNow();
            const visits = ["v0", "v1"];
            for (const c of cmds) {
              n += 1;
              if (c.t === "append") {
                const d = desks[c.desk] as (typeof desks)[0];
                const visitId = visits[c.desk] as string;
                const held = d.db.events.readVisit(visitId).length;
                d.db.events.append([
                  held === 0
                    ? { visitId, eventType: "VISIT_REGISTERED", metadata: { patientId: p.value.id } }
                    : { visitId, eventType: "QUEUE_JOINED" },
                ]);
              } else if (c.t === "edit") {
                const d = desks[c.desk] as (typeof desks)[0];
                d.db.sqlite
                  .prepare("UPDATE patients SET phone = ?, updatedAt = ? WHERE id = ?")
                  .run(c.phone, new Date().toISOString(), p.value.id);
              } else if (c.t === "setting") signedSetting(a.db, admin, "currency", c.value);
              else if (c.t === "sync") await (desks[c.desk] as (typeof desks)[0]).job.runNow();
              else {
                const any = a.db.events.readVisit("v0")[0] ?? a.db.events.readVisit("v1")[0];
                const base = any
                  ? { ...toWireEvent(any), deviceId: stolen.db.deviceId, id: `01F${n}`, visitId: "v-evil" }
                  : null;
                const event = (prevHash: string | null) => {
                  if (!base) return null;
                  const e = { ...base, prevHash };
                  return { ...e, hash: eventHash(e) };
                };
                const change = (kind: string, id: string, fields: Record<string, unknown>) => ({
                  kind,
                  id,
                  changeId: `chg_forged_${n}`,
                  fields,
                  madeAt: "9999-12-31T23:59:59.999Z",
                });
                const body = {
                  gap: { events: [event("ee".repeat(32))].filter(Boolean) },
                  genesis: { events: [event(null), { ...event(null), id: `01G${n}` }].filter((e) => e?.id) },
                  others: { events: any ? [toWireEvent(any)] : [] },
                  "unsigned-admin": {
                    records: [
                      {
                        ...change("staff", `staff_evil${n}`, { name: "Eve", role: "admin", active: 1 }),
                        proof: null,
                      },
                    ],
                  },
                  "self-admin": {
                    records: [
                      ((c) => ({ ...c, proof: signChange(c, c.id, attackerKey.privateKey) }))(
                        change("staff", `staff_evil${n}`, {
                          name: "Eve",
                          role: "admin",
                          active: 1,
                          publicKey: attackerPublic,
                        }),
                      ),
                    ],
                  },
                  "bad-sig-setting": {
                    records: [
                      ((c) => ({ ...c, proof: signChange(c, admin.staffId, attackerKey.privateKey) }))(
                        change("setting", "currency", { value: "XXX" }),
                      ),
                    ],
                  },
                  clock: {
                    records: [
                      ((c) => ({ ...c, proof: signChange(c, admin.staffId, attackerKey.privateKey) }))(
                        change("staff", admin.staffId, { passwordHash: "scrypt$evil" }),
                      ),
                    ],
                  },
                }[c.what];
                const path = "events" in body ? "/v1/events" : "/v1/records";
                const answer = await clinic.send(stolen.token, "POST", path, body);
                for (const r of answer.body.results ?? [])
                  if (r.status === "accepted") expect(c.what === "genesis" && r.id !== `01G${n}`).toBe(true);
              }
            }
            for (let pass = 0; pass < 3; pass++) for (const d of desks) await d.job.runNow();
            const [sa, sb] = desks.map((d) => readDeskState(d.db));
            expect(sb).toEqual(sa);
            expect(readSetting(desks[1]?.db.sqlite as never, "currency")).toBe(
              readSetting(a.db.sqlite, "currency"),
            );
            expect(readSetting(a.db.sqlite, "currency")).not.toBe("XXX");
            expect(sa?.tables.staff?.map((s) => s.name)).toEqual(["Ama Admin"]);
            expect(sa?.tables.staff?.[0]?.passwordHash).not.toBe("scrypt$evil");
            for (const d of desks) expect(verifyDatabase(d.db.sqlite).ok).toBe(true);
          } finally {
            await clinic.close();
          }
        },
      ),
      { numRuns: 12 },
    );
  }, 300_000);
});
