import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { type Logger, pino } from "pino";
import roll from "pino-roll";

// Structured logs for the sync server, the browser host and long CLI commands: one JSON object a line, in
// <data folder>/logs/<name>.N.log, rolled at 10 MB with the 5 newest kept (a clinic machine's disk must not fill
// with logs). What goes in is chosen, never dumped: a request's method, path (no query string: the browser host's
// launch secret travels there), status, duration and id; never a body, a header or a person's details. The redact
// paths below are the second line of defence, for fields that must never be written even if someone logs an object.

export type { Logger };

export const LOG_FILE_BYTES = "10m";
export const LOG_FILES_KEPT = 5;

/** Field names that may carry a secret or a patient's details, wherever they sit in a logged object. */
const sensitive = [
  "password",
  "newPassword",
  "currentPassword",
  "token",
  "sessionToken",
  "secret",
  "authorization",
  "cookie",
  "code",
  "contentBase64",
  "name",
  "patientName",
  "dateOfBirth",
  "phone",
  "address",
  "nationalId",
  "notes",
];
export const redactPaths = [
  ...sensitive,
  ...sensitive.map((k) => `*.${k}`),
  ...sensitive.map((k) => `*.*.${k}`),
  'req.headers["x-hms-secret"]',
];

export interface OpenedLog {
  log: Logger;
  /** The folder the rolled files go to: <folder>/<name>.1.log, .2.log, ... */
  folder: string;
  close(): Promise<void>;
}

/** Opens <folder>/<name>.N.log for appending, rolled by size. */
export async function openLog(folder: string, name: string, level = "info"): Promise<OpenedLog> {
  const stream = await roll({
    file: join(folder, name),
    extension: ".log",
    size: LOG_FILE_BYTES,
    limit: { count: LOG_FILES_KEPT },
    mkdir: true,
  });
  const log = pino(
    {
      level,
      base: { service: name, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: "[redacted]" },
    },
    stream,
  );
  return {
    log,
    folder,
    close: () =>
      new Promise<void>((resolve) => {
        log.flush(() => {
          stream.end();
          resolve();
        });
      }),
  };
}

/** A logger that writes nothing, for callers that were given none. */
export const silentLog: Logger = pino({ enabled: false });

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's x-request-id when it is a sane token (a proxy's, say), else a fresh one. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}

export interface RequestDone {
  method: string;
  path: string;
  status: number;
  seconds: number;
}

/**
 * Wraps an HTTP handler: gives each request an id (echoed in the x-request-id header, so a person can quote it),
 * and logs one line when the answer is sent, with what `done` is told for metrics.
 */
export function withRequestLog(
  log: Logger,
  handler: (req: IncomingMessage, res: ServerResponse, reqId: string) => void,
  done?: (info: RequestDone) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = process.hrtime.bigint();
    const reqId = requestIdOf(req);
    res.setHeader("x-request-id", reqId);
    res.once("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const info = {
        method: req.method ?? "GET",
        path: new URL(req.url ?? "/", "http://request.invalid").pathname,
        status: res.statusCode,
        seconds,
      };
      const line = {
        reqId,
        method: info.method,
        path: info.path,
        status: info.status,
        ms: Math.round(seconds * 1000),
      };
      if (info.status >= 500) log.error(line, "request failed");
      else log.info(line, "request");
      done?.(info);
    });
    handler(req, res, reqId);
  };
}
