import type { AuthorityView, Judgement } from "../sync/authority.js";
import type {
  ClinicStatus,
  PulledEvent,
  PulledRecord,
  PushOutcome,
  RecordOutcome,
  WireEvent,
  WireRecord,
} from "../sync/protocol.js";

// What the sync server needs from its storage, and nothing more, so that a group of clinics can later put it on
// PostgreSQL by writing one more implementation of this interface. Every method is async for that reason; the
// embedded SQLite implementation (sqlite-storage.ts) answers synchronously underneath.
//
// Invariants every implementation keeps:
// - events and records are append-only: never updated, never deleted;
// - an event id is stored at most once per clinic; a repeat is answered with the sequence it holds;
// - a new event is stored only when its prevHash is the hash of its device's latest stored event (null for the
//   device's first), checked inside the storing transaction (sync/chain-link.ts words the refusal);
// - each clinic's running hash of its events (sync/checkpoint.ts) moves in the transaction that stores them;
// - sequences are per clinic, start at 1, have no gaps, and are assigned inside the transaction that stores them;
// - a record change id is stored at most once per clinic (a replay is answered as a duplicate);
// - the security log is append-only;
// - attempts limited per key (reserveAttempt) are counted in the database, so every process on it shares the count;
// - secrets (device tokens, enrolment codes) are only ever held as hashes.

export interface Clinic {
  id: string;
  name: string;
  createdAt: string;
}

export interface DeviceIdentity {
  clinicId: string;
  deviceId: string;
  /** When set, the device was revoked and every request of it is refused. */
  revokedAt: string | null;
}

export type EnrolResult =
  | { ok: true; clinicId: string; clinicName: string; deviceId: string }
  | {
      ok: false;
      code:
        | "ENROLMENT_CODE_INVALID"
        | "ENROLMENT_CODE_USED"
        | "ENROLMENT_CODE_EXPIRED"
        | "DEVICE_IN_OTHER_CLINIC"
        | "DEVICE_ALREADY_ENROLLED";
      message: string;
    };

/** Judges a record change against the clinic's staff state; called by the storage inside its storing transaction. */
export type RecordJudge = (change: WireRecord, authority: AuthorityView) => Judgement;

/** One line of the server's security log: a refused change, push, enrolment or device replacement. */
export interface SecurityLogEntry {
  seq?: number;
  clinicId: string | null;
  deviceId: string | null;
  /** Where an unauthenticated attempt came from (an address), when known. */
  source: string | null;
  action: string;
  code: string;
  /** What it was about, e.g. staff/<id>, event/<id>, device/<id>. */
  subject: string | null;
  reason: string;
  at?: string;
}

/** What an attempt limit counts; each kind has its own count per key. */
export type AttemptKind = "enrol";

/** How often (at most) a storage deletes every key's attempts that have left the window, not only the caller's. */
export const ATTEMPT_SWEEP_MS = 60_000;

export interface SyncStorage {
  createClinic(name: string, now: Date): Promise<Clinic>;
  listClinics(): Promise<Clinic[]>;
  /**
   * Stores a one-time enrolment code (by its hash) for a clinic. A code enrols a device id the server has never
   * seen; only a code made for one device (`forDevice`, by replaceDevice) may enrol that id again.
   */
  addEnrolmentCode(
    clinicId: string,
    codeHash: string,
    opts: { deviceName: string | null; expiresAt: Date; now: Date; forDevice?: string | null },
  ): Promise<void>;
  /**
   * The administrator's explicit step to replace a desk or give it a new token: revokes the device and all its
   * tokens and stores a code that may enrol a new device, or this one again. The device's clinic, or null if none.
   */
  replaceDevice(
    deviceId: string,
    codeHash: string,
    opts: { expiresAt: Date; now: Date },
  ): Promise<{ clinicId: string } | null>;
  /** Spends an enrolment code: registers the device and stores its new token hash (re-enrolling kills old tokens). */
  enrol(
    codeHash: string,
    device: { deviceId: string; deviceName: string; tokenHash: string },
    now: Date,
  ): Promise<EnrolResult>;
  /** The device and clinic a token belongs to; null for a token never issued. */
  authenticate(tokenHash: string): Promise<DeviceIdentity | null>;
  /** Notes that a device was heard from, with its clock offset; cheap enough for every request. */
  touchDevice(deviceId: string, now: Date, clockOffsetMs: number | null): Promise<void>;
  /** Revokes a device and all its tokens. False when there is no such device. */
  revokeDevice(deviceId: string, now: Date): Promise<boolean>;

  /** Stores already-validated events of one device in one transaction, assigning sequences to new ones. */
  appendEvents(
    clinicId: string,
    deviceId: string,
    events: readonly WireEvent[],
    now: Date,
  ): Promise<PushOutcome[]>;
  readEvents(
    clinicId: string,
    after: number,
    limit: number,
  ): Promise<{ events: PulledEvent[]; more: boolean }>;
  /**
   * Stores record changes of one device in one transaction: a change id already held is a duplicate; every other
   * change is judged (against the staff state the accepted changes before it leave) and stored, or refused and
   * written to the security log. An accepted staff change updates the staff state as the judgement says.
   */
  appendRecords(
    clinicId: string,
    deviceId: string,
    records: readonly WireRecord[],
    now: Date,
    judge: RecordJudge,
  ): Promise<RecordOutcome[]>;
  readRecords(
    clinicId: string,
    after: number,
    limit: number,
  ): Promise<{ records: PulledRecord[]; more: boolean }>;
  /** The server's Ed25519 signing key (PKCS#8 DER, base64) and its name, made on first use. */
  serverKey(now: Date): Promise<{ name: string; privateKey: string }>;
  /** The clinic's event log as a checkpoint sees it: its size and running hash (sync/checkpoint.ts). */
  logState(clinicId: string): Promise<{ size: number; root: string } | null>;
  /** Keeps the newest signed checkpoint of a clinic (an older one never replaces a newer). */
  putCheckpoint(clinicId: string, size: number, note: string, now: Date): Promise<void>;
  latestCheckpoint(clinicId: string): Promise<{ size: number; note: string } | null>;
  /** Appends to the security log (append-only). */
  logSecurity(entry: SecurityLogEntry, now: Date): Promise<void>;
  /** The newest entries first; all clinics when none is named. */
  securityLog(clinicId: string | null, limit: number): Promise<SecurityLogEntry[]>;
  heads(clinicId: string): Promise<{ events: number; records: number }>;

  /**
   * Counts one attempt of `kind` by `key` (a source address) at `nowMs`, unless `max` attempts of that key are
   * already counted in the last `windowMs`. Answers 0 when the attempt is allowed (and counted), else the
   * milliseconds until the oldest counted attempt leaves the window (always more than 0; a refusal is not counted).
   * Atomic across every process on the database: concurrent calls never let more than `max` through in a window.
   * Attempts older than the window are deleted as calls come, so the count cannot grow without end.
   */
  reserveAttempt(
    kind: AttemptKind,
    key: string,
    nowMs: number,
    max: number,
    windowMs: number,
  ): Promise<number>;

  /** Devices, when each was last seen, and how many events each holds here; all clinics when none is named. */
  status(clinicId?: string): Promise<ClinicStatus[]>;
  close(): Promise<void>;
}
