-- The sync server's tables on PostgreSQL: the same content as the embedded SQLite file (server/sqlite-storage.ts),
-- for a group of clinics served by several server processes. Events, records and the security log are
-- append-only, enforced by triggers as on SQLite and on the desks.

CREATE TABLE clinics (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- The clinic row is locked (SELECT ... FOR UPDATE) by every push: it hands out the clinic's sequences one
  -- transaction at a time, so sequences have no gaps and no duplicates whichever process stores them.
  event_head BIGINT NOT NULL DEFAULT 0,
  record_head BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics (id),
  name TEXT NOT NULL,
  enrolled_at TEXT NOT NULL,
  revoked_at TEXT,
  last_seen_at TEXT,
  clock_offset_ms BIGINT,
  events_held BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX devices_clinic ON devices (clinic_id, enrolled_at);

CREATE TABLE device_tokens (
  token_hash TEXT PRIMARY KEY,
  device_id TEXT NOT NULL REFERENCES devices (id),
  issued_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX device_tokens_device ON device_tokens (device_id);

CREATE TABLE enrolment_codes (
  code_hash TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics (id),
  device_name TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  used_by_device TEXT,
  for_device TEXT
);

CREATE TABLE events (
  clinic_id TEXT NOT NULL REFERENCES clinics (id),
  seq BIGINT NOT NULL,
  id TEXT NOT NULL,
  visit_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  description TEXT,
  metadata TEXT,
  performed_by TEXT,
  performed_at TEXT NOT NULL,
  device_id TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  recorded_at TEXT NOT NULL,
  prev_hash TEXT,
  hash TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (clinic_id, seq),
  UNIQUE (clinic_id, id)
);
CREATE INDEX events_device_chain ON events (clinic_id, device_id, seq);
CREATE INDEX events_device_hash ON events (clinic_id, device_id, hash);

CREATE TABLE records (
  clinic_id TEXT NOT NULL REFERENCES clinics (id),
  seq BIGINT NOT NULL,
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  device_id TEXT NOT NULL,
  data TEXT NOT NULL,
  received_at TEXT NOT NULL,
  change_id TEXT NOT NULL,
  proof TEXT,
  PRIMARY KEY (clinic_id, seq),
  UNIQUE (clinic_id, change_id)
);

CREATE TABLE staff_signers (
  clinic_id TEXT NOT NULL REFERENCES clinics (id),
  staff_id TEXT NOT NULL,
  role TEXT,
  active BOOLEAN NOT NULL DEFAULT FALSE,
  public_key TEXT,
  PRIMARY KEY (clinic_id, staff_id)
);

CREATE TABLE security_log (
  seq BIGSERIAL PRIMARY KEY,
  clinic_id TEXT,
  device_id TEXT,
  source TEXT,
  action TEXT NOT NULL,
  code TEXT NOT NULL,
  subject TEXT,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX security_log_clinic ON security_log (clinic_id, seq);

CREATE FUNCTION hms_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION hms_refuse_change();
CREATE TRIGGER records_append_only BEFORE UPDATE OR DELETE ON records
  FOR EACH ROW EXECUTE FUNCTION hms_refuse_change();
CREATE TRIGGER security_log_append_only BEFORE UPDATE OR DELETE ON security_log
  FOR EACH ROW EXECUTE FUNCTION hms_refuse_change();
