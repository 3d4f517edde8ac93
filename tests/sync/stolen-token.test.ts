import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventHash } from "../../domain/event-hash.js";
import { signChange } from "../../sync/authority.js";
import type { PulledRecord, WireEvent } from "../../sync/protocol.js";
import { unsealStaffKey } from "../../sync/staff-keys.js";
import { startClinic, type TestClinic } from "./support/clinic.js";
import { type DeskProcess, hms, hmsJson, startDesk, waitFor } from "./support/processes.js";

// Someone holds one real device token (a stolen reception laptop) and knows one receptionist's password. Against a
// server process and honest desk processes they try to make an admin, take the real admin's account over with a
// far-future clock, change settings and roles, replay signed changes, break hash chains, push another desk's events,
// take another desk's id with a fresh code and reuse a spent code. Every attempt is refused and on the server's
// security log, and nothing changes on the honest desks, which still verify.

const RECEPTION_PASSWORD = "a staff member's pass phrase";
const FAR_FUTURE = "9999-12-31T23:59:59.999Z";

let clinic: TestClinic;
let reception: DeskProcess;
let doctor: DeskProcess;
let stolen: DeskProcess;
let token: string;
let stolenCode: string;

const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${clinic.server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
};

const honestView = async (desk: DeskProcess) => {
  const state = await desk.state();
  return { staff: state.tables.staff, settings: await desk.call("settings") };
};

beforeAll(async () => {
  clinic = await startClinic();
  reception = await clinic.desk("reception");
  doctor = await clinic.desk("doctor");
  stolenCode = clinic.codes(1)[0] as string;
  stolen = await startDesk("stolen", join(clinic.dir, "stolen.sqlite"));
  await stolen.enroll(clinic.server.url, stolenCode);
  await stolen.start();
  await reception.call("found");
  await reception.call("addStaff", { name: "Rita Reception", role: "reception", username: "rita" });
  await reception.call("signedSetting", { key: "currency", value: "GHS" });
  await reception.call("runNow");
  for (const d of [doctor, stolen])
    await waitFor("the staff on every desk", async () => (await d.state()).tables.staff?.length === 2);
  token = (await stolen.call<string>("token")) as string;
  // From here on the token is used from the attacker's own program, not by the laptop's sync job.
  await stolen.call("stop");
}, 120_000);
afterAll(async () => {
  await stolen?.exit();
  await clinic?.close();
});

describe("a stolen device token", () => {
  it("cannot make an admin, take an account over, change roles or settings, or replay signed changes", async () => {
    const before = { reception: await honestView(reception), doctor: await honestView(doctor) };
    const pulled = (await send("GET", "/v1/records?after=0&limit=100")).body.records as PulledRecord[];
    const adminCreation = pulled.find((r) => r.kind === "staff" && r.fields.role === "admin") as PulledRecord;
    const rita = pulled.find((r) => r.kind === "staff" && r.fields.username === "rita") as PulledRecord;
    const ritaKey = await unsealStaffKey(rita.fields.sealedKey as string, RECEPTION_PASSWORD);
    if (!ritaKey) throw new Error("the receptionist's key did not unseal");
    const attacker = generateKeyPairSync("ed25519");
    const attackerPublic = attacker.publicKey.export({ type: "spki", format: "der" }).toString("base64");
    const change = (id: string, kind: string, fields: Record<string, unknown>, n: number) => ({
      kind,
      id,
      changeId: `chg_attack_${n}`,
      fields,
      madeAt: FAR_FUTURE,
    });
    const signed = (c: ReturnType<typeof change>, by: string, key: typeof ritaKey) => ({
      ...c,
      proof: signChange(c, by, key),
    });
    const newAdmin = {
      name: "Mallory",
      role: "admin",
      username: "mallory",
      active: 1,
      publicKey: attackerPublic,
    };
    const forged = [
      // A new admin with no signature, then signed by itself as if the clinic had no staff yet.
      { ...change("staff_mallory", "staff", newAdmin, 1), proof: null },
      signed(change("staff_mallory2", "staff", newAdmin, 2), "staff_mallory2", attacker.privateKey),
      // The real admin's row with the attacker's key and password hash, claiming the admin signed it.
      signed(
        change(adminCreation.id, "staff", { passwordHash: "scrypt$attacker", publicKey: attackerPublic }, 3),
        adminCreation.id,
        attacker.privateKey,
      ),
      // The receptionist (whose password is known) makes herself admin and changes a setting.
      signed(change(rita.id, "staff", { role: "admin" }, 4), rita.id, ritaKey),
      signed(change("currency", "setting", { value: "XXX" }, 5), rita.id, ritaKey),
      // She changes the admin's password "as herself".
      signed(
        change(adminCreation.id, "staff", { passwordHash: "scrypt$x", sealedKey: "{}" }, 6),
        rita.id,
        ritaKey,
      ),
      // A replay of the admin's own signed record under a new change id.
      { ...adminCreation, changeId: "chg_replayed", seq: undefined, deviceId: undefined },
    ].map(({ seq: _s, deviceId: _d, ...c }: Record<string, unknown>) => c);
    const answer = await send(
      "POST",
      "/v1/records",
      { records: forged },
      { "x-device-time": String(Date.parse("2099-01-01")) },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r: { code?: string; status: string }) => r.code ?? r.status)).toEqual([
      "UNSIGNED_CHANGE",
      "NOT_AUTHORISED",
      "BAD_SIGNATURE",
      "NOT_AUTHORISED",
      "NOT_AUTHORISED",
      "NOT_AUTHORISED",
      "BAD_SIGNATURE",
    ]);
    // A replay of a genuine change as it was is a duplicate: stored once, changing nothing.
    const { seq: _seq, deviceId: _device, ...replay } = adminCreation;
    const again = await send("POST", "/v1/records", { records: [replay] });
    expect(again.body.results[0]).toMatchObject({ status: "duplicate", seq: adminCreation.seq });

    await reception.call("runNow");
    await doctor.call("runNow");
    expect(await honestView(reception)).toEqual(before.reception);
    expect(await honestView(doctor)).toEqual(before.doctor);

    const log = hmsJson<{ code: string; action: string; deviceId: string }[]>([
      "sync-server",
      "security-log",
      "--db",
      clinic.serverDb,
    ]);
    const stolenId = stolen.deviceId;
    const refusedHere = log.filter((e) => e.deviceId === stolenId && e.action === "record_change_refused");
    expect(refusedHere.map((e) => e.code).sort()).toEqual(
      [
        "UNSIGNED_CHANGE",
        "NOT_AUTHORISED",
        "BAD_SIGNATURE",
        "NOT_AUTHORISED",
        "NOT_AUTHORISED",
        "NOT_AUTHORISED",
        "BAD_SIGNATURE",
      ].sort(),
    );
    // The far-future clock is flagged on the server's device list.
    const devices = hmsJson<{ devices: { id: string; clockFlagged: boolean }[] }[]>([
      "sync-server",
      "devices",
      "--db",
      clinic.serverDb,
    ]);
    expect(devices[0]?.devices.find((d) => d.id === stolenId)?.clockFlagged).toBe(true);
  });

  it("cannot push broken chains or another desk's events, take a desk's id or reuse a code", async () => {
    const patient = await reception.call<{ ok: boolean; value: { id: string } }>("registerPatient", {
      name: "Abena Osei",
      sex: "female",
    });
    await reception.append([
      { visitId: "v-honest", eventType: "VISIT_REGISTERED", metadata: { patientId: patient.value.id } },
    ]);
    await reception.call("runNow");
    const events = (await send("GET", "/v1/events?after=0&limit=100")).body.events as (WireEvent & {
      seq: number;
    })[];
    const honest = events.find((e) => e.visitId === "v-honest") as WireEvent & { seq?: number };
    const { seq: _seq, ...honestWire } = honest;
    const mine = (e: Partial<WireEvent>): WireEvent => {
      const base = { ...honestWire, deviceId: stolen.deviceId, visitId: "v-evil", ...e };
      return { ...base, hash: eventHash(base) };
    };
    const pushed = await send("POST", "/v1/events", {
      events: [
        honestWire, // another desk's event, pushed as if it were the stolen desk's
        mine({ id: "01EVILGAP", prevHash: "cd".repeat(32) }),
        mine({ id: "01EVILFORK1", prevHash: null }),
        mine({ id: "01EVILFORK2", prevHash: null, eventType: "QUEUE_JOINED" }),
      ],
    });
    const codes = pushed.body.results.map((r: { code?: string; status: string }) => r.code ?? r.status);
    expect(codes[0]).toBe("NOT_YOUR_EVENT");
    expect(codes[1]).toBe("CHAIN_BROKEN");
    // The stolen desk has no events yet, so one genesis is a valid first event; the second start is refused.
    expect(codes.slice(2)).toEqual(["accepted", "CHAIN_BROKEN"]);

    // A fresh code with an enrolled desk's id, and the stolen desk's spent code with a new id.
    const enrol = (code: string, deviceId: string) =>
      fetch(`${clinic.server.url}/v1/enroll`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code, deviceId, deviceName: "evil" }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const takeover = await enrol(clinic.codes(1)[0] as string, doctor.deviceId);
    expect(takeover).toMatchObject({ status: 409, body: { error: { code: "DEVICE_ALREADY_ENROLLED" } } });
    const reuse = await enrol(stolenCode, "dev_brand_new");
    expect(reuse).toMatchObject({ status: 401, body: { error: { code: "ENROLMENT_CODE_USED" } } });

    // The doctor's desk keeps its token; every honest desk holds the events and verifies (hms throws on a failure).
    for (const d of [reception, doctor]) {
      await d.call("runNow");
      expect((await d.status()).lastError).toBeNull();
      expect((await d.state()).events.some((e) => e.visitId === "v-honest")).toBe(true);
      expect((await d.state()).events.some((e) => e.id === "01EVILGAP")).toBe(false);
      hms(["verify", "--db", join(clinic.dir, `${d.name}.sqlite`)]);
    }
    const log = hmsJson<{ code: string; action: string }[]>([
      "sync-server",
      "security-log",
      "--db",
      clinic.serverDb,
    ]);
    const seen = new Set(log.map((e) => e.code));
    for (const code of ["NOT_YOUR_EVENT", "CHAIN_BROKEN", "DEVICE_ALREADY_ENROLLED", "ENROLMENT_CODE_USED"])
      expect(seen.has(code), code).toBe(true);
  });
});
