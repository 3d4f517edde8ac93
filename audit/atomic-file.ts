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
  write(text: string): Promise<void>;
  /** Flushes and fsyncs the temporary file; `publish` then moves it into place. */
  close(): Promise<{ bytes: number; sha256: string }>;
  /** Removes the temporary file; safe to call at any point, and after close. */
  discard(): Promise<void>;
}

/** Text is gathered into chunks of about this size before it is handed to the stream. */
const CHUNK = 256 * 1024;

export async function createAtomicFile(finalPath: string): Promise<AtomicFile> {
  const tempPath = join(
    dirname(finalPath),
    `.${basename(finalPath)}.${randomBytes(6).toString("hex")}.partial`,
  );
  const stream: Writable = createWriteStream(tempPath, { flags: "wx", mode: 0o644, highWaterMark: CHUNK });
  await Promise.race([once(stream, "open"), once(stream, "error").then(([err]) => Promise.reject(err))]);
  const digest = createHash("sha256");
  let pending: string[] = [];
  let pendingLength = 0;
  let bytes = 0;
  let closed = false;
  let failure: Error | null = null;
  stream.on("error", (err) => {
    failure = err;
  });

  async function flush(): Promise<void> {
    if (!pendingLength) return;
    const buf = Buffer.from(pending.join(""), "utf8");
    pending = [];
    pendingLength = 0;
    digest.update(buf);
    bytes += buf.length;
    if (failure) throw failure;
    // once() also rejects if the stream fails while we wait.
    if (!stream.write(buf)) await once(stream, "drain");
    if (failure) throw failure;
  }

  return {
    tempPath,
    async write(text) {
      pending.push(text);
      pendingLength += text.length;
      if (pendingLength >= CHUNK) await flush();
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
      return { bytes, sha256: digest.digest("hex") };
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
