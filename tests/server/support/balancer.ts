import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

// A round-robin load balancer in front of several sync-server processes, as a group deployment runs them (nginx,
// HAProxy): each request goes to the next server; a server that refuses connections is skipped from then on, and
// the request that found it gone is cut, as a real balancer's would be, so the desk retries.

export interface Balancer {
  url: string;
  close(): Promise<void>;
}

export async function startBalancer(targets: string[]): Promise<Balancer> {
  const backends = targets.map((t) => ({ url: new URL(t), alive: true }));
  let next = 0;
  const sockets = new Set<Socket>();
  const pick = () => {
    for (let i = 0; i < backends.length; i++) {
      const b = backends[(next + i) % backends.length];
      if (b?.alive) {
        next = (next + i + 1) % backends.length;
        return b;
      }
    }
    return null;
  };
  const server = http.createServer((req, res) => {
    const backend = pick();
    if (!backend) {
      req.socket.destroy();
      return;
    }
    const upstream = http.request(
      {
        hostname: backend.url.hostname,
        port: backend.url.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("error", () => req.socket.destroy());
      },
    );
    upstream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNREFUSED") backend.alive = false;
      req.socket.destroy();
    });
    req.pipe(upstream);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
