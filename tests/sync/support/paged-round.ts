import { createDeskSyncStore, readSyncSettings } from "../../../sync/desk-store.js";
import { createRecordSync } from "../../../sync/records.js";
import { type RoundContext, syncRound } from "../../../sync/round.js";
import { inProcessTransport } from "./in-process.js";
import type { InProcessClinic, InProcessDesk } from "./in-process-clinic.js";

/** One sync round of a desk of the in-process clinic, pushing and pulling `batch` events at a time. */
export function pagedRound(clinic: InProcessClinic, desk: InProcessDesk, batch: number) {
  const settings = readSyncSettings(desk.db);
  if (!settings) throw new Error("desk not enrolled");
  const ctx: RoundContext = {
    db: desk.db,
    store: createDeskSyncStore(desk.db),
    records: createRecordSync(desk.db),
    transport: inProcessTransport(clinic.api).transport,
    token: settings.token,
    now: Date.now,
    pushBatch: batch,
    pullBatch: batch,
  };
  return syncRound(ctx);
}
