-- Alarms and their notification outbox (issue 10). The alarm and the notice are stored whole as jsonb
-- (Twin.Storage.Alarms.AlarmJsonContext); the columns beside them are what queries and the claim filter on.
-- States, severities and channels are the contract's kebab-case names.

CREATE TABLE IF NOT EXISTS twin_alarms
(
    id         text        NOT NULL PRIMARY KEY,
    source     text        NOT NULL,
    type       text        NOT NULL,
    district   text        NOT NULL,
    severity   text        NOT NULL,
    state      text        NOT NULL,
    raised_at  timestamptz NOT NULL,
    updated_at timestamptz NOT NULL, -- the last transition's time
    alarm      jsonb       NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_twin_alarms_source_state ON twin_alarms (source, state);
CREATE INDEX IF NOT EXISTS ix_twin_alarms_state ON twin_alarms (state);

-- seq is the write order that one (alarm_id, channel, target)'s entries are sent in.
CREATE TABLE IF NOT EXISTS twin_outbox
(
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          text        NOT NULL UNIQUE,
    alarm_id    text        NOT NULL,
    source      text        NOT NULL,
    channel     text        NOT NULL,
    target      text        NOT NULL,
    due_at      timestamptz NOT NULL,
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text        NULL,
    lease_owner text        NULL,
    lease_until timestamptz NULL,
    sent_at     timestamptz NULL,
    parked_at   timestamptz NULL,
    notice      jsonb       NOT NULL
);

-- Only unsent, unparked entries are ever claimed: the partial indexes stay as small as the queue.
CREATE INDEX IF NOT EXISTS ix_twin_outbox_pending ON twin_outbox (seq) WHERE sent_at IS NULL AND parked_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_twin_outbox_queue ON twin_outbox (alarm_id, channel, target, seq) WHERE sent_at IS NULL AND parked_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_twin_outbox_parked ON twin_outbox (parked_at) WHERE parked_at IS NOT NULL;
