-- The audit log (issue 14): consent changes, account changes, alarm actions and reads of child cells.
-- Append-only: a trigger refuses every UPDATE, DELETE and TRUNCATE, whoever asks.

CREATE TABLE IF NOT EXISTS twin_audit_log
(
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL,
    actor   text        NOT NULL,
    action  text        NOT NULL,
    target  text        NOT NULL,
    details text        NOT NULL DEFAULT ''
);

CREATE INDEX IF NOT EXISTS ix_twin_audit_log_at ON twin_audit_log (at);

CREATE OR REPLACE FUNCTION twin_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'twin_audit_log is append-only';
END;
$$;

DROP TRIGGER IF EXISTS twin_audit_log_no_change ON twin_audit_log;
CREATE TRIGGER twin_audit_log_no_change BEFORE UPDATE OR DELETE ON twin_audit_log
    FOR EACH ROW EXECUTE FUNCTION twin_audit_log_append_only();

DROP TRIGGER IF EXISTS twin_audit_log_no_truncate ON twin_audit_log;
CREATE TRIGGER twin_audit_log_no_truncate BEFORE TRUNCATE ON twin_audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION twin_audit_log_append_only();
