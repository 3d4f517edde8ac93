import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

// A loopback HTTP proxy between one desk and the sync server, to break the network on purpose: take it down (every
// connection refused or cut), or let a request reach the server and lose its answer on the way back.

export interface FaultyProxy {
  url: string;
  down(): void;
  up(): void;
  /** The next request whose method and path start as given reaches the server; its answer never reaches the desk. */
  loseNextAnswer(match: string): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<FaultyProxy> {
  const to = new URL(target);
  let isDown = false;
  const sockets = new Set<Socket>();
  let lose: { match: string; seen: (a: { status: number; body: string }) => void } | null = null;

  const server = http.createServer((req, res) => {
    if (isDown) {
      req.socket.destroy();
      return;
    }
    const upstream = http.request(
      { hostname: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (c: Buffer) => chunks.push(c));
        answer.on("end", () => {
          const body = Buffer.concat(chunks);
          const key = `${req.method} ${req.url}`;
          if (lose && key.startsWith(lose.match)) {
            const l = lose;
            lose = null;
            req.socket.destroy(); // the server committed; the desk hears nothing
            l.seen({ status: answer.statusCode ?? 0, body: body.toString() });
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(body);
        });
      },
    );
    upstream.on("error", () => req.socket.destroy());
    req.pipe(upstream);
  });
  server.on("connection", (s) => {
    if (isDown) {
      s.destroy();
      return;
    }
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    down() {
      isDown = true;
      for (const s of sockets) s.destroy();
    },
    up() {
      isDown = false;
    },
    loseNextAnswer(match) {
      return new Promise((resolve) => {
        lose = { match, seen: resolve };
      });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
