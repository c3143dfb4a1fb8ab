-- 0001-init.sql — vigil's first schema: every object of SPEC §2.
-- Times are seconds since the epoch (UTC). Enumerations are stored as the
-- integers of src/model/types.h. The audit table is append-only (triggers)
-- and hash-chained (src/store/audit.c).

CREATE TABLE setting (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE person (
	id INTEGER PRIMARY KEY,
	login TEXT NOT NULL UNIQUE,
	email TEXT NOT NULL,
	name TEXT,
	roles INTEGER NOT NULL DEFAULT 0,
	disabled INTEGER NOT NULL DEFAULT 0,
	password_hash TEXT,
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE subsystem (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	architect_id INTEGER REFERENCES person(id)
) STRICT;

CREATE TABLE subsystem_path (
	subsystem_id INTEGER NOT NULL REFERENCES subsystem(id),
	glob TEXT NOT NULL,
	PRIMARY KEY (subsystem_id, glob)
) STRICT;

CREATE TABLE subsystem_maintainer (
	subsystem_id INTEGER NOT NULL REFERENCES subsystem(id),
	person_id INTEGER NOT NULL REFERENCES person(id),
	PRIMARY KEY (subsystem_id, person_id)
) STRICT;

CREATE TABLE release (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	branch TEXT NOT NULL,
	date INTEGER NOT NULL,
	lts INTEGER NOT NULL DEFAULT 0,
	supported INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE release_manager (
	release_id INTEGER NOT NULL REFERENCES release(id),
	person_id INTEGER NOT NULL REFERENCES person(id),
	PRIMARY KEY (release_id, person_id)
) STRICT;

CREATE TABLE issue (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	description TEXT NOT NULL,
	state INTEGER NOT NULL,
	priority INTEGER NOT NULL DEFAULT 0,
	cvss TEXT,
	cvss_score REAL,
	cvss_severity TEXT,
	subsystem_id INTEGER REFERENCES subsystem(id),
	reporter_id INTEGER NOT NULL REFERENCES person(id),
	assignee_id INTEGER REFERENCES person(id),
	source INTEGER NOT NULL,
	embargo INTEGER NOT NULL DEFAULT 0,
	embargo_until INTEGER,
	embargo_max INTEGER NOT NULL,
	reported_at INTEGER NOT NULL,
	acked_at INTEGER,
	accepted_at INTEGER,
	released_at INTEGER,
	published_at INTEGER,
	affected_version TEXT,
	introduced_in TEXT,
	fixed_in TEXT,
	credit TEXT,
	anonymous INTEGER NOT NULL DEFAULT 0,
	resolution INTEGER NOT NULL DEFAULT 0,
	duplicate_of TEXT,
	disclosed_unfixed INTEGER NOT NULL DEFAULT 0,
	tracked_publicly INTEGER NOT NULL DEFAULT 0,
	public_link TEXT,
	publish_proposed_by INTEGER REFERENCES person(id),
	publish_reason TEXT
) STRICT;

CREATE TABLE comment (
	id INTEGER PRIMARY KEY,
	issue_id INTEGER NOT NULL REFERENCES issue(id),
	author_id INTEGER NOT NULL REFERENCES person(id),
	internal INTEGER NOT NULL,
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX comment_issue ON comment(issue_id);

CREATE TABLE blob (
	sha256 TEXT PRIMARY KEY,
	size INTEGER NOT NULL,
	data BLOB NOT NULL
) STRICT;

CREATE TABLE attachment (
	id INTEGER PRIMARY KEY,
	issue_id INTEGER NOT NULL REFERENCES issue(id),
	name TEXT NOT NULL,
	sha256 TEXT NOT NULL REFERENCES blob(sha256),
	size INTEGER NOT NULL,
	uploader_id INTEGER NOT NULL REFERENCES person(id),
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX attachment_issue ON attachment(issue_id);

CREATE TABLE cve (
	id TEXT PRIMARY KEY,
	year INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	state INTEGER NOT NULL,
	issue_id INTEGER REFERENCES issue(id),
	reason TEXT,
	reserved_at INTEGER NOT NULL,
	assigned_at INTEGER,
	published_at INTEGER,
	retired_at INTEGER
) STRICT;
CREATE INDEX cve_issue ON cve(issue_id);

CREATE TABLE fix (
	id INTEGER PRIMARY KEY,
	issue_id INTEGER NOT NULL REFERENCES issue(id),
	url TEXT NOT NULL,
	repo TEXT,
	branch TEXT NOT NULL,
	commit_id TEXT,
	state INTEGER NOT NULL,
	merged_at INTEGER,
	created_at INTEGER NOT NULL,
	UNIQUE (issue_id, url)
) STRICT;

CREATE TABLE backport (
	id INTEGER PRIMARY KEY,
	issue_id INTEGER NOT NULL REFERENCES issue(id),
	release_id INTEGER NOT NULL REFERENCES release(id),
	state INTEGER NOT NULL,
	reason TEXT,
	fix_id INTEGER REFERENCES fix(id),
	updated_at INTEGER NOT NULL,
	UNIQUE (issue_id, release_id)
) STRICT;

CREATE TABLE access_grant (
	id INTEGER PRIMARY KEY,
	issue_id INTEGER NOT NULL REFERENCES issue(id),
	person_id INTEGER NOT NULL REFERENCES person(id),
	granted_by INTEGER NOT NULL REFERENCES person(id),
	reason TEXT NOT NULL,
	granted_at INTEGER NOT NULL,
	revoked_by INTEGER REFERENCES person(id),
	revoked_at INTEGER
) STRICT;
CREATE INDEX access_grant_issue ON access_grant(issue_id, person_id);

CREATE TABLE meeting (
	id INTEGER PRIMARY KEY,
	date INTEGER NOT NULL,
	created_by INTEGER NOT NULL REFERENCES person(id),
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE meeting_attendee (
	meeting_id INTEGER NOT NULL REFERENCES meeting(id),
	person_id INTEGER NOT NULL REFERENCES person(id),
	PRIMARY KEY (meeting_id, person_id)
) STRICT;

CREATE TABLE decision (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meeting(id),
	issue_id INTEGER NOT NULL REFERENCES issue(id),
	kind TEXT NOT NULL,
	until INTEGER,
	reason TEXT NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE audit (
	seq INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	object TEXT NOT NULL,
	detail TEXT NOT NULL,
	prev TEXT NOT NULL,
	hash TEXT NOT NULL
) STRICT;

CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	seq INTEGER NOT NULL,
	hash TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
