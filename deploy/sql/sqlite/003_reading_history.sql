-- The reading log. Rows arrive in group-committed batches (one transaction each); id (the rowid)
-- is the commit order that replay after a snapshot follows. Times are unix microseconds (UTC).
-- The reading itself is compact JSON of our own:
-- {"v":{field:number},"s":state,"r":{"g":gateway,"rssi":n,"snr":n},"o":offset minutes of ts}.

CREATE TABLE IF NOT EXISTS twin_reading_history
(
    id          INTEGER PRIMARY KEY,
    device_id   TEXT    NOT NULL,
    ts          INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    reading     TEXT    NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_twin_reading_history_device_ts ON twin_reading_history (device_id, ts);
CREATE INDEX IF NOT EXISTS ix_twin_reading_history_device_received ON twin_reading_history (device_id, received_at);
-- Retention and downsampling delete by ts across all devices.
CREATE INDEX IF NOT EXISTS ix_twin_reading_history_ts ON twin_reading_history (ts);
