-- The consent register of child trackers (issue 14): one row per child, the family's present decision and who
-- recorded it when. Every change is also in twin_audit_log (008).

CREATE TABLE IF NOT EXISTS twin_child_consent
(
    device_id  text        NOT NULL PRIMARY KEY,
    granted    boolean     NOT NULL,
    basis      text        NOT NULL,
    comment    text        NOT NULL DEFAULT '',
    actor      text        NOT NULL,
    changed_at timestamptz NOT NULL
);
