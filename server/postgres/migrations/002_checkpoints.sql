-- Server-signed checkpoints of each clinic's log (sync/checkpoint.ts): the running hash of the events held, kept
-- beside the head it belongs to and moved in the push's transaction; the server's signing key; the newest signed
-- checkpoint of each clinic.
ALTER TABLE clinics ADD COLUMN event_root TEXT;

CREATE TABLE server_key (
  name TEXT PRIMARY KEY,
  private_key TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE checkpoints (
  clinic_id TEXT PRIMARY KEY REFERENCES clinics (id),
  size BIGINT NOT NULL,
  note TEXT NOT NULL,
  signed_at TEXT NOT NULL
);
