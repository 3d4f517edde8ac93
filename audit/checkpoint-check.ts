import {
  type Checkpoint,
  EMPTY_ROOT,
  nextRoot,
  noteKeyId,
  openCheckpoint,
  parseVerifierKey,
  verifierKey,
} from "../sync/checkpoint.js";
import type { Manifest } from "./manifest.js";

// Checks an export against the sync server's checkpoint its manifest carries: the checkpoint's signature by the
// server key, and, for a complete export, that the running hash of its first `size` visit events (the export
// writes sequenced events first, by server sequence) is the checkpoint's root. A filtered export leaves events out,
// so only the signature can be checked; the summary says so, and says whose key the server key was checked against.

export interface CheckpointCheck {
  /** Feeds one visit event's hash, in file order; the problem when the root is reached and differs. */
  add(hash: string): string | null;
  /** After the last record: the problem when the export held fewer visit events than the checkpoint signs. */
  finish(): string | null;
  /** What was and was not checked, in sentences, for the summary. */
  summary(): string;
}

const HOW_TO_GET_SERVER_KEY =
  "ask the clinic's administrator for the sync server's key (clinic-hms sync-server key on the server) and run again with --server-key KEY";

export function checkpointCheck(
  m: Manifest,
  trustedServerKey: string | undefined,
): { ok: true; check: CheckpointCheck } | { ok: false; problem: string } {
  const carried = m.checkpoint ?? null;
  if (!carried) {
    if (trustedServerKey)
      return {
        ok: false,
        problem:
          "the export carries no server checkpoint to check against the server key you gave: the desk had not synced (or kept no checkpoint) when it exported",
      };
    return {
      ok: true,
      check: {
        add: () => null,
        finish: () => null,
        summary: () =>
          " No server checkpoint: the desk had never synced (or kept no checkpoint) when it exported, so only the desk's own key vouches for these records.",
      },
    };
  }
  const pinned = parseVerifierKey(carried.serverKey);
  if (!pinned)
    return { ok: false, problem: "the server key in the manifest is not a verifier key (name+id+key)" };
  let trusted = false;
  if (trustedServerKey) {
    const given = parseVerifierKey(trustedServerKey);
    if (!given)
      return {
        ok: false,
        problem: "--server-key is not a verifier key (name+id+key, as the server prints it)",
      };
    if (verifierKey(given.name, given.publicKey) !== verifierKey(pinned.name, pinned.publicKey))
      return {
        ok: false,
        problem: `the checkpoint is vouched for by server key ${carried.serverKey}, not by the server key you gave: it was not signed by the clinic's sync server`,
      };
    trusted = true;
  }
  const opened = openCheckpoint(carried.note, pinned);
  if (!opened.ok) return { ok: false, problem: `the server checkpoint cannot be trusted: ${opened.problem}` };
  const cp: Checkpoint = opened.checkpoint;
  const complete = !m.request.filtered;
  let seen = 0;
  let root = EMPTY_ROOT;
  const keyText = trusted
    ? "the server key you gave"
    : `server key ${pinned.name}+${noteKeyId(pinned.name, pinned.publicKey).toString("hex")}, which was NOT checked against a known key (it is the one the desk pinned at enrolment; ${HOW_TO_GET_SERVER_KEY})`;
  return {
    ok: true,
    check: {
      add(hash) {
        if (!complete || seen >= cp.size) return null;
        seen += 1;
        root = nextRoot(root, hash);
        if (seen === cp.size && root !== cp.root)
          return `ends the first ${cp.size} visit events, which are not the ones the sync server signed in its checkpoint of ${cp.size} events (their running hash differs): events were changed, left out, added or reordered since the server sequenced them`;
        return null;
      },
      finish() {
        if (!complete || seen >= cp.size) return null;
        return `the server checkpoint signs ${cp.size} events of the clinic's log but the export holds only ${seen} sequenced visit events: events the server holds were left out`;
      },
      summary() {
        const signed = `Server checkpoint ${cp.origin} of ${cp.size} events signed at ${cp.time} by ${keyText}`;
        if (!complete)
          return ` ${signed}: its signature holds, but a filtered export leaves events out, so its root cannot be recomputed from this file; check a complete export against it.`;
        const later = m.counts.records - cp.size;
        return ` ${signed}: the first ${cp.size} visit events match its root${later > 0 ? `; the ${later} records after them (events not yet synced when exported, or the security log) are vouched for by the desk's key only` : ""}.`;
      },
    },
  };
}
