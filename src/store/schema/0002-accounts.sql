-- 0002-accounts.sql — what signing in needs: password changes, TOTP second
-- factor with recovery codes, sessions, API tokens and failed-login records.
-- Secrets are stored only as hashes (SHA-256 of 256-bit random tokens;
-- argon2id for passwords); the TOTP seed must be kept to verify codes.

ALTER TABLE person ADD COLUMN password_changed_at INTEGER;
ALTER TABLE person ADD COLUMN totp_secret TEXT;
ALTER TABLE person ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE person ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

CREATE TABLE recovery_code (
	person_id INTEGER NOT NULL REFERENCES person(id),
	code_hash TEXT NOT NULL,
	used_at INTEGER,
	PRIMARY KEY (person_id, code_hash)
) STRICT;

CREATE TABLE session (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person(id),
	token_hash TEXT NOT NULL UNIQUE,
	csrf TEXT NOT NULL,
	mfa INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	revoked_at INTEGER
) STRICT;

CREATE TABLE api_token (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person(id),
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
	mfa INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	revoked_at INTEGER,
	UNIQUE (person_id, name)
) STRICT;

CREATE TABLE login_failure (
	id INTEGER PRIMARY KEY,
	login TEXT NOT NULL,
	addr TEXT NOT NULL,
	at INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failure_login ON login_failure(login, at);
CREATE INDEX login_failure_addr ON login_failure(addr, at);
