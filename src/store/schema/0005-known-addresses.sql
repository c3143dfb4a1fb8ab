-- 0005-known-addresses.sql — the client addresses from which each login
-- completed a sign-in (the password, and the second factor when the person
-- has one): the sign-in throttle's cap per login refuses only addresses
-- that are not here, so strangers who guess at a login cannot lock its
-- owner out of the places they usually sign in from. A row is refreshed at
-- every complete sign-in and pruned after LIM_LOGIN_KNOWN_DAYS
-- (src/core/limits.h). Failures also get an index on (login, addr): the
-- throttle counts them per pair.

CREATE TABLE login_known (
	login TEXT NOT NULL,
	addr TEXT NOT NULL,
	last_at INTEGER NOT NULL,
	PRIMARY KEY (login, addr)
) STRICT, WITHOUT ROWID;
CREATE INDEX login_known_last ON login_known(last_at);
CREATE INDEX login_failure_pair ON login_failure(login, addr, at);
