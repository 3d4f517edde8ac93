import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { logVisitEvent } from "../../db/visit-events.js";
import { openLog } from "../../ops/log.js";
import { startSyncServer } from "../../server/http.js";
import { hashSecret, normaliseEnrolmentCode } from "../../server/secrets.js";
import { openSqliteStorage } from "../../server/sqlite-storage.js";
import { enrolDesk } from "../../sync/enroll.js";
import { createSyncJob } from "../../sync/job.js";
import { makeClinic, tempDir } from "../support/temp-db.js";

// What the person running a clinic's machines can see: log files in the data folder with an id for every request
// and no password, token or patient detail in them; the sync server's /metrics and /health.

const { dir, cleanup } = tempDir("hms-ops-");
afterAll(cleanup);

const readLogs = (folder: string) =>
  readdirSync(folder)
    .filter((f) => f.endsWith(".log"))
    .map((f) => readFileSync(join(folder, f), "utf8"))
    .join("");

const PATIENT = "Zawadi Kiprotich-Omondi";
const PASSWORD = "Harbour-Lantern-91";

describe("the browser host's log", () => {
  let proc: ChildProcess | undefined;
  afterAll(() => proc?.kill("SIGKILL"));

  it("records every request with its id, and never a password, token, launch secret or patient's name", async () => {
    const db = join(dir, "web", "clinic.sqlite");
    proc = spawn(process.execPath, ["cli/bin.js", "web", "--db", db, "--create", "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const started = await new Promise<string>((resolve, reject) => {
      let out = "";
      proc?.stdout?.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("\n")) resolve(out);
      });
      proc?.once("exit", (code) => reject(new Error(`web exited ${code}: ${out}`)));
    });
    const url = new URL(/Clinic open at (\S+)/.exec(started)?.[1] as string);
    expect(started).toContain(`logs in ${join(dir, "web", "logs")}`);
    const secret = url.searchParams.get("secret") as string;
    const call = async (channel: string, input: unknown, token?: string, requestId?: string) => {
      const res = await fetch(`${url.origin}/api/${channel}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-hms-secret": secret,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(requestId ? { "x-request-id": requestId } : {}),
        },
        body: JSON.stringify(input),
      });
      return { id: res.headers.get("x-request-id"), body: (await res.json()) as { ok: boolean; value: any } };
    };
    const setup = await call("setupClinic", {
      clinicName: "Riverside Family Clinic",
      adminName: "Ada Admin",
      username: "ada",
      password: PASSWORD,
    });
    expect(setup.body.ok).toBe(true);
    const signIn = await call("signIn", { username: "ada", password: PASSWORD }, undefined, "front-desk-42");
    expect(signIn.id).toBe("front-desk-42");
    const token = signIn.body.value.token as string;
    const patient = await call(
      "registerPatient",
      { name: PATIENT, sex: "female", dateOfBirth: "1988-02-03", phone: "+254700123456" },
      token,
    );
    expect(patient.body.ok).toBe(true);
    expect(patient.id).toMatch(/^[0-9a-f-]{36}$/);

    proc.kill("SIGTERM");
    await new Promise((resolve) => proc?.once("exit", resolve));
    const text = readLogs(join(dir, "web", "logs"));
    const lines = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ reqId: "front-desk-42", method: "POST", path: "/api/signIn", status: 200 }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ reqId: patient.id, path: "/api/registerPatient", status: 200 }),
    );
    for (const never of [PASSWORD, token, setup.body.value.token, secret, PATIENT, "Zawadi", "+254700123456"])
      expect(text).not.toContain(never);
  });
});

describe("long commands' log", () => {
  it("leaves one line per run beside the database, with no option but the path, and none beside a refused file", () => {
    const clinic = makeClinic();
    try {
      clinic.db.close();
      const r = spawnSync(process.execPath, ["cli/bin.js", "rebuild", "--db", clinic.path], {
        encoding: "utf8",
      });
      expect(r.status, r.stderr).toBe(0);
      const lines = readLogs(join(clinic.dir, "logs"))
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toEqual([
        expect.objectContaining({ command: "rebuild", db: clinic.path, exitCode: 0, msg: "command done" }),
      ]);
    } finally {
      clinic.close();
    }
  });
});

describe("the sync server's log, /metrics and /health", () => {
  it("counts pushes, rejections, devices, clock offsets and latency, and logs no token or patient", async () => {
    const folder = join(dir, "server");
    const storage = openSqliteStorage(join(folder, "sync.sqlite"));
    const logs = await openLog(join(folder, "logs"), "sync-server");
    const server = await startSyncServer({ storage, port: 0, requestLog: logs.log });
    const clinic = await storage.createClinic("Riverside", new Date());
    const code = "ABCD-EFGH-JKMN";
    await storage.addEnrolmentCode(clinic.id, hashSecret(normaliseEnrolmentCode(code)), {
      deviceName: null,
      expiresAt: new Date(Date.now() + 3_600_000),
      now: new Date(),
    });
    const desk = makeClinic();
    try {
      const enrolled = await enrolDesk(desk.db, {
        serverUrl: server.url,
        code,
        deviceName: "Reception",
        caFile: null,
      });
      expect(enrolled.ok).toBe(true);
      logVisitEvent(desk.db, {
        visitId: "V1",
        eventType: "VISIT_REGISTERED",
        performedBy: desk.reception.id,
        metadata: { patientId: desk.patientId },
      });
      const job = createSyncJob(desk.db);
      const status = await job.runNow();
      expect(status.state).toBe("idle");
      await job.stop();
      const token = desk.db.sqlite
        .prepare("SELECT value FROM app_meta WHERE key = 'sync.token'")
        .pluck()
        .get() as string;
      expect(token.length).toBeGreaterThan(16);

      // A garbage event and a request with no token are refused, and counted.
      const bad = await fetch(`${server.url}/v1/events`, {
        method: "POST",
        headers: { authorization: "Bearer not-a-token", "content-type": "application/json" },
        body: "{}",
      });
      expect(bad.status).toBe(401);

      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      const value = (line: RegExp) => Number(new RegExp(`^${line.source} (\\S+)$`, "m").exec(metrics)?.[1]);
      expect(value(/hms_sync_pushes_total\{status="200"\}/)).toBeGreaterThanOrEqual(1);
      expect(value(/hms_sync_events_held\{clinic="[^"]+"\}/)).toBeGreaterThanOrEqual(1);
      expect(value(/hms_sync_devices\{clinic="[^"]+",state="online"\}/)).toBe(1);
      expect(value(/hms_sync_rejections_total\{code="UNAUTHORIZED"\}/)).toBe(1);
      expect(metrics).toMatch(
        new RegExp(
          `^hms_sync_device_clock_offset_seconds\\{clinic="${clinic.id}",device="${desk.db.deviceId}"\\} -?[\\d.e-]+$`,
          "m",
        ),
      );
      expect(
        value(/hms_sync_request_duration_seconds_count\{route="\/v1\/events",method="POST",status="200"\}/),
      ).toBeGreaterThanOrEqual(1);

      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, database: "ok" });

      await logs.close();
      const text = readLogs(join(folder, "logs"));
      expect(text).toMatch(/"path":"\/v1\/events","status":200/);
      for (const never of [code, token, "Amina Yusuf"]) expect(text).not.toContain(never);
    } finally {
      desk.close();
      await server.close();
    }
  });

  it("answers /health with 503 when the database cannot be used", async () => {
    const storage = openSqliteStorage(join(dir, "broken", "sync.sqlite"));
    const server = await startSyncServer({ storage, port: 0 });
    try {
      await storage.close();
      const res = await fetch(`${server.url}/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: "DATABASE_UNUSABLE" } });
    } finally {
      await server.close().catch(() => {});
    }
  });
});
