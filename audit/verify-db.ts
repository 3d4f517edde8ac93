import type Database from "better-sqlite3";
import { keyFingerprint } from "../db/device-keys.js";
import { chainWalk } from "./chain-walk.js";
import {
  type AuditRecord,
  type FieldValue,
  type KindSpec,
  securityEventKind,
  visitEventKind,
} from "./record.js";

// The live database check (`hms verify --db FILE`): recomputes every hash of every device's chain in visit_events
// and security_audit, in chain order, and reports the first break; then checks that the device key in app_meta is
// the one the device recorded in its security log. Reads only.

export interface ChainBreak {
  table: string;
  deviceId: string;
  /** The row's position (visit_events) or seq (security_audit). */
  at: number;
  id: string;
  problem: string;
}

export type DbVerifyResult =
  | { ok: true; summary: string; records: number; chains: number }
  | { ok: false; problem: string; break?: ChainBreak };

const tables: { spec: KindSpec; table: string; order: string }[] = [
  { spec: visitEventKind, table: "visit_events", order: "position" },
  { spec: securityEventKind, table: "security_audit", order: "seq" },
];

export function verifyDatabase(
  sqlite: Database.Database,
  onProgress?: (done: number, total: number) => void,
): DbVerifyResult {
  const total = tables.reduce(
    (n, t) => n + (sqlite.prepare(`SELECT COUNT(*) FROM ${t.table}`).pluck().get() as number),
    0,
  );
  let done = 0;
  let chains = 0;
  for (const { spec, table, order } of tables) {
    // Ordered by device then chain order, so a chain is walked from its first record; the (deviceId, position)
    // and (deviceId, seq) indexes make this a plain index walk.
    const walk = chainWalk({ complete: true, atName: order });
    const stmt = sqlite.prepare(
      `SELECT ${order} AS at, ${spec.fields.join(", ")}, hash FROM ${table} ORDER BY deviceId, ${order}`,
    );
    for (const row of stmt.iterate() as IterableIterator<Record<string, FieldValue>>) {
      const fields: Record<string, FieldValue> = {};
      for (const f of spec.fields) fields[f] = row[f] ?? null;
      const record: AuditRecord = { kind: spec.kind, fields, hash: String(row.hash) };
      const problem = walk.check(spec, record, Number(row.at));
      if (problem) {
        const b: ChainBreak = {
          table,
          deviceId: String(fields.deviceId),
          at: Number(row.at),
          id: String(fields.id),
          problem,
        };
        return {
          ok: false,
          problem: `${table} ${order} ${b.at} (id ${b.id}, device ${b.deviceId}): ${problem}`,
          break: b,
        };
      }
      done += 1;
      if (onProgress && done % 10_000 === 0) onProgress(done, total);
    }
    chains += walk.chains.size;
  }
  onProgress?.(done, total);

  const deviceId = sqlite.prepare("SELECT value FROM app_meta WHERE key = 'deviceId'").pluck().get() as
    | string
    | undefined;
  const publicKey = sqlite
    .prepare("SELECT value FROM app_meta WHERE key = 'deviceKey.publicKey'")
    .pluck()
    .get() as string | undefined;
  let keyNote = "this file has no device key yet";
  if (publicKey) {
    const fingerprint = keyFingerprint(publicKey);
    const recorded = sqlite
      .prepare(
        `SELECT json_extract(detail, '$.fingerprint') FROM security_audit
        WHERE deviceId = ? AND action = 'device_key_created' ORDER BY seq DESC LIMIT 1`,
      )
      .pluck()
      .get(deviceId) as string | undefined;
    if (recorded !== fingerprint)
      return {
        ok: false,
        problem: recorded
          ? `the device key in app_meta (${fingerprint}) is not the one the security log recorded (${recorded})`
          : `the device key ${fingerprint} is not recorded in the security log`,
      };
    keyNote = `device key ${fingerprint.slice(0, 16)} matches the security log`;
  }
  return {
    ok: true,
    records: done,
    chains,
    summary: `OK: ${done} records in ${chains} ${chains === 1 ? "chain" : "chains"}, every hash and link checks out; ${keyNote}.`,
  };
}
