import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";

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

export async function* readLines(path: string, tally: (t: FileTally) => void): AsyncGenerator<Line> {
  const hash = createHash("sha256");
  const decoder = new StringDecoder("utf8");
  let bytes = 0;
  let rest = "";
  let number = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    const text = rest + decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
      number += 1;
      yield { number, text: text.slice(start, nl), terminated: true };
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (rest.length) yield { number: number + 1, text: rest, terminated: false };
  tally({ bytes, sha256: hash.digest("hex") });
}
