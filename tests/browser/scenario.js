/*
 * scenario.js — the browser test of vigil's web pages (issue 5): the whole
 * process from a report to its publication, clicked through the pages in
 * Debian's Chromium as each role, with an XSS sweep over every text field and
 * screenshots of the main pages.
 *
 *   NODE_PATH=.../node_modules node scenario.js PATH-TO-VIGIL SCREENSHOT-DIR
 *
 * run.sh installs playwright-core and calls this. The database is prepared
 * with the vigil command line (people, roles, subsystems, releases, CVE
 * pool); the second factor is enrolled over the JSON API; everything after
 * that goes through the pages, by clicks and form fills.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const L = require('./lib.js');
const sweep = require('./sweep.js');

const T0 = '2027-01-05T10:00:00Z';       // setup, the report, triage
const PASSWORDS = {};
const TOTP = {};

async function main() {
  if (process.argv.length !== 4) {
    process.stderr.write('usage: scenario.js PATH-TO-VIGIL SCREENSHOT-DIR\n');
    return 2;
  }
  const t = new L.Checks('browser');
  const dir = L.tmpDir('vigil-browser-');
  const v = new L.Vigil(path.resolve(process.argv[2]), dir);
  const shots = path.resolve(process.argv[3]);
  fs.rmSync(shots, { recursive: true, force: true });
  const s = { t, v, shots, server: null, browser: null, people: {}, passwords: PASSWORDS,
    totp: TOTP, now: T0 };
  s.person = (login) => person(s, login);
  try {
    await story(s);
  } finally {
    await L.finish(s, Object.values(s.people), dir);
  }
  return t.summary();
}

async function story(s) {
  const t = s.t;
  const steps = [
    ['setup', setup],
    ['server', startServer],
    ['the page checks catch bad pages', selfTest],
    ['public pages', publicPages],
    ['report', fileReport],
    ['psirt signs in', psirtSignsIn],
    ['triage', triage],
    ['maintainer', maintainer],
    ['other maintainer', otherMaintainer],
    ['fix', fixLinkedAndMerged],
    ['releases matrix', releasesMatrix],
    ['early publication', earlyPublication],
    ...sweep.steps,
  ];
  for (const [name, fn] of steps) {
    const ok = await t.run(name, () => fn(s));
    if (!ok) {
      await L.failShot(s, 'FAIL', name);
      if (!t.keepGoing)
        return;
    }
  }
}

// ------------------------------------------------------------------ setup (CLI)

function setup(s) {
  const { t, v } = s;
  const out = v.ok(t, ['init', '--admin', 'adam', '--email', 'adam@example.org'],
    { what: 'vigil init' });
  PASSWORDS.adam = L.lineValue(out, 'password');
  const people = [
    ['alice', 'psirt'], ['carol', 'psirt'], ['mia', null], ['max', null], ['rita', null],
    ['dora', 'director'],
  ];
  for (const [login, role] of people) {
    const a = ['user', 'add', login, '--email', `${login}@example.org`, '--name',
      login[0].toUpperCase() + login.slice(1)];
    if (role)
      a.push('--role', role);
    v.ok(t, a, { as: 'adam' });
    PASSWORDS[login] = L.lineValue(v.ok(t, ['user', 'password', login], { as: 'adam' }),
      'password');
    t.check(PASSWORDS[login] && PASSWORDS[login].length >= 12, `${login} has a password`);
  }
  PASSWORDS.adam = L.lineValue(v.ok(t, ['user', 'password', 'adam'], { as: 'adam' }),
    'password');
  v.ok(t, ['subsystem', 'add', 'net', '--path', 'subsys/net/**', '--maintainer', 'mia'],
    { as: 'alice' });
  v.ok(t, ['subsystem', 'add', 'fs', '--path', 'subsys/fs/**', '--maintainer', 'max'],
    { as: 'alice' });
  v.ok(t, ['release', 'add', 'v3.7.0', '--branch', 'v3.7-branch', '--date', '2026-06-01',
    '--lts', '--manager', 'rita'], { as: 'alice' });
  v.ok(t, ['release', 'add', 'v4.0.0', '--branch', 'v4.0-branch', '--date', '2026-10-01'],
    { as: 'alice' });
  v.ok(t, ['release', 'add', 'v4.1.0', '--branch', 'v4.1-branch', '--date', '2026-12-15'],
    { as: 'alice' });
  v.ok(t, ['cve', 'reserve', 'CVE-2027-0001..CVE-2027-0020'], { as: 'alice' });
  sweep.setup(s);
}

async function startServer(s) {
  s.server = new L.Server(s.v, T0, ['--tick', '0']);
  await s.server.start();
  s.t.check(true, 'vigil serve listens');
  s.browser = await L.launchBrowser();
  s.t.check(s.browser.version().length > 0, `Chromium ${s.browser.version()} starts`);
  // the second factor of the people who sign in with one, over the API (setup)
  for (const login of ['alice', 'carol', 'max', 'dora', 'adam', 'rita'])
    TOTP[login] = await new L.ApiSession(s.server.base).enrol(s.t, login, PASSWORDS[login], T0);
}

/* The browser of login; only psirt alice has JavaScript on (the live CVSS
 * score): everyone else proves the pages work without it. */
async function person(s, login) {
  if (!s.people[login])
    s.people[login] = await new L.Person(s.t, s.browser, s.server.base, login, s.shots,
      login === 'alice').open();
  return s.people[login];
}

// ------------------------------------------------------------------ the story

/*
 * The checks every page gets must be able to fail: pages served by the
 * browser itself (route) with one defect each must each fail checkPage().
 */
async function selfTest(s) {
  const good = { 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'" };
  const cases = [
    ['a clean page passes', '<p>fine</p><label>x <input name=x></label>', {}, true],
    ['an unescaped script', '<p>' + L.SCRIPT + '</p>', {}, false],
    ['a javascript: link', '<a href=" javascript:alert(1)">x</a>', {}, false],
    ['an on* attribute', '<img alt="" src="/x.png" onerror="void 0">', {}, false],
    ['a dialog', '<script>confirm(2)</script>',
      { 'content-security-policy': "script-src 'unsafe-inline'; frame-ancestors 'none'" },
      false],
    ["CSP with 'unsafe-inline'", '<p>x</p>',
      { 'content-security-policy': "default-src 'self' 'unsafe-inline'; frame-ancestors 'none'" },
      false],
    ['no nosniff', '<p>x</p>', { 'x-content-type-options': '' }, false],
    ['no frame-ancestors', '<p>x</p>', { 'content-security-policy': "default-src 'none'" },
      false],
    ['an unlabelled field', '<form><input name=q></form>', {}, false],
  ];
  for (const [what, body, hdrs, pass] of cases) {
    const q = new L.Checks('selftest');
    q.quiet = true;
    const x = await new L.Person(q, s.browser, s.server.base, 'selftest', s.shots).open();
    await x.ctx.route('**/selftest', (route) => route.fulfill({ status: 200,
      headers: { ...good, ...hdrs }, body: `<!DOCTYPE html><html><body>${body}</body></html>` }));
    let passed = true;
    try {
      await x.go('/selftest');
    } catch (e) {
      passed = false;
    }
    await x.close();
    s.t.eq(passed, pass, `the page checks ${pass ? 'pass' : 'fail'} on ${what}`);
  }
}

async function publicPages(s) {
  const anon = await person(s, 'anonymous');
  await anon.go('/');
  await anon.shot('home');
  await anon.go('/vulnerabilities');
  s.t.check(!(await anon.text()).includes('CVE-2027-0001'),
    'the public list does not show CVE-2027-0001 before publication');
  await anon.go('/login');
  await anon.shot('login');
  // the stylesheet and the script are files of ours, with their types
  const base = s.server.base, req = anon.ctx.request;
  for (const [f, type] of [['vigil.css', 'text/css'], ['cvss.js', 'javascript']]) {
    const r = await req.get(`${base}/static/${f}`);
    s.t.check(r.status() === 200 && (r.headers()['content-type'] || '').includes(type) &&
      r.headers()['x-content-type-options'] === 'nosniff',
      `/static/${f}: 200, ${type}, nosniff (${r.status()} ${r.headers()['content-type']})`);
  }
  for (const f of ['nothing.css', '..%2fvigil.db', '%2e%2e%2f%2e%2e%2fetc%2fpasswd'])
    s.t.eq((await req.get(`${base}/static/${f}`)).status(), 404, `/static/${f} is 404`);
  for (const p of ['/dashboard', '/my', '/meetings', '/people', '/alert-list']) {
    await anon.go(p);
    s.t.eq(new URL(anon.page.url()).pathname, '/login', `anonymous: ${p} leads to /login`);
  }
}

/* A visitor reports with a proof of concept; an account is made for them. */
async function fileReport(s) {
  const t = s.t;
  const r = await person(s, 'rosa');
  const p = r.page;
  await r.go('/report');
  await r.shot('report-form');
  await p.fill('#title', 'Stack overflow in the DNS resolver');
  await p.fill('#description', 'A crafted **DNS answer** overflows a stack buffer in ' +
    '`dns_unpack()`.\n\n1. send the answer\n2. watch it crash');
  await p.fill('#version', 'v4.0.0');
  await p.setInputFiles('#attachment', { name: 'poc.py', mimeType: 'text/x-python',
    buffer: Buffer.from('print("poc")\n') });
  await p.fill('#credit', 'Rosa Reporter');
  await p.fill('#email', 'rosa@example.org');
  await p.fill('#name', 'Rosa');
  await r.submit(p.locator('form[action="/report"] button[type=submit]'));
  const text = await r.text();
  const m = text.match(/\b(SEC-\d+)\b/);
  t.check(m, `the thank-you page names the new key: ${text.slice(0, 300)}`);
  s.key = m[1];
  const codes = await p.locator('dl.facts dd code').allInnerTexts();
  t.eq(codes.length, 2, 'the thank-you page shows the new login and password');
  r.login = codes[0].trim();
  PASSWORDS.rosa = codes[1].trim();
  t.check(PASSWORDS.rosa.length >= 12, 'the new password is at least 12 characters');
  await r.shot('report-filed');
  // the new reporter is signed in: my reports lists it
  await r.go('/my');
  t.check((await r.text()).includes(s.key), `${s.key} is in my reports`);
  t.check((await p.locator('td .badge').first().innerText()).trim() === 'new',
    'my reports: the report is in state new');
  await r.shot('my-reports');
  await r.go(`/issues/${s.key}`);
  const it = await r.text();
  t.check(it.includes('Stack overflow in the DNS resolver') && it.includes('poc.py'),
    'the reporter sees the report and the attachment');
  await r.shot('issue-reporter', true);
  // the session survives a sign-out and a sign-in with the shown password
  await r.submit(p.locator('form[action="/logout"] button'));
  await r.signIn(PASSWORDS.rosa, null, T0);
  t.eq(new URL(p.url()).pathname, '/my', 'a reporter starts at my reports');
}

/* psirt signs in with password and TOTP and finds the report. */
async function psirtSignsIn(s) {
  const a = await person(s, 'alice');
  await a.go('/login');
  await a.page.fill('#login', 'alice');
  await a.page.fill('#password', 'wrong password 123');
  await a.submit(a.page.locator('form[action="/login"] button[type=submit]'), 401);
  s.t.check((await a.text()).includes('Wrong login or password'), 'a wrong password is refused');
  await a.signIn(PASSWORDS.alice, TOTP.alice, T0);
  s.t.eq(new URL(a.page.url()).pathname, '/dashboard', 'psirt starts at the dashboard');
  s.t.check((await a.text()).includes(s.key), `the dashboard lists ${s.key}`);
  await a.shot('dashboard', true);
}

async function triage(s) {
  const t = s.t;
  const a = s.people.alice, p = a.page;
  await a.go(`/issues/${s.key}`);
  await a.submit(p.getByRole('button', { name: 'Acknowledge the report' }));
  t.check((await p.locator('dl.fields dd .badge').first().innerText()).trim() === 'triage',
    'acknowledged: the issue is in triage');
  // the move to assigned is shown refused, with what it still lacks
  const toAssigned = p.locator('li.move').filter({ has: p.locator('.badge.state-assigned') });
  t.eq(await toAssigned.locator('button[disabled]').count(), 1,
    'before triage the move to assigned is disabled');
  const lacks = (await toAssigned.locator('.missing').textContent()).toLowerCase();
  t.check(lacks.includes('priority') && lacks.includes('cvss'),
    `and says what is missing (${lacks})`);
  // triage fields
  const f = p.locator('form.fields').first();
  await f.locator('#f-priority').selectOption('P2');
  await f.locator('#f-subsystem').selectOption('net');
  await f.locator('#f-embargo').selectOption('yes');
  await a.submit(f.getByRole('button', { name: 'Save' }));
  t.eq(await a.flash(), 'Saved.', 'the triage fields are saved');
  const facts = await p.locator('dl.fields').innerText();
  t.check(facts.includes('P2') && facts.includes('net'), `priority and subsystem shown: ${facts}`);
  // the CVSS editor: the live score (cvss.js) as metrics are chosen
  const ed = p.locator('#cvss-editor');
  await ed.locator('input[name=version][value="3.1"]').check();
  const choose = { AV: 'N', AC: 'L', PR: 'N', UI: 'N', S: 'U', C: 'H', I: 'H', A: 'H' };
  for (const [m, val] of Object.entries(choose))
    await ed.locator(`#cvss-v31_${m}`).selectOption(val);
  await p.waitForFunction(() => /9\.8/.test(document.getElementById('cvss-live').textContent),
    null, { timeout: 10000 }).catch(() => {});
  t.check((await p.locator('#cvss-live').innerText()).includes('9.8'),
    `the editor shows the live score 9.8 as metrics are chosen (shows: ` +
    `"${await p.locator('#cvss-live').innerText()}")`);
  await a.submit(ed.getByRole('button', { name: 'Show the score' }));
  t.check((await p.locator('#cvss-live').innerText()).includes('9.8'),
    '"Show the score" (no script needed) shows 9.8 computed by the server');
  await a.submit(p.locator('#cvss-editor').getByRole('button', { name: 'Save the vector' }));
  t.check((await p.locator('dl.fields').innerText()).includes('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/' +
    'S:U/C:H/I:H/A:H'), 'the vector is saved and shown');
  // a CVE id from the pool
  await a.submit(p.getByRole('button', { name: 'Assign a CVE id' }));
  t.check((await p.locator('#cves').innerText()).includes('CVE-2027-0001'),
    'the next free CVE id of the pool is assigned');
  // comments: internal, and shared with the reporter
  await p.fill('#f-comment', 'Internal: reproduced on **v4.0.0**.');
  await a.submit(p.getByRole('button', { name: 'Comment' }));
  await p.fill('#f-comment', 'Thanks, we can reproduce it.');
  await p.locator('input[name=visibility][value=shared]').check();
  await a.submit(p.getByRole('button', { name: 'Comment' }));
  t.eq(await p.locator('li.comment.internal').count(), 1, 'one internal comment');
  t.eq(await p.locator('li.comment.shared').count(), 1, 'one shared comment');
  // a form sent without the page's CSRF token (another site's form) changes nothing
  for (const csrf of [undefined, 'f'.repeat(64)]) {
    const form = { text: 'forged comment', visibility: 'shared' };
    if (csrf)
      form.csrf = csrf;
    const r = await a.ctx.request.post(`${s.server.base}/issues/${s.key}/comment`,
      { form, maxRedirects: 0 });
    t.eq(r.status(), 403, `a comment POST ${csrf ? 'with a wrong' : 'without a'} CSRF token ` +
      'is refused with 403');
  }
  await a.go(`/issues/${s.key}`);
  t.eq(await p.locator('li.comment').count(), 2, 'the forged comments were not added');
  // assign to the maintainer of net
  await p.fill('#f-assignee', 'mia');
  await a.submit(p.getByRole('button', { name: 'Assign and move to assigned' }));
  t.check((await p.locator('dl.fields dd .badge').first().innerText()).trim() === 'assigned',
    'the issue is assigned');
  t.check((await p.locator('dl.fields').innerText()).includes('mia'), 'mia is the assignee');
  await a.shot('issue-psirt', true);
  // the reporter sees the shared comment and not the internal one
  const r = s.people.rosa;
  await r.go(`/issues/${s.key}`);
  const rt = await r.text();
  t.check(rt.includes('we can reproduce it') && !rt.includes('reproduced on'),
    'the reporter sees the shared comment only');
  t.check(!rt.includes('Assignee') && !rt.includes('Priority'),
    'the reporter sees no assignee and no priority');
  t.eq(await r.page.locator('#history, #grants, #backports, #workflow, li.move').count(), 0,
    'the reporter sees no history, grants, backports or workflow forms');
}

/* The maintainer of net enrols a second factor on the account page and sees the issue. */
async function maintainer(s) {
  const t = s.t;
  const m = await person(s, 'mia');
  const p = m.page;
  await m.signIn(PASSWORDS.mia, null, T0);
  t.eq(new URL(p.url()).pathname, '/account', 'a maintainer without a second factor is ' +
    'sent to the account page');
  await m.go(`/issues/${s.key}`, 404);
  await m.go('/account');
  await m.shot('account');
  await m.submit(p.getByRole('button', { name: 'Set up an authenticator app' }));
  const secret = (await p.locator('code.secret').first().innerText()).trim();
  TOTP.mia = new L.Totp(secret);
  await p.fill('#code', TOTP.mia.next(T0));
  await m.submit(p.getByRole('button', { name: 'Confirm' }));
  t.eq(await p.locator('ul.codes li').count(), 10, 'ten recovery codes are shown');
  await m.go('/dashboard');
  t.check((await m.text()).includes(s.key), `the maintainer's dashboard lists ${s.key}`);
  await m.go(`/issues/${s.key}`);
  t.check((await m.text()).includes('Internal: reproduced'), 'the maintainer sees the ' +
    'internal comment');
}

/* The maintainer of another subsystem gets the one 404 page. */
async function otherMaintainer(s) {
  const t = s.t;
  const x = await person(s, 'max');
  await x.signIn(PASSWORDS.max, TOTP.max, T0);
  await x.go('/dashboard');
  t.check(!(await x.text()).includes(s.key), `${s.key} is not on max's dashboard`);
  await x.go(`/issues/${s.key}`, 404);
  const hidden = await x.page.content();
  await x.shot('issue-404');
  await x.go('/issues/SEC-999', 404);
  const missing = await x.page.content();
  t.eq(hidden.replace(/value="[^"]*"/g, ''), missing.replace(/value="[^"]*"/g, ''),
    'a hidden issue gives the same page as a missing one');
  await x.go(`/dashboard?q=${encodeURIComponent('DNS resolver')}`);
  t.check(!(await x.text()).includes(s.key), 'searching finds nothing of the hidden issue');
}

async function fixLinkedAndMerged(s) {
  const t = s.t;
  const m = s.people.mia, p = m.page;
  await m.go(`/issues/${s.key}`);
  await p.fill('#f-introduced', 'v4.0.0');
  await m.submit(p.locator('#f-introduced').locator('xpath=ancestor::form')
    .getByRole('button', { name: 'Save' }));
  await p.fill('#f-fix-url', 'https://git.example.org/project/pull/42');
  await p.fill('#f-fix-branch', 'main');
  await m.submit(p.getByRole('button', { name: 'Link the fix' }));
  t.check((await p.locator('#fixes').innerText()).includes('pull/42'), 'the fix is linked');
  // linking a fix moves an assigned issue to review by itself
  t.eq(await stateOf(p), 'review', 'linking the fix moved the issue to review');
  const fixRow = p.locator('#fixes tr').filter({ hasText: 'pull/42' });
  await fixRow.locator('input[name=commit]').fill('0123456789abcdef0123456789abcdef01234567');
  await m.submit(fixRow.getByRole('button', { name: 'Merged', exact: true }));
  t.check((await p.locator('#fixes').innerText()).includes('merged'), 'the fix is merged');
  await moveTo(s, m, 'accepted');
  const bp = await p.locator('#backports').textContent();
  t.check(bp.includes('v4.0.0') && bp.includes('v4.1.0') && bp.includes('v3.7.0'),
    `backport subtasks for the LTS and the two newest releases: ${bp}`);
}

/* The releases matrix row of key: {"release [LTS]": "bp-STATE"}. */
async function matrixRow(p, key) {
  return p.evaluate((k) => {
    const tbl = document.querySelector('table.matrix');
    if (!tbl)
      return null;
    const heads = [...tbl.querySelectorAll('thead th')].map((th) => {
      const lts = th.querySelector('.lts') ? ' LTS' : '';
      return th.firstChild ? th.firstChild.textContent.trim() + lts : '';
    });
    const out = {};
    for (const tr of tbl.querySelectorAll('tbody tr')) {
      if (!tr.querySelector('th').textContent.includes(k))
        continue;
      [...tr.children].forEach((td, i) => {
        if (i >= 2)
          out[heads[i]] = [...td.classList].filter((c) => c !== 'bp').join(' ');
      });
    }
    return out;
  }, key);
}

/* The row of release name in the backports table of the issue page. */
function bpRow(p, name) {
  return p.locator('#backports tbody tr').filter({ has: p.locator('th', { hasText: name }) });
}

/* The state badge of the issue page. */
async function stateOf(p) {
  return (await p.locator('dl.fields dd .badge').first().innerText()).trim();
}

/* Click the move form to state `to` unless the issue is there already
 * (some moves follow by themselves); checks the new state. */
async function moveTo(s, who, to) {
  const p = who.page;
  if (await stateOf(p) === to) {
    s.t.note(`the issue moved to ${to} by itself`);
    return s.t.check(true, `the issue is in ${to}`);
  }
  const li = p.locator('li.move').filter({ has: p.locator(`.badge.state-${to}`) });
  await who.submit(li.getByRole('button'));
  s.t.eq((await p.locator('dl.fields dd .badge').first().innerText()).trim(), to,
    `the issue moved to ${to}`);
}

async function releasesMatrix(s) {
  const t = s.t;
  const a = s.people.alice, p = a.page;
  await a.go(`/issues/${s.key}`);
  // the backport to v4.1: its own fix on the release branch, merged
  await p.fill('#f-fix-url', 'https://git.example.org/project/pull/43');
  await p.fill('#f-fix-branch', 'v4.1-branch');
  await a.submit(p.getByRole('button', { name: 'Link the fix' }));
  const fixRow = p.locator('#fixes tr').filter({ hasText: 'pull/43' });
  await a.submit(fixRow.getByRole('button', { name: 'Merged', exact: true }));
  let row = bpRow(p, 'v4.1.0');
  t.eq((await row.locator('.badge').innerText()).trim(), 'merged',
    'a fix merged into v4.1-branch marks the v4.1.0 backport merged');
  // the backport to v4.0 is in review
  row = bpRow(p, 'v4.0.0');
  await row.locator('select[name=state]').selectOption('in-review');
  await a.submit(row.getByRole('button', { name: 'Set' }));
  row = bpRow(p, 'v4.0.0');
  t.eq((await row.locator('.badge').innerText()).trim(), 'in-review',
    'the v4.0.0 backport is set to in-review with its form');
  await a.go('/releases');
  const cells = await matrixRow(p, s.key);
  t.eq(cells, { 'v1.0.0': 'bp-none', 'v3.7.0 LTS': 'bp-not-needed', 'v4.0.0': 'bp-in-review',
    'v4.1.0': 'bp-merged' },
    `the releases matrix: ${s.key}'s backport state per release, the LTS marked`);
  await a.shot('releases');
  // the release manager of v3.7.0, whose backport is not needed, does not see it
  const rm = await person(s, 'rita');
  await rm.signIn(PASSWORDS.rita, TOTP.rita, T0);
  await rm.go('/releases');
  t.check(!(await rm.text()).includes(s.key), 'the manager of v3.7.0 (backport not needed) ' +
    'has no row for it');
  await rm.go(`/issues/${s.key}`, 404);
}

/* Released with v4.1.0, then published early by two psirt members. */
async function earlyPublication(s) {
  const t = s.t;
  const a = s.people.alice, p = a.page;
  await a.go(`/issues/${s.key}`);
  const li = p.locator('li.move').filter({ has: p.locator('.badge.state-released') });
  await li.locator('select[name=release]').selectOption('v4.1.0');
  await a.submit(li.getByRole('button'));
  t.eq((await p.locator('dl.fields dd .badge').first().innerText()).trim(), 'released',
    'the issue is released');
  await p.fill('#f-pub-reason', 'The fix is public in v4.1.0 and widely discussed.');
  await a.submit(p.getByRole('button', { name: 'Propose early publication' }));
  t.eq((await p.locator('dl.fields dd .badge').first().innerText()).trim(), 'released',
    'one psirt member alone does not publish');
  const c = await person(s, 'carol');
  await c.signIn(PASSWORDS.carol, TOTP.carol, T0);
  await c.go(`/issues/${s.key}`);
  await c.submit(c.page.getByRole('button', { name: 'Confirm early publication' }));
  t.eq((await c.page.locator('dl.fields dd .badge').first().innerText()).trim(), 'public',
    'a second psirt member confirms: public');
  const anon = s.people.anonymous;
  await anon.go('/vulnerabilities');
  const pub = await anon.text();
  t.check(pub.includes('CVE-2027-0001') && pub.includes('Stack overflow in the DNS resolver'),
    'the public list shows the CVE and the title');
  t.check(pub.includes('Rosa Reporter'), 'the public list credits the reporter');
  await anon.shot('vulnerabilities');
  // the advisories it links are served, as JSON
  const hrefs = await anon.page.locator('main a').evaluateAll((as) => as.map((a) =>
    a.getAttribute('href')).filter((h) => /\/advisories\//.test(h || '')));
  t.check(hrefs.length >= 4, `the public list links the advisories (${hrefs.join(' ')})`);
  for (const h of hrefs) {
    const r = await anon.ctx.request.get(new URL(h, s.server.base).href);
    let ok = r.status() === 200;
    try { JSON.parse(await r.text()); } catch (e) { ok = false; }
    t.check(ok, `the advisory ${h} answers 200 with JSON (${r.status()})`);
  }
  await anon.go(`/issues/${s.key}`);
  const it = await anon.text();
  t.check(it.includes('Stack overflow') && !it.includes('reproduce') && !it.includes('poc.py'),
    'anonymous sees the public issue without comments or attachments');
}

main().then((rc) => process.exit(rc), (e) => {
  process.stdout.write(`FAIL ${e.stack || e}\n0 passed, 1 failed\n`);
  process.exit(1);
});
