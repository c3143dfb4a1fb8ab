-- 0006-issue-page-indexes.sql — an index on the audit log by object, for
-- the history card of the issue page (store_audit_history() in
-- src/store/audit.c). Every reading of an issue that is not public is an
-- audit event (issue.view), so the log grows with every page view; without
-- the index each page read the whole log twice, which made the page slower
-- with every view of any issue. With it the page reads only the events
-- about its own issue, and counts the views per person from the index
-- alone (it holds the action, actor and time). Adding an index changes no
-- row and leaves the hash chain as it was.

CREATE INDEX audit_object ON audit(object, action, actor, at);
