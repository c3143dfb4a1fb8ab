-- 0004-search.sql — full-text search (SQLite FTS5) over issue titles and
-- descriptions and over comments, with each comment's internal flag, for the
-- dashboard search (src/store/search.c, docs/search.md).
--
-- The connection runs with trusted_schema=OFF, and SQLite (3.40) refuses a
-- trigger of the schema that writes into an FTS5 table ("unsafe use of
-- virtual table"). So the triggers record every change of an issue's text
-- or of a comment in search_pending, a plain table, and the store applies
-- those changes to the index at the start of every search, before the
-- MATCH runs (store_search_sync()): a search never sees a stale index.
-- The index holds text only; who may see what is decided by the service,
-- which passes the set of visible issues into every search query.

CREATE VIRTUAL TABLE issue_fts USING fts5(
	title, description,
	tokenize = 'unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE comment_fts USING fts5(
	body, issue_id UNINDEXED, internal UNINDEXED,
	tokenize = 'unicode61 remove_diacritics 2'
);

-- kind 0: issue (id = issue.id); kind 1: comment (id = comment.id)
CREATE TABLE search_pending (
	kind INTEGER NOT NULL CHECK (kind IN (0, 1)),
	id INTEGER NOT NULL,
	PRIMARY KEY (kind, id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER search_issue_insert AFTER INSERT ON issue
BEGIN INSERT OR IGNORE INTO search_pending(kind, id) VALUES (0, new.id); END;
CREATE TRIGGER search_issue_update AFTER UPDATE OF title, description ON issue
BEGIN INSERT OR IGNORE INTO search_pending(kind, id) VALUES (0, new.id); END;
CREATE TRIGGER search_issue_delete AFTER DELETE ON issue
BEGIN INSERT OR IGNORE INTO search_pending(kind, id) VALUES (0, old.id); END;

CREATE TRIGGER search_comment_insert AFTER INSERT ON comment
BEGIN INSERT OR IGNORE INTO search_pending(kind, id) VALUES (1, new.id); END;
CREATE TRIGGER search_comment_update AFTER UPDATE OF body, internal, issue_id ON comment
BEGIN INSERT OR IGNORE INTO search_pending(kind, id) VALUES (1, new.id); END;
CREATE TRIGGER search_comment_delete AFTER DELETE ON comment
BEGIN INSERT OR IGNORE INTO search_pending(kind, id) VALUES (1, old.id); END;

-- what existed before this migration
INSERT INTO issue_fts(rowid, title, description) SELECT id, title, description FROM issue;
INSERT INTO comment_fts(rowid, body, issue_id, internal)
	SELECT id, body, issue_id, internal FROM comment;
