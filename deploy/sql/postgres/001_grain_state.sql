-- Grain state for Orleans.Persistence.AdoNet (provider "twin"), our own schema and queries.
-- The provider reads its SQL from OrleansQuery at start; its parameter names are fixed by the provider.
-- Version rule (ETag): a write with no ETag inserts version 1 only when no row exists; a write with
-- ETag N succeeds only when the stored version is N and stores N+1. Anything else returns no row,
-- which the provider reports as InconsistentStateException.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- The natural key is (service, grain type, grain id); the two hashes lead the key so lookups
-- touch a narrow, well-spread prefix. A missing key extension is stored as '' so the key
-- stays NOT NULL and ON CONFLICT can see it.
CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    grain_id_hash   integer      NOT NULL,
    grain_type_hash integer      NOT NULL,
    service_id      varchar(150) NOT NULL,
    grain_type      varchar(512) NOT NULL,
    grain_id_n0     bigint       NOT NULL,
    grain_id_n1     bigint       NOT NULL,
    grain_id_ext    varchar(512) NOT NULL DEFAULT '',
    payload         bytea        NULL,
    version         integer      NOT NULL,
    modified_on     timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_orleans_grain_state PRIMARY KEY
        (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_grain_state
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = COALESCE(CAST(@GrainIdExtensionString AS varchar), '')
$q$),
-- One statement: the INSERT proposes version 1 (only when the caller has no ETag, or a row exists
-- to update); a conflicting row is updated only when its version is the caller's ETag.
('WriteToStorageKey', $q$
INSERT INTO orleans_grain_state AS s
    (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version, modified_on)
SELECT @GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
       COALESCE(CAST(@GrainIdExtensionString AS varchar), ''), @PayloadBinary, 1, now()
WHERE CAST(@GrainStateVersion AS integer) IS NULL
   OR EXISTS (SELECT 1 FROM orleans_grain_state e
              WHERE e.grain_id_hash = @GrainIdHash AND e.grain_type_hash = @GrainTypeHash
                AND e.service_id = @ServiceId AND e.grain_type = @GrainTypeString
                AND e.grain_id_n0 = @GrainIdN0 AND e.grain_id_n1 = @GrainIdN1
                AND e.grain_id_ext = COALESCE(CAST(@GrainIdExtensionString AS varchar), ''))
ON CONFLICT ON CONSTRAINT pk_orleans_grain_state DO UPDATE
    SET payload = excluded.payload, version = s.version + 1, modified_on = excluded.modified_on
    WHERE s.version = CAST(@GrainStateVersion AS integer)
RETURNING s.version AS "NewGrainStateVersion"
$q$),
('ClearStorageKey', $q$
UPDATE orleans_grain_state
SET payload = NULL, version = version + 1, modified_on = now()
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = COALESCE(CAST(@GrainIdExtensionString AS varchar), '')
  AND version = CAST(@GrainStateVersion AS integer)
RETURNING version AS "NewGrainStateVersion"
$q$),
-- Used only with DeleteStateOnClear=true; any returned value means "deleted", no row means conflict.
('DeleteStorageKey', $q$
DELETE FROM orleans_grain_state
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = COALESCE(CAST(@GrainIdExtensionString AS varchar), '')
  AND version = CAST(@GrainStateVersion AS integer)
RETURNING version + 1 AS "NewGrainStateVersion"
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
