import type Database from "better-sqlite3";
import {
  chainedRowCount,
  deviceKeyRecord,
  securityEntriesInChainOrder,
  visitEventsInChainOrder,
} from "../db/audit-chain-rows.js";
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

type Row = readonly FieldValue[];

/** Each log's rows in chain order, read as arrays: the row's place, the hashed fields in canonical order, the hash. */
const tables: {
  spec: KindSpec;
  table: string;
  order: string;
  rows: (s: Database.Database) => Iterable<Row>;
}[] = [
  { spec: visitEventKind, table: "visit_events", order: "position", rows: visitEventsInChainOrder },
  { spec: securityEventKind, table: "security_audit", order: "seq", rows: securityEntriesInChainOrder },
];

export function verifyDatabase(
  sqlite: Database.Database,
  onProgress?: (done: number, total: number) => void,
): DbVerifyResult {
  const total = chainedRowCount(sqlite);
  let done = 0;
  let chains = 0;
  for (const { spec, table, order, rows } of tables) {
    // Ordered by device then chain order, so a chain is walked from its first record; the (deviceId, position)
    // and (deviceId, seq) indexes make this a plain index walk.
    const walk = chainWalk({ complete: true, atName: order });
    const names = spec.fields;
    const n = names.length;
    for (const row of rows(sqlite)) {
      const fields: Record<string, FieldValue> = {};
      for (let i = 0; i < n; i++) fields[names[i] as string] = row[i + 1] ?? null;
      const record: AuditRecord = { kind: spec.kind, fields, hash: String(row[n + 1]) };
      const problem = walk.check(spec, record, Number(row[0]));
      if (problem) {
        const b: ChainBreak = {
          table,
          deviceId: String(fields.deviceId),
          at: Number(row[0]),
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

  const { publicKey, recordedFingerprint: recorded } = deviceKeyRecord(sqlite);
  let keyNote = "this file has no device key yet";
  if (publicKey) {
    const fingerprint = keyFingerprint(publicKey);
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
