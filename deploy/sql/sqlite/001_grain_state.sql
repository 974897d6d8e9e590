-- Grain state for Orleans.Persistence.AdoNet on the embedded SQLite file (invariant "System.Data.SQLite",
-- which the provider maps to Microsoft.Data.Sqlite). Our own schema and queries.
-- Version rule (ETag): a write with no ETag inserts version 1 only when no row exists; a write with
-- ETag N succeeds only when the stored version is N and stores N+1. Anything else returns no row,
-- which the provider reports as InconsistentStateException.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- A missing key extension is stored as '' so the key stays NOT NULL (SQLite treats NULLs as
-- distinct in unique keys, which would defeat ON CONFLICT).
CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    grain_id_hash   INTEGER NOT NULL,
    grain_type_hash INTEGER NOT NULL,
    service_id      TEXT    NOT NULL,
    grain_type      TEXT    NOT NULL,
    grain_id_n0     INTEGER NOT NULL,
    grain_id_n1     INTEGER NOT NULL,
    grain_id_ext    TEXT    NOT NULL DEFAULT '',
    payload         BLOB    NULL,
    version         INTEGER NOT NULL,
    modified_on     INTEGER NOT NULL, -- unix seconds
    PRIMARY KEY (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext)
) WITHOUT ROWID;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
SELECT payload AS PayloadBinary, version AS Version
FROM orleans_grain_state
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = ifnull(@GrainIdExtensionString, '''')
'),
-- One statement (SQLite upsert with RETURNING): the INSERT proposes version 1 only when the caller
-- has no ETag or a row exists to update; a conflicting row is updated only when its version is the
-- caller's ETag. The SELECT needs its WHERE for the parser to accept ON CONFLICT after it.
('WriteToStorageKey', '
INSERT INTO orleans_grain_state
    (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version, modified_on)
SELECT @GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
       ifnull(@GrainIdExtensionString, ''''), @PayloadBinary, 1, unixepoch()
WHERE @GrainStateVersion IS NULL
   OR EXISTS (SELECT 1 FROM orleans_grain_state
              WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
                AND service_id = @ServiceId AND grain_type = @GrainTypeString
                AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
                AND grain_id_ext = ifnull(@GrainIdExtensionString, ''''))
ON CONFLICT (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext) DO UPDATE
    SET payload = excluded.payload, version = version + 1, modified_on = excluded.modified_on
    WHERE version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion
'),
('ClearStorageKey', '
UPDATE orleans_grain_state
SET payload = NULL, version = version + 1, modified_on = unixepoch()
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = ifnull(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion
'),
-- Used only with DeleteStateOnClear=true; any returned value means "deleted", no row means conflict.
('DeleteStorageKey', '
DELETE FROM orleans_grain_state
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = ifnull(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version + 1 AS NewGrainStateVersion
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
