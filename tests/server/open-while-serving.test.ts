import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStorage } from "../../server/sqlite-storage.js";

// An admin command (`hms sync-server devices`, `clinics`, `enrol`) opens the server's file while the running server
// commits pushes. The open must wait for its turn, never fail with "database is locked" (a fresh-clone CI run did).

const folder = mkdtempSync(join(tmpdir(), "hms-open-serving-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Another process committing small writes to the file, as fast as it can, until killed. */
function busyWriter(file: string) {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(${JSON.stringify(file)});
    db.pragma("busy_timeout = 5000");
    db.exec("CREATE TABLE IF NOT EXISTS busy (n INTEGER)");
    const insert = db.prepare("INSERT INTO busy (n) VALUES (?)");
    process.stdout.write("writing\\n");
    for (let n = 0; ; n++) insert.run(n);
  `;
  return spawn(process.execPath, ["-e", script], {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "inherit"],
  });
}

describe("the sync server's file", () => {
  it("opens for an admin command while another process keeps committing", async () => {
    const file = join(folder, "server.sqlite");
    await openSqliteStorage(file).close();
    const writer = busyWriter(file);
    try {
      await new Promise<void>((resolve) => writer.stdout?.once("data", () => resolve()));
      let opened = 0;
      const until = Date.now() + 1500;
      while (Date.now() < until) {
        const storage = openSqliteStorage(file);
        expect(await storage.listClinics()).toEqual([]);
        await storage.close();
        opened++;
      }
      expect(opened).toBeGreaterThan(10);
    } finally {
      writer.kill();
    }
  });
});
