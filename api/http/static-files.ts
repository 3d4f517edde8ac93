import { createReadStream, existsSync, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";

// Serves the built renderer (Vite's output). Paths cannot leave the folder; unknown paths without an extension get
// index.html, so a reload on a screen's address still opens the app.

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

export function serveStatic(rendererDir: string, pathname: string, res: ServerResponse): void {
  const root = resolve(rendererDir);
  const index = join(root, "index.html");
  if (!existsSync(index)) {
    res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
    res.end("The screens are not built yet. Run `npm run build:renderer` (`npm run web` does it for you).\n");
    return;
  }
  let file = normalize(join(root, decodeURIComponent(pathname)));
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(404).end();
    return;
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    if (extname(pathname) !== "") {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
      return;
    }
    file = index;
  }
  const type = types[extname(file)] ?? "application/octet-stream";
  // Hashed asset names may be cached; index.html must not be, or a rebuilt app would load old scripts.
  const cache = file === index ? "no-store" : "public, max-age=31536000, immutable";
  res.writeHead(200, { "content-type": type, "cache-control": cache });
  createReadStream(file).pipe(res);
}
