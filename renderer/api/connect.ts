import type { ClinicClient } from "./client.js";
import { createHttpClient } from "./http-client.js";
import { createIpcClient } from "./ipc-client.js";

// Picks the transport once: the desktop app's preload exposes window.clinic; the browser host does not.
export function connect(): ClinicClient {
  return typeof window !== "undefined" && window.clinic ? createIpcClient(window.clinic) : createHttpClient();
}
