import type { ClinicDb } from "../db/open.js";
import { type DeskSyncStore, type Stream, toWireEvent as toWire } from "./desk-store.js";
import type {
  ErrorAnswer,
  PullEventsAnswer,
  PullRecordsAnswer,
  PushEventsAnswer,
  PushRecordsAnswer,
  WaitAnswer,
} from "./protocol.js";
import type { RecordSync } from "./records.js";
import { EncodedBody, type SyncRequest, type SyncTransport } from "./transport.js";

// One sync round: push records, push events, pull records, pull events. Records go first so that a visit's patient
// and staff reach a desk no later than the visit, and each direction keeps that order against work done meanwhile:
// - pushing, the round first notes the last event recorded here, pushes every record then waiting, and only then
//   the events up to that mark; an event recorded while the records were on their way (perhaps about a patient
//   registered in that same moment) waits for the next round, which its append has already asked for;
// - pulling, the round first notes how far the server's events go, pulls the records, then the events up to that
//   mark only: an event another desk pushed meanwhile had its records pushed just before it, and this round may not
//   have pulled them; it comes in the next round.
// Each pushed or pulled batch is its own transaction; between batches the round yields to the event loop so local
// work on the desk goes on.

/** The server answered, but with an error. */
export class SyncAnswerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RoundContext {
  db: ClinicDb;
  store: DeskSyncStore;
  records: RecordSync;
  transport: SyncTransport;
  token: string;
  /** The desk's clock (epoch ms). */
  now: () => number;
  pushBatch: number;
  pullBatch: number;
  /** Called for every answer that carried the server's clock: its estimate of (server − desk) and the round trip. */
  onClock?: (offsetMs: number, roundTripMs: number) => void;
}

export interface RoundSummary {
  pushed: number;
  duplicates: number;
  rejected: number;
  pulled: number;
  recordsPushed: number;
  recordsPulled: number;
  problems: string[];
}

const yieldToLocalWork = () => new Promise<void>((resolve) => setImmediate(resolve));

async function call<T>(ctx: RoundContext, req: Omit<SyncRequest, "token" | "deviceTime">): Promise<T> {
  const sent = ctx.now();
  const res = await ctx.transport({ ...req, token: ctx.token, deviceTime: sent });
  const received = ctx.now();
  if (res.serverTime !== null) ctx.onClock?.(res.serverTime - (sent + received) / 2, received - sent);
  if (res.status !== 200) {
    const error = (res.body as ErrorAnswer | null)?.error;
    throw new SyncAnswerError(
      res.status,
      error?.code ?? "BAD_ANSWER",
      error?.message ?? `The sync server answered with status ${res.status}.`,
    );
  }
  return res.body as T;
}

/** A request already on its way whose failure is judged only when it is awaited (or never, if it is dropped). */
function inFlight<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

async function pull<T extends { more: boolean }>(
  ctx: RoundContext,
  stream: Stream,
  path: string,
  /** The sequence the answer ends at, from which the next page is asked for before this one is stored. */
  lastSeq: (answer: T) => number | undefined,
  /** Stores a batch; false when it stopped at the round's mark and nothing more is wanted this round. */
  store: (answer: T) => boolean,
): Promise<void> {
  const page = (after: number) =>
    inFlight(call<T>(ctx, { method: "GET", path: `${path}?after=${after}&limit=${ctx.pullBatch}` }));
  let restarted = false;
  let next = page(ctx.store.cursor(stream));
  for (;;) {
    let answer: T;
    try {
      answer = await next;
    } catch (err) {
      // A cursor the server does not know (it was restored, or replaced): start again from 0. Storing is by id, so
      // what this desk already holds is simply recognised.
      if (err instanceof SyncAnswerError && err.code === "CURSOR_UNKNOWN" && !restarted) {
        restarted = true;
        ctx.store.setCursor(stream, 0);
        next = page(0);
        continue;
      }
      throw err;
    }
    // The next page is asked for before this one is stored: the server reads and sends it meanwhile. If this one
    // is refused, or is the round's last, the answer is dropped; nothing was stored from it.
    const last = lastSeq(answer);
    if (answer.more && last !== undefined) next = page(last);
    if (store(answer) === false || !answer.more) return;
    if (last === undefined) next = page(ctx.store.cursor(stream));
    await yieldToLocalWork();
  }
}

const emptySummary = (): RoundSummary => ({
  pushed: 0,
  duplicates: 0,
  rejected: 0,
  pulled: 0,
  recordsPushed: 0,
  recordsPulled: 0,
  problems: [],
});

export async function pushRecords(ctx: RoundContext, summary = emptySummary()): Promise<RoundSummary> {
  for (;;) {
    const batch = ctx.records.outbox(200);
    if (!batch.length) break;
    const answer = await call<PushRecordsAnswer>(ctx, {
      method: "POST",
      path: "/v1/records",
      body: { records: batch },
    });
    if (answer.results.length !== batch.length)
      throw new SyncAnswerError(
        200,
        "BAD_ANSWER",
        "The server answered a different number of records than were sent.",
      );
    summary.problems.push(...ctx.records.pushed(batch, answer.results));
    summary.recordsPushed += answer.results.filter((r) => r.status === "accepted").length;
    if (batch.length < 200) break;
  }
  return summary;
}

/**
 * Pushes pending events, a batch at a time, recording the sequences (or rejections) the server answers; only those
 * recorded up to `upTo` (a local position) when given. The batches go out one after another, each once the
 * answer to the one before has come (the server must see a device's chain in order), but the desk reads the next
 * batch while one is on its way and records an answer while the next is on its way.
 */
export async function pushEvents(
  ctx: RoundContext,
  summary = emptySummary(),
  upTo = Number.POSITIVE_INFINITY,
): Promise<RoundSummary> {
  // A batch read and encoded: the next one is made ready while the one before it is on its way.
  const read = (after: number) => {
    const events = ctx.store.pendingEvents(ctx.pushBatch, after).filter((e) => e.position <= upTo);
    return { events, body: events.length ? new EncodedBody({ events: events.map(toWire) }) : null };
  };
  const send = (body: EncodedBody) =>
    inFlight(call<PushEventsAnswer>(ctx, { method: "POST", path: "/v1/events", body }));
  let batch = read(0);
  if (!batch.body) return summary;
  let answer = send(batch.body);
  for (;;) {
    const following = batch.events.length < ctx.pushBatch ? null : read(batch.events.at(-1)?.position ?? 0);
    const results = (await answer).results;
    if (results.length !== batch.events.length)
      throw new SyncAnswerError(
        200,
        "BAD_ANSWER",
        "The server answered a different number of events than were sent.",
      );
    const next = following?.body ? send(following.body) : null;
    const { rejected } = ctx.store.recordPushResults(results, new Date(ctx.now()));
    for (const r of results)
      if (r.status === "accepted") summary.pushed += 1;
      else if (r.status === "duplicate") summary.duplicates += 1;
    summary.rejected += rejected;
    if (!next || !following) break;
    batch = following;
    answer = next;
    await yieldToLocalWork();
  }
  return summary;
}

export async function pullRecords(ctx: RoundContext, summary = emptySummary()): Promise<RoundSummary> {
  await pull<PullRecordsAnswer>(
    ctx,
    "records",
    "/v1/records",
    (answer) => answer.records.at(-1)?.seq,
    (answer) => {
      const cursor = answer.records.at(-1)?.seq ?? ctx.store.cursor("records");
      const { applied, problems } = ctx.records.apply(answer.records, cursor);
      summary.recordsPulled += applied;
      summary.problems.push(...problems);
      return true;
    },
  );
  return summary;
}

/**
 * Pulls until nothing is left (or up to the server sequence `upTo`): each batch stored, its visits re-folded and
 * announced to subscribers.
 */
export async function pullEvents(
  ctx: RoundContext,
  summary = emptySummary(),
  upTo = Number.POSITIVE_INFINITY,
): Promise<RoundSummary> {
  await pull<PullEventsAnswer>(
    ctx,
    "events",
    "/v1/events",
    (answer) => answer.events.at(-1)?.seq,
    (answer) => {
      const events = answer.events.filter((e) => e.seq <= upTo);
      const cursor = events.at(-1)?.seq ?? ctx.store.cursor("events");
      // The checkpoint covers the whole answer: kept only when every event of it is stored now.
      const checkpoint = events.length === answer.events.length ? (answer.checkpoint ?? null) : null;
      const added = ctx.store.storePulledEvents(events, cursor, checkpoint);
      summary.pulled += added.length;
      if (added.length) ctx.db.events.notify(added);
      return events.length === answer.events.length;
    },
  );
  return summary;
}

/** How far the server's events go now; unbounded when the server does not say. */
async function serverEventsHead(ctx: RoundContext): Promise<number> {
  const answer = await call<WaitAnswer>(ctx, {
    method: "GET",
    path: `/v1/wait?events=${ctx.store.cursor("events")}&records=${ctx.store.cursor("records")}&timeout=0`,
  });
  const head = answer?.heads?.events;
  return typeof head === "number" && Number.isSafeInteger(head) ? head : Number.POSITIVE_INFINITY;
}

/** The id of the event the server holds at a sequence; null when its log is shorter. */
async function serverEventAt(ctx: RoundContext, seq: number): Promise<string | null> {
  try {
    const answer = await call<PullEventsAnswer>(ctx, {
      method: "GET",
      path: `/v1/events?after=${seq - 1}&limit=1`,
    });
    const e = answer.events[0];
    return e && e.seq === seq ? e.id : null;
  } catch (err) {
    if (err instanceof SyncAnswerError && err.code === "CURSOR_UNKNOWN") return null;
    throw err;
  }
}

/** Whether the server holds at `seq` the event this desk holds there. */
const agreesAt = async (ctx: RoundContext, seq: number): Promise<boolean> =>
  seq === 0 || (await serverEventAt(ctx, seq)) === ctx.store.eventIdAtSeq(seq);

/**
 * A server restored from an older backup numbers again, from where the backup ended, the events it lost; the desks
 * that held them with their old numbers must forget those. Checked before anything is pushed (this desk's next
 * event may link to events the server lost, and would be refused as a broken chain): the event this desk holds at
 * its highest sequence must be the server's at that sequence. If not, the last sequence where the two logs still
 * agree is found by halving (a few requests of one event each), and everything past it is forgotten. Another desk
 * may already have pushed its lost events again, so the server's head alone does not say where the logs part.
 */
async function catchServerRestore(ctx: RoundContext, summary: RoundSummary): Promise<void> {
  const held = ctx.store.highestServerSeq();
  if (await agreesAt(ctx, held)) return;
  let agreed = 0;
  let differs = held;
  while (differs - agreed > 1) {
    const mid = Math.floor((agreed + differs) / 2);
    if (await agreesAt(ctx, mid)) agreed = mid;
    else differs = mid;
  }
  const restored = ctx.store.serverRestored(agreed, new Date(ctx.now()));
  if (restored)
    summary.problems.push(
      `The central server was restored from an older backup: its events agree with this desk's up to ${agreed}, this desk held them up to ${restored.held}. ${restored.own} of this desk's events are being sent again; ${restored.others} of other desks' events wait for their desk to send them again.`,
    );
}

export async function syncRound(ctx: RoundContext): Promise<RoundSummary> {
  const summary = emptySummary();
  await catchServerRestore(ctx, summary);
  const lastRecorded = ctx.store.lastPosition();
  await pushRecords(ctx, summary);
  await pushEvents(ctx, summary, lastRecorded);
  const serverHead = await serverEventsHead(ctx);
  await pullRecords(ctx, summary);
  await pullEvents(ctx, summary, serverHead);
  return summary;
}
