import type { IpcMainLike, PushTarget } from "../../electron/ipc-adapter.js";
import type { SenderFrameLike } from "../../electron/trusted-sender.js";

// Stand-ins for the few Electron objects the shell's testable parts touch. They behave like Electron where it
// matters to the code under test: invoke fails when no handler is registered, and everything that crosses the
// process boundary is structured-cloned (so a reply that could not travel over real IPC fails here too).

type Handler = (event: { senderFrame: SenderFrameLike | null }, ...args: unknown[]) => unknown;

export function standInIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener as Handler);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };
  async function invoke(
    frame: SenderFrameLike | null,
    channel: string,
    ...args: unknown[]
  ): Promise<unknown> {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return structuredClone(await handler({ senderFrame: frame }, ...structuredClone(args)));
  }
  return { ipcMain, handlers, invoke };
}

export const mainFrame = (url: string): SenderFrameLike => ({ url, parent: null });
export const subFrame = (url: string, parentUrl: string): SenderFrameLike => ({
  url,
  parent: mainFrame(parentUrl),
});

type RendererListener = (event: unknown, ...args: unknown[]) => void;

/** One window: its page's ipcRenderer (wired to the stand-in ipcMain) and its webContents (for pushes). */
export function standInWindow(main: ReturnType<typeof standInIpcMain>, url: string) {
  const listeners = new Map<string, Set<RendererListener>>();
  let destroyed = false;
  const frame = mainFrame(url);
  const ipcRenderer = {
    invoke: (channel: string, ...args: unknown[]) => main.invoke(frame, channel, ...args),
    on(channel: string, listener: RendererListener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
      return ipcRenderer;
    },
    removeListener(channel: string, listener: RendererListener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  const sent: { channel: string; args: unknown[] }[] = [];
  const webContents: PushTarget = {
    isDestroyed: () => destroyed,
    getURL: () => url,
    send(channel, ...args) {
      const cloned = structuredClone(args);
      sent.push({ channel, args: cloned });
      // Electron hands renderer listeners an IpcRendererEvent whose `sender` is the raw ipcRenderer.
      for (const l of listeners.get(channel) ?? []) l({ sender: ipcRenderer }, ...cloned);
    },
  };
  return {
    ipcRenderer,
    webContents,
    sent,
    listenerCount: (channel: string) => listeners.get(channel)?.size ?? 0,
    destroy: () => {
      destroyed = true;
    },
  };
}
