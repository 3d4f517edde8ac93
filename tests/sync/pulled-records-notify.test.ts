import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openClinicDb } from "../../db/open.js";
import type { RecordKind } from "../../db/record-changes.js";
import { createRecordSync } from "../../sync/records.js";
import { makeClinic, tempDir } from "../support/temp-db.js";

// Staff and patients added at one desk reach another by record sync; the windows open at that desk must hear of
// them as they would of their own desk's writes, after the pulled batch is stored.

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe("records pulled from another desk", () => {
  it("tell this desk's windows which kinds changed, once the batch is stored", () => {
    const front = makeClinic();
    cleanups.push(front.close);
    const { dir, cleanup } = tempDir();
    const back = openClinicDb(join(dir, "back.sqlite"));
    cleanups.push(() => {
      back.close();
      cleanup();
    });
    const heard: RecordKind[][] = [];
    back.recordChanges.onChanged((kinds) => {
      // Heard after the commit: the rows are already there to be read.
      expect(back.sqlite.prepare("SELECT COUNT(*) FROM patients").pluck().get()).toBe(1);
      heard.push(kinds);
    });

    const outbox = createRecordSync(front.db).outbox(100);
    const pulled = outbox.map((r, i) => ({ ...r, seq: i + 1, deviceId: front.db.deviceId }));
    const result = createRecordSync(back).apply(pulled, pulled.length);

    expect(result.applied).toBe(outbox.length);
    expect(heard.map((kinds) => [...kinds].sort())).toEqual([["patients", "staff"]]);
    // Pulling the same versions again changes nothing, and nobody is told.
    createRecordSync(back).apply(pulled, pulled.length);
    expect(heard).toHaveLength(1);
  });
});
