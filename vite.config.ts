import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The renderer's build. Output goes to dist/, which both the browser host (api/http/host.ts) and the desktop app
// (electron/app-paths.ts) serve. Relative asset paths work under http://127.0.0.1 and app://clinic alike.
export default defineConfig({
  plugins: [react()],
  base: "./",
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
  server: { host: "127.0.0.1" },
});
