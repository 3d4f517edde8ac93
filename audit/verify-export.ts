import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { chainWalk } from "./chain-walk.js";
import { checkpointCheck } from "./checkpoint-check.js";
import { entryDigest } from "./entry-digest.js";
import { type Manifest, manifestSchema, signatureProblem } from "./manifest.js";
import { readEntries } from "./read-entries.js";
import type { FileTally } from "./read-lines.js";
import { chainKey, type KindSpec, securityEventKind, visitEventKind } from "./record.js";

// Checks an export against its manifest with nothing but the two files: the manifest's signature, then every
// record in order (its text as written, its hash, its place in its chain, its seq, the signed running digest), then
// the totals, the chain heads and the file's own SHA-256. Stops at the first problem and names its line.

export interface VerifyOptions {
  /** Defaults to FILE.manifest.json. */
  manifestPath?: string;
  /** A key fingerprint the auditor trusts (from the clinic, out of band); the manifest must be signed by it. */
  fingerprint?: string;
  /** The sync server's verifier key the auditor trusts; the carried checkpoint must be signed by it. */
  serverKey?: string;
}

export type VerifyResult =
  | { ok: true; summary: string; manifest: Manifest; records: number; gaps: number }
  | { ok: false; line: number | null; problem: string };

const bad = (line: number | null, problem: string): VerifyResult => ({ ok: false, line, problem });

export function loadManifest(
  path: string,
): { ok: true; manifest: Manifest } | { ok: false; problem: string } {
  if (!existsSync(path)) return { ok: false, problem: `there is no manifest at ${path}` };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return { ok: false, problem: `the manifest ${basename(path)} is not valid JSON` };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      problem: `the manifest is not one this verifier knows: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .join("; ")}`,
    };
  return { ok: true, manifest: parsed.data };
}

export async function verifyExport(file: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  if (!existsSync(file)) return bad(null, `there is no file ${file}`);
  const loaded = loadManifest(options.manifestPath ?? `${file}.manifest.json`);
  if (!loaded.ok) return bad(null, loaded.problem);
  const m = loaded.manifest;
  const sig = signatureProblem(m);
  if (sig) return bad(null, `the manifest cannot be trusted: ${sig}`);
  if (options.fingerprint && options.fingerprint.toLowerCase() !== m.device.fingerprint)
    return bad(
      null,
      `the manifest is signed by key ${m.device.fingerprint}, not by the trusted key ${options.fingerprint}`,
    );

  const server = checkpointCheck(m, options.serverKey);
  if (!server.ok) return bad(null, server.problem);

  const kinds: KindSpec[] = m.request.includeSecurity
    ? [visitEventKind, securityEventKind]
    : [visitEventKind];
  const complete = !m.request.filtered;
  const walk = chainWalk({ complete, atName: "line" });
  const heads = new Map(m.chainHeads.map((h) => [`${h.kind}:${h.deviceId}`, h]));
  const digest = entryDigest();
  const every = m.entries.every;
  const lineOf = new Map<string, number>();
  let keyRecordLine: number | null = null;
  let keyRecordFingerprint: string | null = null;
  let tally: FileTally | null = null;
  let lastLine = 0;
  let i = 0;

  for await (const e of readEntries(
    file,
    { format: m.file.format, exportId: m.exportId, exportedAt: m.exportedAt, kinds },
    (t) => {
      tally = t;
    },
  )) {
    lastLine = e.line;
    if (!("record" in e)) return bad(e.line, e.problem);
    i += 1;
    if (i > m.counts.records)
      return bad(e.line, `is one record too many: the manifest signs ${m.counts.records} records`);
    if (e.seq !== null && e.seq !== i)
      return bad(
        e.line,
        `has seq ${e.seq} where record ${i} belongs: a record was removed, added, copied or moved`,
      );
    const spec = kinds.find((k) => k.kind === e.record.kind);
    if (!spec) return bad(e.line, `holds a ${e.record.kind}, which this export was not asked for`);
    const problem = walk.check(spec, e.record, e.line);
    if (problem) return bad(e.line, problem);
    const key = chainKey(e.record);
    if (!heads.has(key)) return bad(e.line, `belongs to ${key}, a chain the manifest does not list`);
    if (e.record.kind === visitEventKind.kind) {
      const off = server.check.add(e.record.hash);
      if (off) return bad(e.line, off);
    }
    digest.add(e.entry);
    if (i % every === 0 && m.entries.checkpoints[i / every - 1] !== digest.value)
      return bad(
        every === 1 ? e.line : null,
        every === 1
          ? "is not the record the manifest signed at this place: it was changed, added, copied or moved"
          : `records ${i - every + 1} to ${i} (ending at line ${e.line}) are not the ones the manifest signed: one was changed, added, copied or moved`,
      );
    lineOf.set(key, e.line);
    if (
      e.record.kind === securityEventKind.kind &&
      e.record.fields.action === "device_key_created" &&
      e.record.fields.deviceId === m.device.deviceId
    ) {
      try {
        keyRecordFingerprint =
          (JSON.parse(String(e.record.fields.detail)) as { fingerprint?: string }).fingerprint ?? null;
      } catch {
        keyRecordFingerprint = null;
      }
      keyRecordLine = e.line;
    }
  }

  if (i < m.counts.records)
    return bad(
      lastLine + 1,
      `is missing: the file holds ${i} records but the manifest signs ${m.counts.records}`,
    );
  const short = server.check.finish();
  if (short) return bad(null, short);
  if (digest.value !== m.entries.digest)
    return bad(null, "the records are not the ones the manifest signed (running digest differs)");
  for (const [kind, n] of Object.entries(m.counts.byKind))
    if (
      (n ?? 0) !==
      [...walk.chains].filter(([k]) => k.startsWith(`${kind}:`)).reduce((s, [, c]) => s + c.count, 0)
    )
      return bad(null, `the manifest counts ${n} ${kind} records but the file holds a different number`);
  for (const [key, state] of walk.chains)
    if (m.counts.byChain[key] !== state.count)
      return bad(
        null,
        `the file holds ${state.count} records of ${key} but the manifest counts ${m.counts.byChain[key] ?? 0}`,
      );
  if (walk.gaps !== m.counts.chainGaps)
    return bad(null, `the file has ${walk.gaps} chain gaps but the manifest recorded ${m.counts.chainGaps}`);
  if (complete) {
    for (const h of m.chainHeads) {
      if (!kinds.some((k) => k.kind === h.kind)) continue;
      const key = `${h.kind}:${h.deviceId}`;
      const state = walk.chains.get(key);
      if (!state || state.count !== h.length)
        return bad(
          null,
          `${key} had ${h.length} records when exported but the file holds ${state?.count ?? 0}`,
        );
      if (state.lastHash !== h.head)
        return bad(
          lineOf.get(key) ?? null,
          `is the last record of ${key} but not the chain head the manifest recorded`,
        );
    }
  }
  const t = tally as FileTally | null;
  if (!t || t.bytes !== m.file.bytes || t.sha256 !== m.file.sha256)
    return bad(
      null,
      "the file's bytes are not the ones the manifest signed (outside the records: header, separators or ending)",
    );
  if (keyRecordFingerprint !== null && keyRecordFingerprint !== m.device.fingerprint)
    return bad(
      keyRecordLine,
      `records ${m.device.deviceId}'s key ${keyRecordFingerprint}, but the manifest is signed with ${m.device.fingerprint}`,
    );

  const kindsText = Object.entries(m.counts.byKind)
    .map(([k, n]) => `${n} ${k.replace("_", " ")}s`)
    .join(", ");
  const scope = complete
    ? "every hash and chain link checks out and each chain ends at its signed head"
    : `every hash checks out; filtered export, ${walk.gaps} chain gaps where records were left out`;
  const keyNote = keyRecordLine ? ` (the key the device recorded at line ${keyRecordLine})` : "";
  // Without a fingerprint from the clinic, the signature only shows the file matches its own manifest's key.
  const signer = options.fingerprint
    ? " The signer is the trusted key you gave."
    : ` The signer was NOT checked against a known key: anyone can make a self-consistent export and manifest. Ask the clinic's administrator for the device's key fingerprint (the admin screen's security log, action device_key_created, or the manifest of an export made in front of you) and run again with --fingerprint ${m.device.fingerprint}.`;
  const aids =
    m.file.format === "ndjson"
      ? ""
      : ` Reading aids not covered by any hash (${m.file.format === "csv" ? "the CSV columns patientId and performedByName" : "FHIR: the agent's display name, the patient entity and the event type's label"}) are unverified.`;
  return {
    ok: true,
    records: i,
    gaps: walk.gaps,
    manifest: m,
    summary: `OK ${basename(file)}: ${i} records (${kindsText || "none"}) in ${walk.chains.size} ${walk.chains.size === 1 ? "chain" : "chains"}; ${scope}; signed by ${m.device.deviceId} key ${m.device.fingerprint.slice(0, 16)}${keyNote}; exported by ${m.exportedBy.name} at ${m.exportedAt}.${signer}${server.check.summary()}${aids}`,
  };
}
