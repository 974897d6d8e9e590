-- The reading log. Rows arrive by binary COPY in group-committed batches; id is the commit order
-- (replay after a snapshot follows it). The reading itself is compact JSON of our own:
-- {"v":{field:number},"s":state,"r":{"g":gateway,"rssi":n,"snr":n},"o":offset minutes of ts}.

CREATE TABLE IF NOT EXISTS twin_reading_history
(
    id          bigint GENERATED ALWAYS AS IDENTITY,
    device_id   text        NOT NULL,
    ts          timestamptz NOT NULL,
    seq         bigint      NOT NULL,
    received_at timestamptz NOT NULL,
    reading     jsonb       NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_twin_reading_history_device_ts ON twin_reading_history (device_id, ts);
CREATE INDEX IF NOT EXISTS ix_twin_reading_history_device_received ON twin_reading_history (device_id, received_at);
-- Retention and downsampling scan by ts across devices; rows arrive roughly in ts order, so a
-- BRIN index serves those scans at almost no write cost.
CREATE INDEX IF NOT EXISTS ix_twin_reading_history_ts_brin ON twin_reading_history USING brin (ts);
