import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// The SQLite file's tables. visit_events is the source of truth and is append-only (triggers in the migration
// 0001_append_only.sql). Every other table below except staff, patients and app_meta is a read model: derived from
// the events inside the append's transaction, and rebuilt from them by `hms rebuild`.

/** The seed's columns with the seed's names, so that its SQL runs as written, plus what sync and audit need. */
export const visitEvents = sqliteTable(
  "visit_events",
  {
    /** Local append order: the cursor for subscribers and the tie-break of the canonical order. */
    position: integer("position").primaryKey(),
    id: text("id").notNull(),
    visitId: text("visitId").notNull(),
    eventType: text("eventType").notNull(),
    description: text("description"),
    /** JSON text, as validated by the event type's schema. */
    metadata: text("metadata"),
    performedBy: text("performedBy"),
    /** ISO-8601 UTC. */
    performedAt: text("performedAt").notNull(),
    /** The device that first recorded the event. */
    deviceId: text("deviceId").notNull(),
    /** The central server's per-clinic sequence; null while the event waits to be pushed. */
    serverSeq: integer("serverSeq"),
    schemaVersion: integer("schemaVersion").notNull().default(1),
    /** When the originating device stored it (ISO-8601 UTC). */
    recordedAt: text("recordedAt").notNull(),
    /** Hash of the previous event recorded by the same device; null for a device's first event. */
    prevHash: text("prevHash"),
    hash: text("hash").notNull(),
  },
  (t) => [
    uniqueIndex("visit_events_id").on(t.id),
    index("visit_events_visit_time").on(t.visitId, t.performedAt),
    index("visit_events_type_time").on(t.eventType, t.performedAt),
    uniqueIndex("visit_events_server_seq").on(t.serverSeq).where(sql`"serverSeq" IS NOT NULL`),
    index("visit_events_pending").on(t.position).where(sql`"serverSeq" IS NULL`),
    index("visit_events_device").on(t.deviceId, t.position),
    // What each void voids (0013_bulk.sql): the analytics and hasEvent/getEventDuration look voids up by target.
    index("visit_events_voided")
      .on(sql`json_extract(${t.metadata}, '$.voidedEventId')`)
      .where(sql`${t.eventType} = 'EVENT_VOIDED'`),
  ],
);

export const staffRoles = ["reception", "doctor", "lab", "admin"] as const;
export type StaffRole = (typeof staffRoles)[number];

export const staff = sqliteTable(
  "staff",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    role: text("role", { enum: staffRoles }).notNull(),
    username: text("username"),
    passwordHash: text("passwordHash"),
    /** Ed25519 public key (SPKI DER, base64): checks the changes this person signs (sync/authority.ts). */
    publicKey: text("publicKey"),
    /** The matching private key sealed under the person's password (sync/staff-keys.ts), JSON text. */
    sealedKey: text("sealedKey"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: text("createdAt").notNull(),
    updatedAt: text("updatedAt").notNull(),
  },
  (t) => [uniqueIndex("staff_username").on(t.username)],
);

export const patients = sqliteTable(
  "patients",
  {
    id: text("id").primaryKey(),
    /** The number printed on cards and receipts, e.g. P-000123. */
    patientNumber: text("patientNumber").notNull(),
    name: text("name").notNull(),
    sex: text("sex", { enum: ["female", "male", "other", "unknown"] }).notNull(),
    dateOfBirth: text("dateOfBirth"),
    /** The date was worked out from an age the desk typed; documents print the age, not the day. */
    dateOfBirthEstimated: integer("dateOfBirthEstimated", { mode: "boolean" }).notNull().default(false),
    phone: text("phone"),
    address: text("address"),
    createdAt: text("createdAt").notNull(),
    createdBy: text("createdBy"),
    updatedAt: text("updatedAt").notNull(),
  },
  (t) => [
    uniqueIndex("patients_number").on(t.patientNumber),
    index("patients_name").on(t.name),
    index("patients_phone").on(t.phone),
    index("patients_birth_date").on(t.dateOfBirth),
    // The phone's digits, as db/patients.ts compares them when looking for a likely duplicate.
    index("patients_phone_digits").on(
      sql`replace(replace(replace(replace(replace(${t.phone}, ' ', ''), '-', ''), '+', ''), '(', ''), ')', '')`,
    ),
  ],
);

/** Small facts about this file: its device id, keys, the sync cursor, settings. */
export const appMeta = sqliteTable("app_meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

// ---- Read models -------------------------------------------------------------------------------------------------

export const visits = sqliteTable(
  "visits",
  {
    id: text("id").primaryKey(),
    patientId: text("patientId"),
    doctorId: text("doctorId"),
    department: text("department"),
    status: text("status").notNull(),
    phase: text("phase").notNull(),
    tokenNumber: text("tokenNumber"),
    registeredAt: text("registeredAt"),
    queueJoinedAt: text("queueJoinedAt"),
    calledAt: text("calledAt"),
    skippedCount: integer("skippedCount").notNull(),
    enteredRoomAt: text("enteredRoomAt"),
    exitedRoomAt: text("exitedRoomAt"),
    consultationCompletedAt: text("consultationCompletedAt"),
    closedAt: text("closedAt"),
    closeReason: text("closeReason"),
    rescheduledTo: text("rescheduledTo"),
    lastEventAt: text("lastEventAt"),
    eventCount: integer("eventCount").notNull(),
    dueCents: integer("dueCents").notNull(),
    paidCents: integer("paidCents").notNull(),
    balanceCents: integer("balanceCents").notNull(),
    conflictCount: integer("conflictCount").notNull(),
  },
  (t) => [
    index("visits_status").on(t.status, t.queueJoinedAt),
    index("visits_doctor").on(t.doctorId, t.status),
    index("visits_patient").on(t.patientId),
    index("visits_registered").on(t.registeredAt),
  ],
);

export const bills = sqliteTable(
  "bills",
  {
    visitId: text("visitId").notNull(),
    billId: text("billId").notNull(),
    kind: text("kind").notNull(),
    amountCents: integer("amountCents").notNull(),
    discountCents: integer("discountCents").notNull(),
    paidCents: integer("paidCents").notNull(),
    refundedCents: integer("refundedCents").notNull(),
    balanceCents: integer("balanceCents").notNull(),
    status: text("status", { enum: ["unpaid", "partial", "paid"] }).notNull(),
    items: text("items").notNull(),
    billedAt: text("billedAt").notNull(),
    billedBy: text("billedBy"),
  },
  (t) => [primaryKey({ columns: [t.visitId, t.billId] }), index("bills_status").on(t.status, t.billedAt)],
);

export const testOrders = sqliteTable(
  "test_orders",
  {
    visitId: text("visitId").notNull(),
    testOrderId: text("testOrderId").notNull(),
    name: text("name"),
    priority: text("priority").notNull(),
    status: text("status").notNull(),
    orderedAt: text("orderedAt").notNull(),
    orderedBy: text("orderedBy"),
    collectedAt: text("collectedAt"),
    rejectedCount: integer("rejectedCount").notNull(),
    lastRejectionReason: text("lastRejectionReason"),
    startedAt: text("startedAt"),
    completedAt: text("completedAt"),
    reviewedAt: text("reviewedAt"),
    reviewedBy: text("reviewedBy"),
    approvedAt: text("approvedAt"),
    approvedBy: text("approvedBy"),
    reportedAt: text("reportedAt"),
    reportUrl: text("reportUrl"),
    reportSha256: text("reportSha256"),
    deliveredAt: text("deliveredAt"),
    amendedCount: integer("amendedCount").notNull(),
    results: text("results"),
  },
  (t) => [
    primaryKey({ columns: [t.visitId, t.testOrderId] }),
    index("test_orders_status").on(t.status, t.orderedAt),
  ],
);

export const followUps = sqliteTable(
  "follow_ups",
  {
    visitId: text("visitId").notNull(),
    followUpId: text("followUpId").notNull(),
    patientId: text("patientId"),
    dueDate: text("dueDate").notNull(),
    reason: text("reason"),
    remindersSent: integer("remindersSent").notNull(),
    lastReminderAt: text("lastReminderAt"),
  },
  (t) => [primaryKey({ columns: [t.visitId, t.followUpId] }), index("follow_ups_due").on(t.dueDate)],
);

/** Events kept in the log but left out of a visit's state: refused at their place (conflict) or not understood by
 * this version of the app (parked). */
export const visitConflicts = sqliteTable(
  "visit_conflicts",
  {
    eventId: text("eventId").primaryKey(),
    visitId: text("visitId").notNull(),
    eventType: text("eventType").notNull(),
    /** conflict (waiting for a person), parked (a newer version's), set_aside (a conflict resolved against it). */
    kind: text("kind", { enum: ["conflict", "parked", "set_aside"] }).notNull(),
    code: text("code").notNull(),
    message: text("message").notNull(),
  },
  (t) => [index("visit_conflicts_visit").on(t.visitId)],
);

/** A long visit's fold, kept so that opening or appending to it does not replay its whole log. Derived, like the
 * read models: keyed by the last event it folded, resumed with the events stored after it, checked by `hms rebuild`. */
export const visitSnapshots = sqliteTable("visit_snapshots", {
  visitId: text("visitId").primaryKey(),
  lastEventId: text("lastEventId").notNull(),
  lastPosition: integer("lastPosition").notNull(),
  lastServerSeq: integer("lastServerSeq"),
  /** The highest local position among the events it folded: every later one of the visit is its tail. */
  maxPosition: integer("maxPosition").notNull(),
  eventCount: integer("eventCount").notNull(),
  /** The fold rules and catalogue it was made with; another build folds afresh. */
  foldVersion: text("foldVersion").notNull(),
  /** JSON: the state without its events in force, the conflicts and the parked events. */
  fold: text("fold").notNull(),
});

// ---- Sync bookkeeping (sync/) ------------------------------------------------------------------------------------

/** Events the central server refused: kept in the log untouched, no longer pushed, flagged for a person. */
export const syncRejections = sqliteTable("sync_rejections", {
  eventId: text("eventId").primaryKey(),
  code: text("code").notNull(),
  message: text("message").notNull(),
  rejectedAt: text("rejectedAt").notNull(),
});

/** Staff and patient records changed on this desk and not yet pushed; filled by triggers on those tables. */
export const recordOutbox = sqliteTable(
  "record_outbox",
  {
    kind: text("kind").notNull(),
    id: text("id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.id] })],
);

/**
 * What the server's record stream says about each record: per field, its value and the server sequence that set it
 * (JSON `{field: [value, seq]}`). Fields merge in the server's order, so a desk's clock decides nothing.
 */
export const recordSynced = sqliteTable(
  "record_synced",
  {
    kind: text("kind").notNull(),
    id: text("id").notNull(),
    fields: text("fields").notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.id] })],
);

/** Changes made on this desk that the server has not accepted yet, in the order they were made; signed if need be. */
export const recordChanges = sqliteTable(
  "record_changes",
  {
    position: integer("position").primaryKey({ autoIncrement: true }),
    changeId: text("changeId").notNull(),
    kind: text("kind").notNull(),
    id: text("id").notNull(),
    /** JSON: the changed fields and their new values (null clears, or removes a catalogue test). */
    fields: text("fields").notNull(),
    /** JSON `{by, sig}` for a change that needs a person's authority, else null. */
    proof: text("proof"),
    madeAt: text("madeAt").notNull(),
  },
  (t) => [
    uniqueIndex("record_changes_change").on(t.changeId),
    index("record_changes_record").on(t.kind, t.id),
  ],
);

// ---- Security audit (not a read model: written once, never changed) ----------------------------------------------

/**
 * Who signed in, failed to, signed out, locked, unlocked, changed staff or roles, or was refused a call; on this
 * device. Append-only by triggers (migration security_audit_append_only), hash-chained per device like
 * visit_events (domain/security-hash.ts).
 */
export const securityAudit = sqliteTable(
  "security_audit",
  {
    seq: integer("seq").primaryKey(),
    id: text("id").notNull(),
    action: text("action").notNull(),
    outcome: text("outcome").notNull(),
    staffId: text("staffId"),
    username: text("username"),
    /** JSON text or null. */
    detail: text("detail"),
    deviceId: text("deviceId").notNull(),
    /** ISO-8601 UTC. */
    occurredAt: text("occurredAt").notNull(),
    prevHash: text("prevHash"),
    hash: text("hash").notNull(),
  },
  (t) => [
    uniqueIndex("security_audit_id").on(t.id),
    index("security_audit_user_time").on(t.username, t.occurredAt),
    index("security_audit_device").on(t.deviceId, t.seq),
  ],
);

// ---- Clinic settings (records, synced like staff and patients) -----------------------------------------------------

/**
 * Settings that belong to the clinic rather than to one desk (its name, fee, currency, test catalogue, ...), so every
 * desk agrees on them: one row per setting, synced as records (sync/records.ts, last writer wins). A cleared
 * setting keeps its row with a null value, because records are never deleted. Desk-only facts stay in app_meta.
 */
export const clinicSettings = sqliteTable("clinic_settings", {
  /** The setting's name, e.g. "consultationFeeCents". */
  id: text("id").primaryKey(),
  value: text("value"),
  updatedAt: text("updatedAt").notNull(),
});

// ---- Commands (api/router.ts) ---------------------------------------------------------------------------------------

/**
 * The first answer to each command a member of staff sent with a command id; the same id again answers from here
 * and records nothing. Written in the same transaction as the command's events (db/command-replies.ts).
 */
export const commandReplies = sqliteTable(
  "command_replies",
  {
    staffId: text("staffId").notNull(),
    commandId: text("commandId").notNull(),
    channel: text("channel").notNull(),
    /** The answer as JSON; null only if the desk stopped between recording the events and writing it. */
    reply: text("reply"),
    recordedAt: text("recordedAt").notNull(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.commandId] })],
);
