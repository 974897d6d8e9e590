-- Local accounts of HTTP and the hub (issue 12). password_hash is ASP.NET Core Identity's PasswordHasher
-- format (PBKDF2, salted, versioned); roles and schools are comma-separated lists. Names are lower-case
-- ASCII (the twin lower-cases them before every lookup).

CREATE TABLE IF NOT EXISTS twin_accounts
(
    name          text        NOT NULL PRIMARY KEY,
    password_hash text        NOT NULL,
    roles         text        NOT NULL,
    schools       text        NOT NULL DEFAULT '',
    disabled      boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- Secrets the silos share (the token signing key, data-protection keys, …): each written once by
-- whichever silo needs it first (INSERT … ON CONFLICT DO NOTHING, then read back), so every silo uses
-- the same value.
CREATE TABLE IF NOT EXISTS twin_secrets
(
    name       text        NOT NULL PRIMARY KEY,
    value      text        NOT NULL,
    created_at timestamptz NOT NULL
);
