-- Alarms and their notification outbox (issue 10). The alarm and the notice are stored whole as JSON
-- (Twin.Storage.Alarms.AlarmJsonContext); the columns beside them are what queries and the claim filter on.
-- States, severities and channels are the contract's kebab-case names; times are unix microseconds (UTC).

CREATE TABLE IF NOT EXISTS twin_alarms
(
    id         TEXT    NOT NULL PRIMARY KEY,
    source     TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    district   TEXT    NOT NULL,
    severity   TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    raised_at  INTEGER NOT NULL,
    updated_at INTEGER NOT NULL, -- the last transition's time
    alarm      TEXT    NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_twin_alarms_source_state ON twin_alarms (source, state);
CREATE INDEX IF NOT EXISTS ix_twin_alarms_state ON twin_alarms (state);

-- seq is the write order that one (alarm_id, channel, target)'s entries are sent in; AUTOINCREMENT so a
-- number is never reused, even if sent entries are purged one day.
CREATE TABLE IF NOT EXISTS twin_outbox
(
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    alarm_id    TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    due_at      INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT    NULL,
    lease_owner TEXT    NULL,
    lease_until INTEGER NULL,
    sent_at     INTEGER NULL,
    parked_at   INTEGER NULL,
    notice      TEXT    NOT NULL
);

-- Only unsent, unparked entries are ever claimed: the partial indexes stay as small as the queue.
CREATE INDEX IF NOT EXISTS ix_twin_outbox_pending ON twin_outbox (seq) WHERE sent_at IS NULL AND parked_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_twin_outbox_queue ON twin_outbox (alarm_id, channel, target, seq) WHERE sent_at IS NULL AND parked_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_twin_outbox_parked ON twin_outbox (parked_at) WHERE parked_at IS NOT NULL;
