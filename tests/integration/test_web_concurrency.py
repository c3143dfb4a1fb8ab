#!/usr/bin/env python3
"""test_web_concurrency.py — the public vulnerabilities page under concurrent
load (issue 5): `vigil serve --tick 1` (scheduler thread, mail sender thread,
a pool of worker threads) answers GET /vulnerabilities to several anonymous
visitors and signed-in callers at once while the command line writes to the
same database (comments, field changes of the embargoed issue). Every answer
must be 200, and every anonymous answer must carry the same page as the one
asked alone before the load (the writes change nothing the page shows).

Regression check for a 500 seen once on an anonymous GET /vulnerabilities in
the browser test; it asserts correctness only, never timing.

Usage: test_web_concurrency.py PATH-TO-VIGIL
"""

import os
import re
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from http_client import Client, HttpHarness  # noqa: E402
import export_scenario  # noqa: E402

NOW = "2027-04-06T12:00:00Z"
ROUNDS = 30          # requests per visitor thread
ANONYMOUS = 4        # anonymous visitor threads
PATHS_SIGNED = ("/vulnerabilities", "/issues/SEC-1", "/dashboard")


def main_part(text):
    m = re.search(r"<main.*?</main>", text, re.S)
    return m.group(0) if m else None


def visitor(port, label, token, paths, out):
    """GET paths in turn ROUNDS times; (path, status, main part) into out."""
    c = Client(port, label)
    c.token = token
    for i in range(ROUNDS):
        p = paths[i % len(paths)]
        r = c.get(p)
        out.append((p, r.status, main_part(r.text) if r.status == 200 else r.text[:300]))


def main():
    h = HttpHarness(sys.argv, "web-concurrency")
    sc = export_scenario.build(h)
    h.now = NOW
    tokens = {who: h.cli_token(who, "load", scope="read") for who in ("alice", "rep")}
    h.start_server(NOW, args=("--tick", "1"))
    port = h.server.port

    h.section = "alone"
    r = Client(port, "anonymous").get("/vulnerabilities")
    h.status(r, 200, "GET /vulnerabilities alone")
    want = main_part(r.text)
    h.check(want is not None and all(c in want for l in sc["cves"].values() for c in l),
            "the page alone lists every published CVE id", r)

    h.section = "under load"
    results, threads = {}, []
    for i in range(ANONYMOUS):
        results["anonymous-%d" % i] = []
        threads.append(threading.Thread(target=visitor, args=(
            port, "anonymous-%d" % i, None, ("/vulnerabilities", "/static/vigil.css"),
            results["anonymous-%d" % i])))
    for who, tok in tokens.items():
        results[who] = []
        threads.append(threading.Thread(target=visitor, args=(
            port, who, tok, PATHS_SIGNED, results[who])))
    for t in threads:
        t.start()
    writes = 0
    while any(t.is_alive() for t in threads) and writes < 40:
        h.ok("issue", "comment", "SEC-1", "load comment %d" % writes, as_="alice",
             what="a comment written during the load")
        h.ok("issue", "set", sc["embargoed"], "--title", "Embargoed, renamed %d" % writes,
             as_="alice", what="a change of the embargoed issue during the load")
        writes += 1
    for t in threads:
        t.join(300)
    h.check(writes > 0, "the command line wrote during the load (%d rounds)" % writes)
    for who, got in results.items():
        h.eq(len(got), ROUNDS, "%s: every request answered" % who)
        bad = [(p, s, body) for p, s, body in got if s != 200]
        h.check(not bad, "%s: every answer is 200 (%s)" % (who, bad[:3]))
        if who.startswith("anonymous"):
            pages = [body for p, s, body in got if p == "/vulnerabilities" and s == 200]
            h.check(pages and all(b == want for b in pages),
                    "%s: every /vulnerabilities is the page asked alone (%d pages)" %
                    (who, len(pages)))
    errors = [ln for ln in h.server.log().splitlines()
              if "error" in ln and "mail-send" not in ln]
    h.check(not errors, "the server logged no error during the load (%s)" % errors[:3],
            h.server)
    h.stop_server()
    h.finish()


if __name__ == "__main__":
    main()
