import { dirname, join, resolve } from "node:path";
import { openLog } from "../../ops/log.js";
import { createSyncApi } from "../../server/api.js";
import { startSyncServer } from "../../server/http.js";
import { openPostgresStorage } from "../../server/postgres/storage.js";
import { hashSecret, newEnrolmentCode, normaliseEnrolmentCode } from "../../server/secrets.js";
import { openSqliteStorage } from "../../server/sqlite-storage.js";
import type { SyncStorage } from "../../server/storage.js";
import type { ClinicWaiters } from "../../server/waiters.js";
import { intOption, parseOptions } from "../args.js";

export const summary = "Run the central sync server, or administer it (clinics, enrolment codes, devices)";

const usage = `Usage:
  clinic-hms sync-server --db FILE --port N [--host 127.0.0.1] [--cert FILE --key FILE]
      Run the server. Without --cert/--key it speaks plain HTTP (put it behind a TLS reverse proxy).
      Logs go to logs/ beside FILE (in the current folder with --postgres); GET /metrics (Prometheus) and
      GET /health (checks the database).
  clinic-hms sync-server --postgres URL --port N [...]
      Keep everything in PostgreSQL instead of a SQLite file (postgres://user@host:5432/db; the password may come
      from PGPASSWORD). Any number of server processes may serve one database; every action below takes
      --postgres URL in place of --db FILE.
  clinic-hms sync-server create-clinic --db FILE --name NAME
  clinic-hms sync-server enrolment-code --db FILE --clinic ID [--device-name NAME] [--hours 24] [--count 1]
      One-time codes a desk exchanges for its device token (clinic-hms enroll).
  clinic-hms sync-server devices --db FILE [--clinic ID]
      Devices, when each was last seen, its clock offset and the events the server holds from it.
  clinic-hms sync-server revoke --db FILE --device ID
      Refuse the device from its next request on. The server may keep running.
  clinic-hms sync-server replace-device --db FILE --device ID [--hours 24]
      Revoke the device and print a one-time code that enrols its replacement (or the same desk again, with a
      new token). An ordinary code enrols only a device id the server has never seen.
  clinic-hms sync-server security-log --db FILE [--clinic ID] [--limit 50]
      Refused pushes, changes and enrolments, newest first.
  clinic-hms sync-server checkpoint --db FILE --clinic ID
      Sign a checkpoint of the clinic's log now and print it.
  clinic-hms sync-server key --db FILE
      The key checkpoints are signed with (a signed-note verifier key), for checking a checkpoint by hand.
Add --json to any administrative action for output a program can read.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    db: { type: "string" },
    postgres: { type: "string" },
    port: { type: "string" },
    host: { type: "string" },
    cert: { type: "string" },
    key: { type: "string" },
    name: { type: "string" },
    clinic: { type: "string" },
    "device-name": { type: "string" },
    device: { type: "string" },
    hours: { type: "string" },
    count: { type: "string" },
    limit: { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean" },
  });
  const action = positionals[0] ?? "serve";
  if (values.help || Boolean(values.db) === Boolean(values.postgres)) {
    if (values.db && values.postgres)
      console.error("clinic-hms sync-server: give --db FILE or --postgres URL, not both.");
    console.log(usage);
    return values.help ? 0 : 2;
  }
  const where = values.postgres ? `PostgreSQL ${redactPassword(values.postgres)}` : `database ${values.db}`;
  const print = (json: unknown, text: string) =>
    console.log(values.json ? JSON.stringify(json, null, 2) : text);

  if (action === "serve") {
    if (values.port === undefined) {
      console.error("clinic-hms sync-server: --port is required (0 picks a free port).");
      return 2;
    }
    if (Boolean(values.cert) !== Boolean(values.key)) {
      console.error("clinic-hms sync-server: give both --cert and --key, or neither.");
      return 2;
    }
    let opened: Awaited<ReturnType<typeof openStorage>>;
    try {
      opened = await openStorage(values);
    } catch (err) {
      console.error(`clinic-hms sync-server: cannot open ${where}: ${(err as Error).message}`);
      return 1;
    }
    const { storage, waiters } = opened;
    const logFolder = join(values.db ? dirname(resolve(values.db)) : process.cwd(), "logs");
    const logs = await openLog(logFolder, "sync-server");
    const server = await startSyncServer({
      storage,
      requestLog: logs.log,
      ...(waiters ? { api: { waiters } } : {}),
      port: intOption(values.port, "port", 0),
      ...(values.host ? { host: values.host } : {}),
      ...(values.cert && values.key ? { certFile: values.cert, keyFile: values.key } : {}),
    });
    logs.log.info({ url: server.url }, "sync server started");
    console.log(`Sync server listening on ${server.url} (${where}; logs in ${logs.folder})`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await server.close();
    logs.log.info("sync server stopped");
    await logs.close();
    console.log("Sync server stopped.");
    return 0;
  }

  let storage: SyncStorage;
  try {
    storage = (await openStorage(values)).storage;
  } catch (err) {
    console.error(`clinic-hms sync-server: cannot open ${where}: ${(err as Error).message}`);
    return 1;
  }
  try {
    switch (action) {
      case "create-clinic": {
        if (!values.name?.trim()) {
          console.error("clinic-hms sync-server create-clinic: --name is required.");
          return 2;
        }
        const clinic = await storage.createClinic(values.name.trim(), new Date());
        print(clinic, `Created clinic "${clinic.name}" with id ${clinic.id}`);
        return 0;
      }
      case "clinics": {
        const clinics = await storage.listClinics();
        print(clinics, clinics.map((c) => `${c.id}  ${c.name}`).join("\n") || "No clinics yet.");
        return 0;
      }
      case "enrolment-code": {
        if (!values.clinic) {
          console.error("clinic-hms sync-server enrolment-code: --clinic is required.");
          return 2;
        }
        const hours = intOption(values.hours, "hours", 24);
        const count = Math.max(1, intOption(values.count, "count", 1));
        const now = new Date();
        const expiresAt = new Date(now.getTime() + hours * 3_600_000);
        const codes: string[] = [];
        for (let i = 0; i < count; i++) {
          const code = newEnrolmentCode();
          await storage.addEnrolmentCode(values.clinic, hashSecret(normaliseEnrolmentCode(code)), {
            deviceName: values["device-name"] ?? null,
            expiresAt,
            now,
          });
          codes.push(code);
        }
        print(
          { clinicId: values.clinic, codes, expiresAt: expiresAt.toISOString() },
          `${codes.join("\n")}\nOne-time enrolment code${count > 1 ? "s" : ""}, valid until ${expiresAt.toISOString()}.`,
        );
        return 0;
      }
      case "devices": {
        const clinics = await storage.status(values.clinic);
        const lines = clinics.flatMap((c) => [
          `${c.name} (${c.clinicId}): ${c.eventHead} events, ${c.recordHead} record versions`,
          ...c.devices.map(
            (d) =>
              `  ${d.id}  ${d.name.padEnd(20)} ${d.revokedAt ? `REVOKED ${d.revokedAt}` : "active"}  last seen ${d.lastSeenAt ?? "never"}  ` +
              `clock ${d.clockOffsetMs === null ? "?" : `${Math.round(d.clockOffsetMs / 1000)} s`}${d.clockFlagged ? " (FAR OFF)" : ""}  ${d.eventsHeld} events`,
          ),
        ]);
        print(clinics, lines.join("\n") || "No clinics yet.");
        return 0;
      }
      case "revoke": {
        if (!values.device) {
          console.error("clinic-hms sync-server revoke: --device is required.");
          return 2;
        }
        const found = await storage.revokeDevice(values.device, new Date());
        if (!found) {
          console.error(`clinic-hms sync-server revoke: there is no device ${values.device}.`);
          return 1;
        }
        print(
          { revoked: values.device },
          `Revoked ${values.device}; it is refused from its next request on.`,
        );
        return 0;
      }
      case "replace-device": {
        if (!values.device) {
          console.error("clinic-hms sync-server replace-device: --device is required.");
          return 2;
        }
        const now = new Date();
        const expiresAt = new Date(now.getTime() + intOption(values.hours, "hours", 24) * 3_600_000);
        const code = newEnrolmentCode();
        const done = await storage.replaceDevice(values.device, hashSecret(normaliseEnrolmentCode(code)), {
          expiresAt,
          now,
        });
        if (!done) {
          console.error(`clinic-hms sync-server replace-device: there is no device ${values.device}.`);
          return 1;
        }
        print(
          { revoked: values.device, clinicId: done.clinicId, code, expiresAt: expiresAt.toISOString() },
          `Revoked ${values.device}. Enrol its replacement with this one-time code (valid until ${expiresAt.toISOString()}):\n${code}`,
        );
        return 0;
      }
      case "checkpoint": {
        if (!values.clinic) {
          console.error("clinic-hms sync-server checkpoint: --clinic is required.");
          return 2;
        }
        const api = createSyncApi(storage);
        const signed = await api.checkpoint(values.clinic);
        const key = await api.verifierKey();
        api.close();
        if (!signed) {
          console.error(`clinic-hms sync-server checkpoint: there is no clinic ${values.clinic}.`);
          return 1;
        }
        print({ checkpoint: signed.note, serverKey: key }, `${signed.note}\nServer key: ${key}`);
        return 0;
      }
      case "key": {
        const api = createSyncApi(storage);
        const key = await api.verifierKey();
        api.close();
        print(
          { serverKey: key },
          `${key}\nGive this to auditors: hms verify-audit FILE --server-key '${key}'`,
        );
        return 0;
      }
      case "security-log": {
        const entries = await storage.securityLog(
          values.clinic ?? null,
          intOption(values.limit, "limit", 50),
        );
        print(
          entries,
          entries
            .map(
              (e) =>
                `${e.at}  ${e.action.padEnd(22)} ${e.code.padEnd(24)} ${e.deviceId ?? e.source ?? "?"}  ${e.subject ?? ""}  ${e.reason}`,
            )
            .join("\n") || "Nothing refused yet.",
        );
        return 0;
      }
      default:
        console.error(`clinic-hms sync-server: unknown action "${action}".\n${usage}`);
        return 2;
    }
  } catch (err) {
    console.error(`clinic-hms sync-server: ${(err as Error).message}`);
    return 1;
  } finally {
    await storage.close();
  }
}

/** The SQLite file, or PostgreSQL (whose long polls are woken by pushes made through any process). */
async function openStorage(values: {
  db?: string;
  postgres?: string;
}): Promise<{ storage: SyncStorage; waiters?: ClinicWaiters }> {
  if (values.postgres) {
    const storage = await openPostgresStorage(values.postgres);
    return { storage, waiters: storage.waiters };
  }
  return { storage: openSqliteStorage(values.db as string) };
}

/** The URL as it may be printed: without its password. */
function redactPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(the given URL)";
  }
}
