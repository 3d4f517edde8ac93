import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";

/**
 * Writes a document so it appears under its name complete or not at all: to `<file>.partial`, flushed to disk, then
 * renamed. On any failure (a full disk, a failed rename) the partial file is removed and the error rethrown.
 * `exclusive` refuses to reuse a partial name that already exists.
 */
export function writeDurably(file: string, bytes: Uint8Array, { exclusive = false } = {}): void {
  const temp = `${file}.partial`;
  try {
    const fd = openSync(temp, exclusive ? "wx" : "w");
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
