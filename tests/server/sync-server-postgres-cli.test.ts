import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// `hms sync-server --postgres URL`: the choices a person can get wrong are refused with a line saying what to do,
// and a password in the URL never reaches the screen.

const root = fileURLToPath(new URL("../../", import.meta.url));
const cli = fileURLToPath(new URL("../../cli/hms.ts", import.meta.url));
const hms = (args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", cli, "sync-server", ...args], {
    cwd: root,
    encoding: "utf8",
  });

describe("hms sync-server --postgres", () => {
  it("refuses --db and --postgres together", () => {
    const r = hms(["clinics", "--db", "/tmp/x.db", "--postgres", "postgres://u@127.0.0.1:1/db"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("give --db FILE or --postgres URL, not both");
  });

  it("says it cannot reach the database, without printing the password", () => {
    const r = hms(["clinics", "--postgres", "postgres://hms:s3cret-pass@127.0.0.1:1/hms_sync"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /cannot open PostgreSQL postgres:\/\/hms:\*\*\*@127\.0\.0\.1:1\/hms_sync: .*ECONNREFUSED/,
    );
    expect(`${r.stdout}${r.stderr}`).not.toContain("s3cret-pass");
  });
});
