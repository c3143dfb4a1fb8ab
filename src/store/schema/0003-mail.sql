-- 0003-mail.sql — mail (SPEC §7): the vetted alert list, the durable
-- outbox and the Message-IDs of taken-in mail. An outbox event is written
-- in the same transaction as the change that causes it; its deliveries
-- (one per recipient address) are computed later, at send time, from the
-- permissions in force then.

CREATE TABLE alert_member (
	id INTEGER PRIMARY KEY,
	org TEXT NOT NULL,
	addresses TEXT NOT NULL,          -- addr-specs separated by LF
	reason TEXT NOT NULL,
	pgp_key TEXT,                     -- ASCII-armored public key, or NULL
	status INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 3),
	                                  -- 0 requested, 1 approved, 2 denied, 3 removed
	vetted_by INTEGER REFERENCES person(id),
	vetted_at INTEGER,
	note TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE outbox_event (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,               -- e.g. issue.state, issue.comment, alert.triage
	issue_id INTEGER REFERENCES issue(id),
	member_id INTEGER REFERENCES alert_member(id),
	actor_id INTEGER,                 -- the person who caused it (not told), or NULL
	audit_seq INTEGER,                -- the audit event it belongs to
	payload TEXT NOT NULL,            -- JSON object: what the renderer needs
	created_at INTEGER NOT NULL,
	expanded_at INTEGER               -- deliveries computed; NULL: not yet
) STRICT;
CREATE INDEX outbox_event_pending ON outbox_event(expanded_at, id);

CREATE TABLE outbox_delivery (
	id INTEGER PRIMARY KEY,
	event_id INTEGER NOT NULL REFERENCES outbox_event(id),
	person_id INTEGER REFERENCES person(id), -- a person, or
	member_id INTEGER REFERENCES alert_member(id), -- an alert-list member
	address TEXT NOT NULL,
	message_id TEXT NOT NULL UNIQUE,  -- "<...@domain>", stable across retries
	state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),
	                                  -- 0 pending, 1 sent, 2 held, 3 dropped
	attempts INTEGER NOT NULL DEFAULT 0,
	next_at INTEGER NOT NULL,
	last_error TEXT,
	created_at INTEGER NOT NULL,
	sent_at INTEGER
) STRICT;
CREATE INDEX outbox_delivery_due ON outbox_delivery(state, next_at, id);
CREATE INDEX outbox_delivery_event ON outbox_delivery(event_id);

CREATE TABLE intake_message (
	message_id TEXT PRIMARY KEY,
	issue_id INTEGER REFERENCES issue(id), -- NULL: taken in, nothing made
	outcome TEXT NOT NULL,
	at INTEGER NOT NULL
) STRICT;
