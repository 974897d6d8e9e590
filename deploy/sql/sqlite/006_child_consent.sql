-- The consent register of child trackers (issue 14): one row per child, the family's present decision and who
-- recorded it when. Every change is also in twin_audit_log (007). Times are ISO-8601 text (UTC).

CREATE TABLE IF NOT EXISTS twin_child_consent
(
    device_id  TEXT    NOT NULL PRIMARY KEY,
    granted    INTEGER NOT NULL,
    basis      TEXT    NOT NULL,
    comment    TEXT    NOT NULL DEFAULT '',
    actor      TEXT    NOT NULL,
    changed_at TEXT    NOT NULL
);
