import { connect } from "node:net";

// A client that speaks HTTP/1.1 by hand over a socket, for the servers' edges: a body that is declared but never
// sent, one streamed without end, headers that stop half-way. It reports the answer (if any), when it came and
// how much of the body had been sent by then.

export interface RawAnswer {
  /** 0 when the server closed the connection without answering. */
  status: number;
  body: string;
  /** Milliseconds from connecting to the first byte of the answer (or to the close). */
  ms: number;
  /** Body bytes written before the answer arrived. */
  sentBeforeAnswer: number;
}

export interface RawRequest {
  port: number;
  /** Request line and headers, without the blank line that ends them when `endHeaders` is false. */
  head: string;
  endHeaders?: boolean;
  /** Sent at once after the headers. */
  body?: string;
  /** Keep sending chunks of this many bytes (chunked encoding unless the head declares a length) until answered. */
  stream?: { chunkBytes: number; everyMs: number; chunked: boolean };
  /** Give up after this long (ms). */
  timeoutMs?: number;
}

export function rawRequest(r: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(r.port, "127.0.0.1");
    let text = "";
    let firstByteAt: number | null = null;
    let sent = 0;
    let sentAtAnswer: number | null = null;
    let timer: NodeJS.Timeout | null = null;
    const finish = () => {
      if (timer) clearInterval(timer);
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      const split = text.indexOf("\r\n\r\n");
      resolve({
        status: m ? Number(m[1]) : 0,
        body: split >= 0 ? text.slice(split + 4) : "",
        ms: (firstByteAt ?? Date.now()) - started,
        sentBeforeAnswer: sentAtAnswer ?? sent,
      });
    };
    const giveUp = setTimeout(() => socket.destroy(), r.timeoutMs ?? 10_000);
    socket.on("data", (d) => {
      if (firstByteAt === null) {
        firstByteAt = Date.now();
        sentAtAnswer = sent;
      }
      text += d.toString("utf8");
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(giveUp);
      finish();
    });
    socket.on("connect", () => {
      socket.write(r.endHeaders === false ? r.head : `${r.head}\r\n\r\n`);
      if (r.body !== undefined) socket.write(r.body);
      const s = r.stream;
      if (!s) return;
      const chunk = Buffer.alloc(s.chunkBytes, 120);
      timer = setInterval(() => {
        if (firstByteAt !== null || socket.destroyed) return;
        if (s.chunked) socket.write(`${chunk.length.toString(16)}\r\n`);
        socket.write(chunk);
        if (s.chunked) socket.write("\r\n");
        sent += chunk.length;
      }, s.everyMs);
    });
  });
}
