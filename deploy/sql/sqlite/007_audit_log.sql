-- The audit log (issue 14): consent changes, account changes, alarm actions and reads of child cells.
-- Append-only: the triggers refuse every UPDATE and DELETE, whoever asks. Times are ISO-8601 text (UTC).

CREATE TABLE IF NOT EXISTS twin_audit_log
(
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    target  TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT ''
);

CREATE INDEX IF NOT EXISTS ix_twin_audit_log_at ON twin_audit_log (at);

CREATE TRIGGER IF NOT EXISTS twin_audit_log_no_update BEFORE UPDATE ON twin_audit_log
BEGIN
    SELECT RAISE(ABORT, 'twin_audit_log is append-only');
END;

CREATE TRIGGER IF NOT EXISTS twin_audit_log_no_delete BEFORE DELETE ON twin_audit_log
BEGIN
    SELECT RAISE(ABORT, 'twin_audit_log is append-only');
END;
