import pg from "pg";
import { type ClinicWaiters, createClinicWaiters } from "../waiters.js";
import { connectionConfig } from "./pool.js";

// Long polls woken across server processes: a push NOTIFYs the clinic's id inside its transaction (PostgreSQL
// delivers it on commit), and every process LISTENs on one connection of its own and wakes its waiting desks.
// When that connection drops, every waiting desk is woken (it re-reads the heads and waits again) while the
// listener reconnects, so a change made meanwhile is never slept through.

export const CLINIC_CHANGED_CHANNEL = "hms_clinic_changed";

export interface ClinicListener {
  waiters: ClinicWaiters;
  close(): Promise<void>;
}

export async function listenForClinicChanges(url: string): Promise<ClinicListener> {
  const waiters = createClinicWaiters();
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const wakeEveryone = () => waiters.releaseAll();

  const connect = async (): Promise<void> => {
    const c = new pg.Client(connectionConfig(url));
    c.on("notification", (msg) => {
      if (msg.channel === CLINIC_CHANGED_CHANNEL && msg.payload) waiters.changed(msg.payload);
    });
    c.on("error", () => {
      if (client !== c) return;
      client = null;
      c.end().catch(() => undefined);
      wakeEveryone();
      if (!closed) retry = setTimeout(() => void connect().catch(scheduleRetry), 500);
    });
    await c.connect();
    await c.query(`LISTEN ${CLINIC_CHANGED_CHANNEL}`);
    if (closed) {
      await c.end();
      return;
    }
    client = c;
  };
  const scheduleRetry = () => {
    if (!closed) retry = setTimeout(() => void connect().catch(scheduleRetry), 1000);
  };

  await connect();
  return {
    waiters,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      waiters.releaseAll();
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
