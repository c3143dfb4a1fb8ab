"""vigil_cast.py — the people, subsystems and releases of SPEC §1 that the
integration scenarios share, created through the real binary.

    adam    admin (the first person, from `vigil init`)
    dora    director
    alice   psirt                carol   psirt (the second member)
    rita    reporter             oscar   another reporter
    nina    maintainer of net    frank   maintainer of fs
    archie  architect of net
    dave    a developer, later the assignee (no other relation)
    larry   release manager of v2.7.0 (LTS)
    rob     release manager of v3.3.0 (an older release, never backported to)

Releases (the main branch is "main"):
    v2.7.0  LTS   v2.7-branch  2024-07-26  larry
    v3.3.0        v3.3-branch  2025-01-15  rob
    v3.4.0        v3.4-branch  2025-06-10
    v3.5.0        v3.5-branch  2025-11-20
    v3.6.0        main         2026-02-01  (cut from main, after the fixes merge)

A fix merged into main in January 2026 opens backports for v2.7.0 (newest
LTS), v3.5.0 and v3.4.0 (the two most recent releases); v3.3.0 gets none.
"""

CVSS_CRITICAL = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"   # 9.8 Critical
CVSS_HIGH = "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"       # 8.1 High

PEOPLE = [
    # login, label, global roles
    ("alice", "psirt", ["psirt"]),
    ("carol", "psirt (second member)", ["psirt"]),
    ("rita", "reporter", []),
    ("oscar", "other reporter", []),
    ("nina", "maintainer of net", []),
    ("frank", "maintainer of fs (another subsystem)", []),
    ("archie", "architect of net", []),
    ("dave", "assignee (developer)", []),
    ("larry", "release manager of LTS v2.7.0", []),
    ("rob", "release manager of v3.3.0", []),
    ("adam", "admin", ["admin"]),
    ("dora", "director", ["director"]),
]

RELEASES = [
    ("v2.7.0", "v2.7-branch", "2024-07-26", True, ["larry"]),
    ("v3.3.0", "v3.3-branch", "2025-01-15", False, ["rob"]),
    ("v3.4.0", "v3.4-branch", "2025-06-10", False, []),
    ("v3.5.0", "v3.5-branch", "2025-11-20", False, []),
    ("v3.6.0", "main", "2026-02-01", False, []),
]


def label(login):
    if login is None:
        return "anonymous"
    for l, lab, _ in PEOPLE:
        if l == login:
            return "%s (%s)" % (l, lab)
    return login


def create_cast(h):
    """Create the database and everyone in it, at the harness's clock."""
    h.ok("init", "--admin", "adam", "--email", "adam@example.org",
         what="vigil init creates the database with its first admin")
    for login, _, roles in PEOPLE:
        if login == "adam":
            continue
        args = ["user", "add", login, "--email", "%s@example.org" % login,
                "--name", login.capitalize()]
        for r in roles:
            args += ["--role", r]
        h.ok(*args, as_="adam", what="admin adds %s" % login)
    h.ok("subsystem", "add", "net", "--path", "subsys/net/**", "--path", "include/net/**",
         "--maintainer", "nina", "--architect", "archie", as_="adam",
         what="admin adds subsystem net")
    h.ok("subsystem", "add", "fs", "--path", "subsys/fs/**", "--maintainer", "frank",
         as_="alice", what="psirt adds subsystem fs")
    for name, branch, date, lts, managers in RELEASES:
        args = ["release", "add", name, "--branch", branch, "--date", date]
        if lts:
            args.append("--lts")
        for m in managers:
            args += ["--manager", m]
        h.ok(*args, as_="alice", what="psirt adds release %s" % name)
