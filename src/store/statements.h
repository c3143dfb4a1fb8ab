/*
 * statements.h — every SQL statement vigil runs, each named once. The
 * X-macro list expands to the enum of statement ids and to the table of
 * SQL texts in db.c. Parameters are always bound (?1, ?2 …); no statement
 * text is ever assembled at run time.
 */
#ifndef VIGIL_STORE_STATEMENTS_H
#define VIGIL_STORE_STATEMENTS_H

#define ISSUE_COLS \
	"id, title, description, state, priority, cvss, cvss_score, cvss_severity, " \
	"subsystem_id, (SELECT name FROM subsystem WHERE id = issue.subsystem_id), " \
	"reporter_id, (SELECT login FROM person WHERE id = issue.reporter_id), " \
	"assignee_id, (SELECT login FROM person WHERE id = issue.assignee_id), " \
	"source, embargo, embargo_until, embargo_max, reported_at, acked_at, " \
	"accepted_at, released_at, published_at, introduced_in, fixed_in, credit, " \
	"anonymous, resolution, duplicate_of, disclosed_unfixed, tracked_publicly, " \
	"public_link, publish_proposed_by, publish_reason, affected_version"

/* The relation of person ?1 (global roles are added in C) to an issue i. */
#define REL_COLS \
	"i.id, i.state, i.reporter_id = ?1, i.assignee_id IS NOT NULL AND i.assignee_id = ?1, " \
	"EXISTS (SELECT 1 FROM subsystem_maintainer m WHERE m.subsystem_id = i.subsystem_id " \
	"AND m.person_id = ?1), " \
	"EXISTS (SELECT 1 FROM subsystem s WHERE s.id = i.subsystem_id AND s.architect_id = ?1), " \
	"EXISTS (SELECT 1 FROM release_manager rm JOIN backport b ON b.release_id = rm.release_id " \
	"WHERE b.issue_id = i.id AND rm.person_id = ?1 AND b.state != 4) OR " \
	"EXISTS (SELECT 1 FROM release_manager rm JOIN release r ON r.id = rm.release_id " \
	"WHERE r.name = i.fixed_in AND rm.person_id = ?1), " \
	"EXISTS (SELECT 1 FROM access_grant g WHERE g.issue_id = i.id AND g.person_id = ?1 " \
	"AND g.revoked_at IS NULL)"

#define STORE_STATEMENTS(X) \
	X(SETTING_GET, "SELECT value FROM setting WHERE key = ?1") \
	X(SETTING_SET, "INSERT INTO setting(key, value) VALUES (?1, ?2) " \
		"ON CONFLICT(key) DO UPDATE SET value = excluded.value") \
	X(PERSON_ADD, "INSERT INTO person(login, email, name, roles, created_at) " \
		"VALUES (?1, ?2, ?3, ?4, ?5)") \
	X(PERSON_GET, "SELECT id, login, email, name, roles, disabled, created_at " \
		"FROM person WHERE login = ?1") \
	X(PERSON_GET_ID, "SELECT id, login, email, name, roles, disabled, created_at " \
		"FROM person WHERE id = ?1") \
	X(PERSON_LIST, "SELECT id, login, email, name, roles, disabled, created_at " \
		"FROM person ORDER BY login") \
	X(PERSON_SET_ROLES, "UPDATE person SET roles = ?2 WHERE id = ?1") \
	X(PERSON_SET_DISABLED, "UPDATE person SET disabled = ?2 WHERE id = ?1") \
	X(PERSON_COUNT, "SELECT count(*) FROM person") \
	X(SUBSYSTEM_ADD, "INSERT INTO subsystem(name, architect_id) VALUES (?1, ?2)") \
	X(SUBSYSTEM_PATH_ADD, "INSERT INTO subsystem_path(subsystem_id, glob) VALUES (?1, ?2)") \
	X(SUBSYSTEM_MAINT_ADD, "INSERT INTO subsystem_maintainer(subsystem_id, person_id) " \
		"VALUES (?1, ?2)") \
	X(SUBSYSTEM_GET, "SELECT s.id, s.name, (SELECT login FROM person WHERE id = " \
		"s.architect_id) FROM subsystem s WHERE s.name = ?1") \
	X(SUBSYSTEM_LIST, "SELECT s.id, s.name, (SELECT login FROM person WHERE id = " \
		"s.architect_id) FROM subsystem s ORDER BY s.name") \
	X(SUBSYSTEM_PATHS, "SELECT glob FROM subsystem_path WHERE subsystem_id = ?1 ORDER BY glob") \
	X(SUBSYSTEM_MAINTS, "SELECT p.login FROM subsystem_maintainer m JOIN person p " \
		"ON p.id = m.person_id WHERE m.subsystem_id = ?1 ORDER BY p.login") \
	X(RELEASE_ADD, "INSERT INTO release(name, branch, date, lts, supported) " \
		"VALUES (?1, ?2, ?3, ?4, ?5)") \
	X(RELEASE_MANAGER_ADD, "INSERT INTO release_manager(release_id, person_id) VALUES (?1, ?2)") \
	X(RELEASE_GET, "SELECT id, name, branch, date, lts, supported FROM release WHERE name = ?1") \
	X(RELEASE_LIST, "SELECT id, name, branch, date, lts, supported FROM release " \
		"ORDER BY date DESC, name DESC") \
	X(RELEASE_MANAGERS, "SELECT p.login FROM release_manager m JOIN person p " \
		"ON p.id = m.person_id WHERE m.release_id = ?1 ORDER BY p.login") \
	X(RELEASE_SET_SUPPORTED, "UPDATE release SET supported = ?2 WHERE id = ?1") \
	X(RELEASE_IS_MANAGER, "SELECT 1 FROM release_manager WHERE release_id = ?1 " \
		"AND person_id = ?2") \
	X(ISSUE_ADD, "INSERT INTO issue(title, description, state, reporter_id, source, " \
		"embargo_max, reported_at, introduced_in, subsystem_id, credit, anonymous, " \
		"acked_at, affected_version, embargo_until) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, " \
		"?8, ?9, ?10, ?11, ?12, ?13, ?14)") \
	X(ISSUE_GET, "SELECT " ISSUE_COLS " FROM issue WHERE id = ?1") \
	X(ISSUE_UPDATE, "UPDATE issue SET title = ?2, description = ?3, state = ?4, " \
		"priority = ?5, cvss = ?6, cvss_score = ?7, cvss_severity = ?8, " \
		"subsystem_id = ?9, assignee_id = ?10, embargo = ?11, embargo_until = ?12, " \
		"embargo_max = ?13, acked_at = ?14, accepted_at = ?15, released_at = ?16, " \
		"published_at = ?17, introduced_in = ?18, fixed_in = ?19, credit = ?20, " \
		"anonymous = ?21, resolution = ?22, duplicate_of = ?23, disclosed_unfixed = ?24, " \
		"tracked_publicly = ?25, public_link = ?26, publish_proposed_by = ?27, " \
		"publish_reason = ?28 WHERE id = ?1") \
	X(ISSUE_RELATION, "SELECT " REL_COLS " FROM issue i WHERE i.id = ?2") \
	X(ISSUE_RELATIONS, "SELECT " REL_COLS " FROM issue i ORDER BY i.id") \
	X(COMMENT_ADD, "INSERT INTO comment(issue_id, author_id, internal, body, created_at) " \
		"VALUES (?1, ?2, ?3, ?4, ?5)") \
	X(COMMENT_LIST, "SELECT c.id, p.login, c.internal, c.body, c.created_at FROM comment c " \
		"JOIN person p ON p.id = c.author_id WHERE c.issue_id = ?1 " \
		"AND (?2 OR c.internal = 0) ORDER BY c.id") \
	X(BLOB_ADD, "INSERT INTO blob(sha256, size, data) VALUES (?1, ?2, ?3) " \
		"ON CONFLICT(sha256) DO NOTHING") \
	X(BLOB_GET, "SELECT data FROM blob WHERE sha256 = ?1") \
	X(ATTACHMENT_ADD, "INSERT INTO attachment(issue_id, name, sha256, size, uploader_id, " \
		"created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)") \
	X(ATTACHMENT_LIST, "SELECT a.id, a.name, a.sha256, a.size, p.login, a.created_at " \
		"FROM attachment a JOIN person p ON p.id = a.uploader_id WHERE a.issue_id = ?1 " \
		"ORDER BY a.id") \
	X(ATTACHMENT_GET, "SELECT a.id, a.name, a.sha256, a.size, p.login, a.created_at " \
		"FROM attachment a JOIN person p ON p.id = a.uploader_id WHERE a.issue_id = ?1 " \
		"AND a.id = ?2") \
	X(GRANT_ADD, "INSERT INTO access_grant(issue_id, person_id, granted_by, reason, " \
		"granted_at) VALUES (?1, ?2, ?3, ?4, ?5)") \
	X(GRANT_REVOKE, "UPDATE access_grant SET revoked_by = ?3, revoked_at = ?4 " \
		"WHERE issue_id = ?1 AND person_id = ?2 AND revoked_at IS NULL") \
	X(GRANT_LIST, "SELECT g.id, p.login, b.login, g.reason, g.granted_at, " \
		"(SELECT login FROM person WHERE id = g.revoked_by), g.revoked_at " \
		"FROM access_grant g JOIN person p ON p.id = g.person_id " \
		"JOIN person b ON b.id = g.granted_by WHERE g.issue_id = ?1 ORDER BY g.id") \
	X(CVE_RESERVE, "INSERT INTO cve(id, year, seq, state, reserved_at) " \
		"VALUES (printf('CVE-%d-%04d', ?1, ?2), ?1, ?2, 0, ?3)") \
	X(CVE_GET, "SELECT id, state, issue_id, reason, reserved_at, assigned_at, " \
		"published_at, retired_at FROM cve WHERE id = ?1") \
	X(CVE_NEXT_FREE, "SELECT id, state, issue_id, reason, reserved_at, assigned_at, " \
		"published_at, retired_at FROM cve WHERE state = 0 ORDER BY year, seq LIMIT 1") \
	X(CVE_UPDATE, "UPDATE cve SET state = ?2, issue_id = ?3, reason = ?4, " \
		"assigned_at = ?5, published_at = ?6, retired_at = ?7 WHERE id = ?1") \
	X(CVE_LIST, "SELECT id, state, issue_id, reason, reserved_at, assigned_at, " \
		"published_at, retired_at FROM cve ORDER BY year, seq") \
	X(CVE_LIST_ISSUE, "SELECT id, state, issue_id, reason, reserved_at, assigned_at, " \
		"published_at, retired_at FROM cve WHERE issue_id = ?1 ORDER BY year, seq") \
	X(FIX_ADD, "INSERT INTO fix(issue_id, url, repo, branch, commit_id, state, merged_at, " \
		"created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)") \
	X(FIX_GET, "SELECT id, issue_id, url, repo, branch, commit_id, state, merged_at, " \
		"created_at FROM fix WHERE issue_id = ?1 AND url = ?2") \
	X(FIX_UPDATE, "UPDATE fix SET commit_id = ?2, state = ?3, merged_at = ?4 WHERE id = ?1") \
	X(FIX_LIST, "SELECT id, issue_id, url, repo, branch, commit_id, state, merged_at, " \
		"created_at FROM fix WHERE issue_id = ?1 ORDER BY id") \
	X(BACKPORT_ADD, "INSERT INTO backport(issue_id, release_id, state, reason, fix_id, " \
		"updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)") \
	X(BACKPORT_GET, "SELECT b.id, b.issue_id, b.release_id, r.name, b.state, b.reason, " \
		"(SELECT url FROM fix WHERE id = b.fix_id), b.updated_at FROM backport b " \
		"JOIN release r ON r.id = b.release_id WHERE b.issue_id = ?1 AND b.release_id = ?2") \
	X(BACKPORT_UPDATE, "UPDATE backport SET state = ?2, reason = ?3, " \
		"fix_id = (SELECT id FROM fix WHERE issue_id = ?4 AND url = ?5), updated_at = ?6 " \
		"WHERE id = ?1") \
	X(BACKPORT_LIST, "SELECT b.id, b.issue_id, b.release_id, r.name, b.state, b.reason, " \
		"(SELECT url FROM fix WHERE id = b.fix_id), b.updated_at FROM backport b " \
		"JOIN release r ON r.id = b.release_id WHERE b.issue_id = ?1 " \
		"ORDER BY r.date DESC, r.name DESC") \
	X(MEETING_ADD, "INSERT INTO meeting(date, created_by, created_at) VALUES (?1, ?2, ?3)") \
	X(MEETING_ATTENDEE_ADD, "INSERT INTO meeting_attendee(meeting_id, person_id) " \
		"VALUES (?1, ?2)") \
	X(MEETING_GET, "SELECT id, date FROM meeting WHERE id = ?1") \
	X(MEETING_LIST, "SELECT id, date FROM meeting ORDER BY date DESC, id DESC") \
	X(MEETING_ATTENDEES, "SELECT p.login FROM meeting_attendee a JOIN person p " \
		"ON p.id = a.person_id WHERE a.meeting_id = ?1 ORDER BY p.login") \
	X(DECISION_ADD, "INSERT INTO decision(meeting_id, issue_id, kind, until, reason, " \
		"created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)") \
	X(DECISION_LIST, "SELECT id, issue_id, kind, until, reason FROM decision " \
		"WHERE meeting_id = ?1 ORDER BY id") \
	X(PERSON_AUTH, "SELECT id, roles, disabled, password_hash, totp_secret, totp_enabled, " \
		"totp_last_step FROM person WHERE login = ?1") \
	X(PERSON_SET_PASSWORD, "UPDATE person SET password_hash = ?2, password_changed_at = ?3 " \
		"WHERE id = ?1") \
	X(PERSON_SET_TOTP, "UPDATE person SET totp_secret = ?2, totp_enabled = ?3, " \
		"totp_last_step = 0 WHERE id = ?1") \
	X(PERSON_SET_TOTP_STEP, "UPDATE person SET totp_last_step = ?2 WHERE id = ?1 " \
		"AND totp_last_step < ?2") \
	X(PERSON_OWNS, "SELECT EXISTS (SELECT 1 FROM subsystem_maintainer WHERE person_id = ?1) " \
		"OR EXISTS (SELECT 1 FROM subsystem WHERE architect_id = ?1) " \
		"OR EXISTS (SELECT 1 FROM release_manager WHERE person_id = ?1) " \
		"OR EXISTS (SELECT 1 FROM issue WHERE assignee_id = ?1) " \
		"OR EXISTS (SELECT 1 FROM access_grant WHERE person_id = ?1 AND revoked_at IS NULL)") \
	X(RECOVERY_CLEAR, "DELETE FROM recovery_code WHERE person_id = ?1") \
	X(RECOVERY_ADD, "INSERT INTO recovery_code(person_id, code_hash) VALUES (?1, ?2)") \
	X(RECOVERY_USE, "UPDATE recovery_code SET used_at = ?3 WHERE person_id = ?1 " \
		"AND code_hash = ?2 AND used_at IS NULL") \
	X(SESSION_ADD, "INSERT INTO session(person_id, token_hash, csrf, mfa, created_at, " \
		"expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)") \
	X(SESSION_GET, "SELECT id, person_id, csrf, mfa, expires_at, revoked_at FROM session " \
		"WHERE token_hash = ?1") \
	X(SESSION_SET_MFA, "UPDATE session SET mfa = 1 WHERE id = ?1") \
	X(SESSION_REVOKE, "UPDATE session SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL") \
	X(SESSION_REVOKE_ALL, "UPDATE session SET revoked_at = ?2 WHERE person_id = ?1 " \
		"AND revoked_at IS NULL") \
	X(TOKEN_ADD, "INSERT INTO api_token(person_id, name, token_hash, scope, mfa, created_at, " \
		"expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)") \
	X(TOKEN_GET, "SELECT id, person_id, name, scope, mfa, created_at, expires_at, revoked_at " \
		"FROM api_token WHERE token_hash = ?1") \
	X(TOKEN_LIST, "SELECT id, person_id, name, scope, mfa, created_at, expires_at, revoked_at " \
		"FROM api_token WHERE person_id = ?1 ORDER BY name") \
	X(TOKEN_REVOKE, "UPDATE api_token SET revoked_at = ?3 WHERE person_id = ?1 AND name = ?2 " \
		"AND revoked_at IS NULL") \
	X(TOKEN_REVOKE_ALL, "UPDATE api_token SET revoked_at = ?2 WHERE person_id = ?1 " \
		"AND revoked_at IS NULL") \
	X(LOGIN_FAILURE_PRUNE, "DELETE FROM login_failure WHERE at < ?1") \
	X(LOGIN_FAILURE_ADD, "INSERT INTO login_failure(login, addr, at) VALUES (?1, ?2, ?3)") \
	/* a sign-in attempt proved no failure: its pending row goes (service/throttle.c) */ \
	X(LOGIN_FAILURE_DELETE, "DELETE FROM login_failure WHERE id = ?1") \
	X(LOGIN_FAILURES, "SELECT (SELECT count(*) FROM login_failure WHERE login = ?1 AND at >= ?3), " \
		"(SELECT count(*) FROM login_failure WHERE addr = ?2 AND at >= ?3)") \
	/* sign-in throttle (service/throttle.c): failures of the pair, of the \
	 * address, of the login since ?3; has the pair signed in since ?4? */ \
	X(LOGIN_THROTTLE, "SELECT (SELECT count(*) FROM login_failure WHERE login = ?1 " \
		"AND addr = ?2 AND at >= ?3), " \
		"(SELECT count(*) FROM login_failure WHERE addr = ?2 AND at >= ?3), " \
		"(SELECT count(*) FROM login_failure WHERE login = ?1 AND at >= ?3), " \
		"EXISTS (SELECT 1 FROM login_known WHERE login = ?1 AND addr = ?2 " \
		"AND last_at >= ?4)") \
	X(LOGIN_KNOWN_TOUCH, "INSERT INTO login_known(login, addr, last_at) VALUES (?1, ?2, ?3) " \
		"ON CONFLICT(login, addr) DO UPDATE SET last_at = max(last_at, excluded.last_at)") \
	X(LOGIN_KNOWN_PRUNE, "DELETE FROM login_known WHERE last_at < ?1") \
	X(AUDIT_HEAD, "SELECT seq, hash FROM audit_head WHERE id = 1") \
	X(AUDIT_HEAD_SET, "INSERT INTO audit_head(id, seq, hash) VALUES (1, ?1, ?2) " \
		"ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash") \
	X(AUDIT_ADD, "INSERT INTO audit(seq, at, actor, action, object, detail, prev, hash) " \
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)") \
	X(AUDIT_WALK, "SELECT seq, at, actor, action, object, detail, prev, hash FROM audit " \
		"ORDER BY rowid") \
	X(AUDIT_LIST, "SELECT seq, at, actor, action, object, detail FROM audit " \
		"ORDER BY seq LIMIT ?1") \
	/* one object's events: by the index audit_object (schema 0006) */ \
	X(AUDIT_LIST_OBJECT, "SELECT seq, at, actor, action, object, detail FROM audit " \
		"WHERE object = ?1 ORDER BY seq LIMIT ?2") \
	MAIL_STATEMENTS(X) \
	SEARCH_STATEMENTS(X) \
	ISSUE_PAGE_STATEMENTS(X)


/* --- mail: alert list, outbox, intake (store/mail.c) --- */
#define ALERT_COLS "id, org, addresses, reason, pgp_key, status, " \
	"(SELECT login FROM person WHERE id = alert_member.vetted_by), vetted_at, note, " \
	"created_at, updated_at"
#define OUTBOX_EVENT_COLS "id, kind, issue_id, member_id, actor_id, audit_seq, payload, " \
	"created_at, expanded_at"
#define DELIVERY_COLS "id, event_id, person_id, member_id, address, message_id, state, " \
	"attempts, next_at, last_error, created_at, sent_at"
#define OUTBOX_PRUNABLE "expanded_at IS NOT NULL AND expanded_at < ?1 AND NOT EXISTS " \
	"(SELECT 1 FROM outbox_delivery d WHERE d.event_id = outbox_event.id AND " \
	"(d.state NOT IN (1, 3) OR coalesce(d.sent_at, d.next_at) >= ?1)) AND id <> " \
	"coalesce((SELECT max(id) FROM outbox_event WHERE kind = 'alert.digest'), 0)"
#define MAIL_STATEMENTS(X) \
	X(ALERT_ADD, "INSERT INTO alert_member(org, addresses, reason, pgp_key, status, " \
		"created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 0, ?5, ?5)") \
	X(ALERT_GET, "SELECT " ALERT_COLS " FROM alert_member WHERE id = ?1") \
	X(ALERT_LIST, "SELECT " ALERT_COLS " FROM alert_member " \
		"WHERE ?1 < 0 OR status = ?1 ORDER BY id") \
	X(ALERT_SET_STATUS, "UPDATE alert_member SET status = ?2, vetted_by = ?3, " \
		"vetted_at = ?4, note = ?5, updated_at = ?4 WHERE id = ?1") \
	X(ALERT_SET_CONTACT, "UPDATE alert_member SET addresses = ?2, pgp_key = ?3, " \
		"updated_at = ?4 WHERE id = ?1") \
	X(OUTBOX_EVENT_ADD, "INSERT INTO outbox_event(kind, issue_id, member_id, actor_id, " \
		"audit_seq, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)") \
	X(OUTBOX_EVENT_GET, "SELECT " OUTBOX_EVENT_COLS " FROM outbox_event WHERE id = ?1") \
	X(OUTBOX_EVENT_PENDING, "SELECT " OUTBOX_EVENT_COLS " FROM outbox_event " \
		"WHERE expanded_at IS NULL AND created_at <= ?1 ORDER BY id LIMIT ?2") \
	X(OUTBOX_EVENT_LIST, "SELECT " OUTBOX_EVENT_COLS " FROM outbox_event ORDER BY id") \
	X(OUTBOX_EVENT_EXPANDED, "UPDATE outbox_event SET expanded_at = ?2 WHERE id = ?1") \
	X(OUTBOX_EVENT_LAST, "SELECT max(created_at) FROM outbox_event WHERE kind = ?1") \
	X(DELIVERY_ADD, "INSERT INTO outbox_delivery(event_id, person_id, member_id, address, " \
		"message_id, state, attempts, next_at, created_at) " \
		"VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, ?6, ?6)") \
	X(DELIVERY_GET, "SELECT " DELIVERY_COLS " FROM outbox_delivery WHERE id = ?1") \
	X(DELIVERY_DUE, "SELECT " DELIVERY_COLS " FROM outbox_delivery " \
		"WHERE state = 0 AND next_at <= ?1 ORDER BY next_at, id LIMIT 1") \
	X(DELIVERY_LIST, "SELECT " DELIVERY_COLS " FROM outbox_delivery ORDER BY id") \
	X(DELIVERY_UPDATE, "UPDATE outbox_delivery SET state = ?2, attempts = ?3, next_at = ?4, " \
		"last_error = ?5, sent_at = ?6 WHERE id = ?1") \
	X(DELIVERY_ISSUE, "SELECT e.issue_id FROM outbox_delivery d JOIN outbox_event e " \
		"ON e.id = d.event_id WHERE d.message_id = ?1 AND e.issue_id IS NOT NULL") \
	X(DELIVERY_THREAD_ROOT, "SELECT d.message_id FROM outbox_delivery d " \
		"JOIN outbox_event e ON e.id = d.event_id WHERE e.issue_id = ?1 " \
		"AND d.address = ?2 AND d.id < ?3 AND d.state IN (0, 1) ORDER BY d.id LIMIT 1") \
	/* outbox retention (service/outbox_prune.c): an event expanded before \
	 * ?1 whose deliveries all ended (sent or dropped) before ?1, never the \
	 * newest digest (the digest schedule counts from it) */ \
	X(OUTBOX_PRUNE_KEEP_IDS, "INSERT OR IGNORE INTO intake_message(message_id, issue_id, " \
		"outcome, at) SELECT d.message_id, e.issue_id, 'sent', coalesce(d.sent_at, " \
		"d.created_at) FROM outbox_delivery d JOIN outbox_event e ON e.id = d.event_id " \
		"WHERE d.state = 1 AND e.issue_id IS NOT NULL AND e.id IN (SELECT id FROM " \
		"outbox_event WHERE " OUTBOX_PRUNABLE ")") \
	X(OUTBOX_PRUNE_DELIVERIES, "DELETE FROM outbox_delivery WHERE event_id IN " \
		"(SELECT id FROM outbox_event WHERE " OUTBOX_PRUNABLE ")") \
	X(OUTBOX_PRUNE_EVENTS, "DELETE FROM outbox_event WHERE " OUTBOX_PRUNABLE) \
	X(INTAKE_GET, "SELECT issue_id, outcome FROM intake_message WHERE message_id = ?1") \
	X(INTAKE_ADD, "INSERT INTO intake_message(message_id, issue_id, outcome, at) " \
		"VALUES (?1, ?2, ?3, ?4)") \
	X(PERSON_BY_EMAIL, "SELECT id, login, email, name, roles, disabled, created_at " \
		"FROM person WHERE lower(email) = lower(?1) ORDER BY disabled, id LIMIT 1") \
	X(COMMENT_LAST, "SELECT max(id) FROM comment WHERE issue_id = ?1") \
	X(COMMENT_GET, "SELECT c.id, p.login, c.internal, c.body, c.created_at FROM comment c " \
		"JOIN person p ON p.id = c.author_id WHERE c.id = ?1 AND c.issue_id = ?2") \
	X(AUDIT_LAST_SEQ, "SELECT seq FROM audit_head WHERE id = 1")
/* --- end of mail --- */

/* --- full-text search (store/search.c, schema 0004) ---
 * The visible issues (?2) and those seen with the full view (?3) are bound
 * as JSON arrays of ids; the join starts from them (CROSS JOIN keeps that
 * order), so the MATCH only ever runs inside the set the service allowed. */
#define SEARCH_SNIPPET(t, col) "snippet(" t ", " col ", char(2), char(3), '…', ?4)"
#define SEARCH_STATEMENTS(X) \
	X(SEARCH_PENDING, "SELECT EXISTS (SELECT 1 FROM search_pending)") \
	X(SEARCH_SYNC_ISSUE_DEL, "DELETE FROM issue_fts WHERE rowid IN " \
		"(SELECT id FROM search_pending WHERE kind = 0)") \
	X(SEARCH_SYNC_ISSUE_ADD, "INSERT INTO issue_fts(rowid, title, description) " \
		"SELECT i.id, i.title, i.description FROM search_pending p " \
		"JOIN issue i ON i.id = p.id WHERE p.kind = 0") \
	X(SEARCH_SYNC_COMMENT_DEL, "DELETE FROM comment_fts WHERE rowid IN " \
		"(SELECT id FROM search_pending WHERE kind = 1)") \
	X(SEARCH_SYNC_COMMENT_ADD, "INSERT INTO comment_fts(rowid, body, issue_id, internal) " \
		"SELECT c.id, c.body, c.issue_id, c.internal FROM search_pending p " \
		"JOIN comment c ON c.id = p.id WHERE p.kind = 1") \
	X(SEARCH_SYNC_CLEAR, "DELETE FROM search_pending") \
	X(SEARCH_ISSUES, "SELECT f.rowid, " SEARCH_SNIPPET("issue_fts", "-1") ", " \
		"bm25(issue_fts, 2.0, 1.0) FROM json_each(?2) v " \
		"CROSS JOIN issue_fts f ON f.rowid = v.value " \
		"WHERE issue_fts MATCH ?1 ORDER BY 3, 1 LIMIT ?5") \
	X(SEARCH_COMMENTS, "SELECT c.issue_id, " SEARCH_SNIPPET("comment_fts", "0") ", " \
		"bm25(comment_fts) FROM json_each(?2) v " \
		"CROSS JOIN comment c ON c.issue_id = v.value " \
		"CROSS JOIN comment_fts f ON f.rowid = c.id " \
		"WHERE comment_fts MATCH ?1 AND (f.internal = 0 OR " \
		"c.issue_id IN (SELECT value FROM json_each(?3))) ORDER BY 3, 1 LIMIT ?5")
/* --- end of full-text search --- */

/* --- the issue page's history (store/audit.c, index of schema 0006) ---
 * The events about object ?1 but those of action ?2, and those counted per
 * actor; audit_object (object, action, actor, at) serves both, the count
 * from the index alone, so neither reads the rest of the log. The two
 * ranges (rather than action <> ?2) skip the counted events unread. */
#define ISSUE_PAGE_STATEMENTS(X) \
	X(AUDIT_OBJECT_EVENTS, "SELECT seq, at, actor, action, object, detail FROM audit " \
		"WHERE object = ?1 AND (action < ?2 OR action > ?2) ORDER BY seq LIMIT ?3") \
	X(AUDIT_OBJECT_TALLY, "SELECT actor, count(*), max(at) FROM audit " \
		"WHERE object = ?1 AND action = ?2 GROUP BY actor ORDER BY 3 DESC, 1")
/* --- end of the issue page's history --- */

enum stmt_id {
#define X(name, sql) S_##name,
	STORE_STATEMENTS(X)
#undef X
	S__COUNT
};

#endif
