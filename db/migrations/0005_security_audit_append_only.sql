-- security_audit is append-only, enforced by SQLite itself like visit_events: no code path (ours, a script, a
-- sqlite3 shell) can rewrite or remove a record of who signed in, failed to, or was refused.
CREATE TRIGGER `security_audit_no_delete` BEFORE DELETE ON `security_audit`
BEGIN
  SELECT RAISE(ABORT, 'security_audit is append-only: entries cannot be deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `security_audit_no_update` BEFORE UPDATE ON `security_audit`
BEGIN
  SELECT RAISE(ABORT, 'security_audit is append-only: entries cannot be changed');
END;
