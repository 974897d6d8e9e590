-- Local accounts of HTTP and the hub (issue 12). password_hash is ASP.NET Core Identity's PasswordHasher
-- format (PBKDF2, salted, versioned); roles and schools are comma-separated lists; names are lower-case ASCII.
-- Generated secrets of a single SQLite silo (token signing key, data-protection keys) are files under the
-- data folder, not rows here.

CREATE TABLE IF NOT EXISTS twin_accounts
(
    name          TEXT    NOT NULL PRIMARY KEY,
    password_hash TEXT    NOT NULL,
    roles         TEXT    NOT NULL,
    schools       TEXT    NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
