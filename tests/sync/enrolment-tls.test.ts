import { spawnSync } from "node:child_process";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openClinicDb, readMeta } from "../../db/open.js";
import { hashSecret } from "../../server/secrets.js";
import { tempDir } from "../support/temp-db.js";
import { hms, hmsJson, type ServerProcess, startServer } from "./support/processes.js";

// Enrolment through the real CLI, over HTTPS with a self-signed certificate the desk is told to trust: one code,
// one desk; the code cannot be spent twice; the desk keeps its token, the server only the token's hash.

let dir: string;
let cleanup: () => void;
let server: ServerProcess;
let clinicId: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir("hms-sync-tls-"));
  const made = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { encoding: "utf8" },
  );
  expect(made.status).toBe(0);
  const serverDb = join(dir, "server.sqlite");
  clinicId = hmsJson<{ id: string }>([
    "sync-server",
    "create-clinic",
    "--db",
    serverDb,
    "--name",
    "Hill Clinic",
  ]).id;
  server = await startServer(serverDb, 0, ["--cert", join(dir, "cert.pem"), "--key", join(dir, "key.pem")]);
});
afterAll(async () => {
  await server?.stop();
  cleanup?.();
});

describe("enrolment over TLS", () => {
  it("trades a one-time code for a device token and syncs over HTTPS", () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
    const serverDb = join(dir, "server.sqlite");
    const { codes } = hmsJson<{ codes: string[] }>([
      "sync-server",
      "enrolment-code",
      "--db",
      serverDb,
      "--clinic",
      clinicId,
    ]);
    const code = codes[0] as string;
    const desk = join(dir, "desk.sqlite");
    const ca = join(dir, "cert.pem");
    expect(
      hms([
        "enroll",
        "--db",
        desk,
        "--server",
        server.url,
        "--code",
        code,
        "--ca",
        ca,
        "--name",
        "Front desk",
      ]),
    ).toMatch(/Enrolled device dev_\w+ with clinic "Hill Clinic"/);
    expect(hms(["sync", "--db", desk])).toMatch(/^idle: 0 pending/);

    // The same code again, from another desk: refused, and that desk stays unenrolled.
    const other = join(dir, "other.sqlite");
    const again = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "cli/hms.ts",
        "enroll",
        "--db",
        other,
        "--server",
        server.url,
        "--code",
        code,
        "--ca",
        ca,
      ],
      { encoding: "utf8" },
    );
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already used.*ENROLMENT_CODE_USED/);

    // Without trusting the certificate, the desk cannot talk to the server.
    const untrusted = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "cli/hms.ts",
        "enroll",
        "--db",
        other,
        "--server",
        server.url,
        "--code",
        "AAAAA-BBBBB-CCCCC",
      ],
      { encoding: "utf8" },
    );
    expect(untrusted.stderr).toMatch(/OFFLINE/);

    const db = openClinicDb(desk);
    const token = readMeta(db.sqlite, "sync.token") as string;
    db.close();
    expect(token).toMatch(/^hms_dev_/);
    const [status] = hmsJson<{ devices: { name: string }[] }[]>(["sync-server", "devices", "--db", serverDb]);
    expect(status?.devices.map((d) => d.name)).toEqual(["Front desk"]);
    const held = new Database(serverDb, { readonly: true });
    expect(held.prepare("SELECT tokenHash FROM device_tokens").pluck().all()).toEqual([hashSecret(token)]);
    held.close();
  });
});
