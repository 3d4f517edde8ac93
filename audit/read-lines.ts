import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

// Reads a file as "\n"-terminated lines with constant memory, and the SHA-256 and size of its exact bytes on the
// way (a "\r" stays part of its line, so it cannot slip past the checks). A last line without its "\n" is reported.

export interface FileTally {
  bytes: number;
  sha256: string;
}

export interface Line {
  number: number;
  text: string;
  terminated: boolean;
}

const NEWLINE = 0x0a;

/**
 * Lines are found in the bytes and each is decoded on its own: a "\n" byte never occurs inside a UTF-8 sequence, so
 * a line is always whole characters. Decoding a 256 KB chunk into one string and slicing lines from it was most of
 * a verification's time (strings that large are costly for V8 to make), and a line at a time is exact as well.
 */
export async function* readLines(path: string, tally: (t: FileTally) => void): AsyncGenerator<Line> {
  const hash = createHash("sha256");
  let bytes = 0;
  let rest: Buffer | null = null;
  let number = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    let start = 0;
    let nl = chunk.indexOf(NEWLINE);
    if (rest && nl !== -1) {
      // The line that began in the chunk before ends here.
      number += 1;
      yield { number, text: Buffer.concat([rest, chunk.subarray(0, nl)]).toString("utf8"), terminated: true };
      rest = null;
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    for (; nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      number += 1;
      yield { number, text: chunk.toString("utf8", start, nl), terminated: true };
      start = nl + 1;
    }
    // A copy: the stream's chunk is not ours to keep.
    if (start < chunk.length)
      rest = Buffer.concat(rest ? [rest, chunk.subarray(start)] : [chunk.subarray(start)]);
  }
  if (rest?.length) yield { number: number + 1, text: rest.toString("utf8"), terminated: false };
  tally({ bytes, sha256: hash.digest("hex") });
}
