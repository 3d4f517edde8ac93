// The desk's sync, for the Electron main process and the browser host: create the job once the database is open,
// start it, show its status, stop it before closing the database.
export { type EnrolOptions, type EnrolResult, enrolDesk } from "./enroll.js";
export { createSyncJob, type SyncJob, type SyncJobOptions, type SyncState, type SyncStatus } from "./job.js";
export { createHttpTransport, type SyncTransport } from "./transport.js";
