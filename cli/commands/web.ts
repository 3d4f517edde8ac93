import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { defaultDatabasePath } from "../../api/http/data-dir.js";
import { startWebHost } from "../../api/http/host.js";
import { openClinicDb } from "../../db/open.js";
import { openLog } from "../../ops/log.js";
import { intOption, parseOptions } from "../args.js";

export const summary = "Serve the clinic's screens in a browser on this computer (127.0.0.1)";

const usage = `Usage: clinic-hms web [--db FILE [--create]] [--port N] [--host ADDRESS]

  --db FILE        the clinic database (default: the app's data folder, or $HMS_DATA_DIR/clinic.sqlite, made on
                   first run)
  --create         start a new clinic in FILE when no file exists there (without it, a missing FILE is an error,
                   so a mistyped path never opens an empty clinic)
  --port N         the port to listen on (default 4780; 0 picks a free one)
  --host ADDRESS   listen on another address than 127.0.0.1 (other computers could then reach it)`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    db: { type: "string" },
    port: { type: "string" },
    host: { type: "string" },
    create: { type: "boolean" },
    help: { type: "boolean" },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const port = intOption(values.port, "port", 4780);
  if (port > 65535) throw new Error(`--port must be at most 65535, not ${port}.`);
  const host = values.host ?? "127.0.0.1";
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host))
    console.error(
      `Warning: listening on ${host}, not only on this computer. Anyone on the network who has the printed address ` +
        "(it carries the launch secret) can use the clinic's data. Prefer the desktop app or 127.0.0.1.",
    );
  const dbPath = resolve(values.db ?? defaultDatabasePath());
  if (values.db !== undefined && !values.create && !existsSync(dbPath)) {
    console.error(
      `clinic-hms web: there is no clinic database at ${dbPath}. Check the path, or add --create to start a new clinic there.`,
    );
    return 2;
  }
  // The file is checked (and refused untouched if it is not a clinic database) before the log folder is made.
  const db = openClinicDb(dbPath);
  const logs = await openLog(join(dirname(dbPath), "logs"), "web");
  let web: Awaited<ReturnType<typeof startWebHost>>;
  try {
    web = await startWebHost({
      db,
      port,
      host,
      sync: true,
      requestLog: logs.log,
      log: (line) => {
        logs.log.error(line);
        process.stderr.write(`${line}\n`);
      },
    });
  } catch (err) {
    logs.log.error({ err: (err as Error).message }, "could not start");
    db.close();
    await logs.close();
    throw err;
  }
  logs.log.info({ port: web.port, host }, "browser host started");
  console.log(`Clinic open at ${web.url}  (database ${dbPath}; logs in ${logs.folder}; Ctrl+C stops)`);
  await new Promise<void>((done) => {
    const stop = () => {
      logs.log.info("browser host stopping");
      web
        .close()
        .then(() => db.close())
        .then(() => logs.close())
        .then(done, done);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}
