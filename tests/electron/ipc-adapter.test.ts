import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiReply, CallContext, Router } from "../../api/router.js";
import { createRouter } from "../../api/router.js";
import { type ClinicDb, openClinicDb } from "../../db/open.js";
import { APP_ORIGIN } from "../../electron/app-protocol.js";
import { createClinicBridge } from "../../electron/bridge.js";
import { eventsAppendedPayload, mountRouter, relayEventsAppended } from "../../electron/ipc-adapter.js";
import { CLINIC_CALL, EVENTS_APPENDED } from "../../electron/ipc-names.js";
import type { EventsAppended, ClinicBridge as RendererBridge } from "../../renderer/api/client.js";
import { createIpcClient } from "../../renderer/api/ipc-client.js";
import { tempDir } from "../support/temp-db.js";
import { mainFrame, standInIpcMain, standInWindow, subFrame } from "./stand-ins.js";

const trustedOrigins = [APP_ORIGIN];
const host = { platform: "linux", versions: { electron: "45.5.0", chrome: "140.0.0.0" } };

function recordingLog() {
  const lines: string[] = [];
  return {
    lines,
    warn: (m: string) => lines.push(`warn ${m}`),
    error: (m: string) => lines.push(`error ${m}`),
  };
}

/** A router that answers with what it was given, to see exactly what the adapter passes on. */
function echoRouter(): Router & { calls: { channel: string; input: unknown; ctx: CallContext }[] } {
  const calls: { channel: string; input: unknown; ctx: CallContext }[] = [];
  return {
    calls,
    async call(channel, input, ctx) {
      calls.push({ channel, input, ctx });
      return { ok: true, value: { channel, input } };
    },
  };
}

describe("IPC adapter envelope", () => {
  it("passes channel, input and token to the router with transport ipc, and returns its reply", async () => {
    const main = standInIpcMain();
    const router = echoRouter();
    mountRouter({ ipcMain: main.ipcMain, router, trustedOrigins, log: recordingLog() });
    const reply = await main.invoke(
      mainFrame("app://clinic/index.html"),
      CLINIC_CALL,
      "queue",
      { a: 1 },
      "tok",
    );
    expect(reply).toEqual({ ok: true, value: { channel: "queue", input: { a: 1 } } });
    expect(router.calls).toEqual([
      { channel: "queue", input: { a: 1 }, ctx: { sessionToken: "tok", transport: "ipc" } },
    ]);
  });

  it("refuses untrusted frames before the router sees anything, and logs them", async () => {
    const main = standInIpcMain();
    const router = echoRouter();
    const log = recordingLog();
    mountRouter({ ipcMain: main.ipcMain, router, trustedOrigins, log });
    for (const frame of [
      subFrame("app://clinic/index.html", "app://clinic/index.html"),
      mainFrame("https://evil.example/"),
      mainFrame("file:///tmp/index.html"),
      null,
    ]) {
      const reply = (await main.invoke(frame, CLINIC_CALL, "queue", {}, "tok")) as ApiReply;
      expect(reply).toMatchObject({ ok: false, status: 403, error: { code: "UNTRUSTED_SENDER" } });
    }
    expect(router.calls).toEqual([]);
    expect(log.lines[0]).toContain("untrusted frame (app://clinic/index.html)");
  });

  it("answers malformed envelopes with a 400 error value", async () => {
    const main = standInIpcMain();
    const router = echoRouter();
    mountRouter({ ipcMain: main.ipcMain, router, trustedOrigins, log: recordingLog() });
    const frame = mainFrame("app://clinic/index.html");
    expect(await main.invoke(frame, CLINIC_CALL, 42, {}, null)).toMatchObject({
      ok: false,
      status: 400,
      error: { code: "BAD_REQUEST" },
    });
    expect(await main.invoke(frame, CLINIC_CALL, "queue", {}, { forged: true })).toMatchObject({
      ok: false,
      status: 400,
      error: { message: "The session token must be text or null." },
    });
    expect(router.calls).toEqual([]);
  });

  it("turns a router that throws into a generic 500 value with no stack, and logs the failure", async () => {
    const main = standInIpcMain();
    const log = recordingLog();
    const router: Router = {
      call: async () => {
        throw new Error("disk I/O error at /secret/path");
      },
    };
    mountRouter({ ipcMain: main.ipcMain, router, trustedOrigins, log });
    const reply = await main.invoke(mainFrame("app://clinic/"), CLINIC_CALL, "queue", {}, null);
    expect(reply).toMatchObject({ ok: false, status: 500, error: { code: "INTERNAL" } });
    expect(JSON.stringify(reply)).not.toContain("/secret/path");
    expect(log.lines).toEqual(["error The router failed on queue"]);
  });

  it("unmounts its one handler", async () => {
    const main = standInIpcMain();
    const unmount = mountRouter({
      ipcMain: main.ipcMain,
      router: echoRouter(),
      trustedOrigins,
      log: recordingLog(),
    });
    expect([...main.handlers.keys()]).toEqual([CLINIC_CALL]);
    unmount();
    await expect(main.invoke(mainFrame("app://clinic/"), CLINIC_CALL, "queue", {}, null)).rejects.toThrow(
      /No handler/,
    );
  });
});

describe("preload bridge", () => {
  it("is the renderer's ClinicBridge, frozen, and never hands the IPC event to the page", async () => {
    const main = standInIpcMain();
    const win = standInWindow(main, "app://clinic/index.html");
    const bridge: RendererBridge = createClinicBridge(win.ipcRenderer, host);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.keys(bridge).sort()).toEqual([
      "call",
      "onEventsAppended",
      "platform",
      "transport",
      "versions",
    ]);
    const seen: unknown[][] = [];
    const stop = bridge.onEventsAppended((...args) => seen.push(args));
    win.webContents.send(EVENTS_APPENDED, { positions: [1], visitIds: ["V1"] });
    win.webContents.send(EVENTS_APPENDED, { positions: "junk" });
    // A push from before record kinds existed still arrives, with no record kinds.
    expect(seen).toEqual([[{ positions: [1], visitIds: ["V1"], records: [] }]]);
    stop();
    expect(win.listenerCount(EVENTS_APPENDED)).toBe(0);
  });
});

// The whole desktop path under plain Node: renderer client -> preload bridge -> (cloned like IPC) -> adapter ->
// the real router -> a real SQLite file, and the events-appended push back to every open window.
describe("desktop path with the real router and a real database", () => {
  let db: ClinicDb;
  let cleanup: () => void;
  beforeEach(() => {
    const t = tempDir("hms-electron-ipc-");
    cleanup = t.cleanup;
    db = openClinicDb(join(t.dir, "clinic.sqlite"));
  });
  afterEach(() => {
    db.close();
    cleanup();
  });

  function desktop() {
    const main = standInIpcMain();
    const log = recordingLog();
    mountRouter({ ipcMain: main.ipcMain, router: createRouter({ db, log: () => {} }), trustedOrigins, log });
    const windows = [
      standInWindow(main, "app://clinic/index.html"),
      standInWindow(main, "app://clinic/index.html"),
    ];
    relayEventsAppended({
      events: db.events,
      records: db.recordChanges,
      targets: () => windows.map((w) => w.webContents),
      trustedOrigins,
    });
    const clients = windows.map((w) => createIpcClient(createClinicBridge(w.ipcRenderer, host), null));
    return { main, windows, clients, log };
  }

  it("sets up the clinic, registers a patient and a visit and tells both windows, without reloading", async () => {
    const { clients, windows } = desktop();
    const [reception, otherDesk] = clients as [
      ReturnType<typeof createIpcClient>,
      ReturnType<typeof createIpcClient>,
    ];
    const pushed: EventsAppended[] = [];
    otherDesk.onEventsAppended((info) => pushed.push(info));

    expect(await reception.call("setupStatus", {})).toEqual({
      ok: true,
      value: { needsSetup: true, clinicName: null },
    });
    const setup = await reception.call("setupClinic", {
      clinicName: "Harbour Clinic",
      adminName: "Ada Admin",
      username: "ada",
      password: "tidal-harbour-lantern-42",
    });
    expect(setup.ok).toBe(true);
    const patient = await reception.call("registerPatient", { name: "Amina Yusuf", sex: "female" });
    expect(patient.ok).toBe(true);
    if (!patient.ok) return;
    const visit = await reception.call("registerVisit", {
      patientId: patient.value.patient.id,
      consultationFee: 1500,
    });
    expect(visit).toMatchObject({ ok: true });
    if (!visit.ok) return;

    const stored = db.sqlite
      .prepare("SELECT position, visitId, eventType FROM visit_events ORDER BY position")
      .all() as {
      position: number;
      visitId: string;
      eventType: string;
    }[];
    expect(stored.map((r) => r.eventType)).toEqual([
      "VISIT_REGISTERED",
      "QUEUE_JOINED",
      "CONSULTATION_BILLED",
    ]);
    expect(pushed).toEqual([
      { positions: [], visitIds: [], records: ["staff", "settings"] },
      { positions: [], visitIds: [], records: ["patients"] },
      { positions: stored.map((r) => r.position), visitIds: [visit.value.visitId], records: [] },
    ]);
    // Both open windows got each push, once.
    for (const w of windows) expect(w.sent.filter((s) => s.channel === EVENTS_APPENDED)).toHaveLength(3);
  });

  it("a refused call over IPC writes nothing, and the other window's session token is its own", async () => {
    const { clients } = desktop();
    const [first, second] = clients as [
      ReturnType<typeof createIpcClient>,
      ReturnType<typeof createIpcClient>,
    ];
    await first.call("setupClinic", {
      clinicName: "Harbour Clinic",
      adminName: "Ada Admin",
      username: "ada",
      password: "tidal-harbour-lantern-42",
    });
    const before = db.sqlite.prepare("SELECT COUNT(*) FROM visit_events").pluck().get();
    // The second window never signed in: the router refuses, and the refusal arrives as a value.
    const refused = await second.call("registerPatient", { name: "Amina Yusuf", sex: "female" });
    expect(refused).toMatchObject({ ok: false, status: 401, error: { code: "NOT_SIGNED_IN" } });
    const invalid = await first.call("registerPatient", { name: "", sex: "robot" } as never);
    expect(invalid).toMatchObject({ ok: false, status: 400, error: { code: "INVALID_INPUT" } });
    expect(db.sqlite.prepare("SELECT COUNT(*) FROM visit_events").pluck().get()).toBe(before);
    expect(db.sqlite.prepare("SELECT COUNT(*) FROM patients").pluck().get()).toBe(0);
  });

  it("skips destroyed windows and pages not from our origin when pushing", () => {
    const main = standInIpcMain();
    const ours = standInWindow(main, "app://clinic/index.html");
    const closing = standInWindow(main, "app://clinic/index.html");
    const foreign = standInWindow(main, "https://evil.example/");
    closing.destroy();
    relayEventsAppended({
      events: db.events,
      targets: () => [ours, closing, foreign].map((w) => w.webContents),
      trustedOrigins,
    });
    db.events.notify([{ position: 7, visitId: "V9" } as never, { position: 8, visitId: "V9" } as never]);
    expect(ours.sent).toEqual([
      { channel: EVENTS_APPENDED, args: [{ positions: [7, 8], visitIds: ["V9"], records: [] }] },
    ]);
    expect(closing.sent).toEqual([]);
    expect(foreign.sent).toEqual([]);
  });

  it("names each visit once in the payload", () => {
    expect(
      eventsAppendedPayload([
        { position: 1, visitId: "A" },
        { position: 2, visitId: "B" },
        { position: 3, visitId: "A" },
      ]),
    ).toEqual({ positions: [1, 2, 3], visitIds: ["A", "B"], records: [] });
  });
});
