import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";

// A file that appears under its final name complete or not at all: it is written to a hidden temporary name in the
// same folder (so the rename cannot cross file systems), flushed to disk with fsync, then renamed; the folder is
// fsynced so the rename itself survives a power cut. Writes go through a write stream and wait for 'drain' when its
// buffer is full, so memory stays flat however much is written. The SHA-256 and size of what was written are kept.

export interface AtomicFile {
  readonly tempPath: string;
  /** Bytes taken so far, written or still in the chunk being filled. */
  readonly bytes: number;
  /** Takes text without waiting; call `ready()` before taking much more, so the disk sets the pace. */
  add(text: string): void;
  /** Resolves once the stream can take more (at once, unless its buffer is full). */
  ready(): Promise<void>;
  write(text: string): Promise<void>;
  /** Flushes and fsyncs the temporary file; `publish` then moves it into place. */
  close(): Promise<{ bytes: number; sha256: string }>;
  /** Removes the temporary file; safe to call at any point, and after close. */
  discard(): Promise<void>;
}

/** Text is gathered into chunks of this size before it is handed to the stream. */
const CHUNK = 256 * 1024;

export async function createAtomicFile(finalPath: string): Promise<AtomicFile> {
  const tempPath = join(
    dirname(finalPath),
    `.${basename(finalPath)}.${randomBytes(6).toString("hex")}.partial`,
  );
  const stream: Writable = createWriteStream(tempPath, { flags: "wx", mode: 0o644, highWaterMark: CHUNK });
  await Promise.race([once(stream, "open"), once(stream, "error").then(([err]) => Promise.reject(err))]);
  const digest = createHash("sha256");
  // Text is encoded straight into a chunk-sized buffer (no joining of strings, no second copy). A full chunk goes
  // to the stream, which holds it until it is on disk, then comes back here to be filled again: a handful of
  // buffers serve the whole file, rather than a fresh 256 KB allocation a chunk.
  const spare: Buffer[] = [];
  const fresh = () => spare.pop() ?? Buffer.allocUnsafe(CHUNK);
  let chunk = fresh();
  let used = 0;
  let handed = 0;
  let closed = false;
  let failure: Error | null = null;
  stream.on("error", (err) => {
    failure = err;
  });

  function hand(buf: Buffer, reuse?: Buffer): void {
    digest.update(buf);
    handed += buf.length;
    stream.write(buf, reuse && (() => spare.push(reuse)));
  }

  function add(text: string): void {
    if (failure) throw failure;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8, so text of this length always fits whole.
    if (text.length * 3 > CHUNK - used) {
      if (used) {
        hand(chunk.subarray(0, used), chunk);
        chunk = fresh();
        used = 0;
      }
      if (text.length * 3 > CHUNK) {
        hand(Buffer.from(text, "utf8"));
        return;
      }
    }
    used += chunk.write(text, used, "utf8");
  }

  async function ready(): Promise<void> {
    if (failure) throw failure;
    // once() also rejects if the stream fails while we wait.
    if (stream.writableNeedDrain) await once(stream, "drain");
    if (failure) throw failure;
  }

  async function flush(): Promise<void> {
    if (used) {
      hand(chunk.subarray(0, used), chunk);
      chunk = fresh();
      used = 0;
    }
    await ready();
  }

  return {
    tempPath,
    get bytes() {
      return handed + used;
    },
    add,
    ready,
    async write(text) {
      add(text);
      await ready();
    },
    async close() {
      await flush();
      const shut = once(stream, "close");
      stream.end();
      await shut;
      if (failure) throw failure;
      closed = true;
      // fsync flushes the file's data whichever descriptor asks, so a fresh one does once the stream has closed.
      const handle = await open(tempPath, "r+");
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      return { bytes: handed, sha256: digest.digest("hex") };
    },
    async discard() {
      if (!closed) {
        const shut = once(stream, "close").catch(() => {});
        stream.destroy();
        await shut;
        closed = true;
      }
      await rm(tempPath, { force: true });
    },
  };
}

/** Moves finished temporary files into place, in order, then fsyncs their folder. */
export async function publish(moves: readonly { from: string; to: string }[]): Promise<void> {
  for (const m of moves) await rename(m.from, m.to);
  const folders = new Set(moves.map((m) => dirname(m.to)));
  for (const folder of folders) {
    const dir = await open(folder, "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
