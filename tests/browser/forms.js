/*
 * forms.js — the browser test of the forms the main scenario does not
 * submit, each through the real pages in Debian's Chromium with JavaScript
 * off, its visible result checked on the page and its effect checked again
 * through a second channel (the vigil command line with --json on the same
 * database file, or the JSON API):
 *
 *  - reassigning an issue (the old assignee then gets the 404 page, the new
 *    one sees the issue);
 *  - moving an issue back, by its assignee, with a reason (state and
 *    history);
 *  - publication: early publication proposed by one psirt member is not
 *    enough (their own second POST is refused), a second member confirms;
 *    "Publish now" once the embargo is over; both then on /vulnerabilities;
 *  - resetting a person's second factor: refused to an admin who is not
 *    psirt when the person sees embargoed issues, done by one who is (the
 *    person then signs in with the password alone and is asked to enrol);
 *  - psirt changing an alert-list member's addresses and OpenPGP key (a bad
 *    key is refused naming pgp_key and changes nothing).
 *
 * For each, a person without the right does not get the form, and the same
 * POST crafted with that person's cookies and valid CSRF token is refused
 * by the service (403, or 409 for the proposer's own confirmation, with
 * the service's error naming a field, not the CSRF refusal) with nothing
 * changed.
 *
 *   NODE_PATH=.../node_modules node forms.js PATH-TO-VIGIL SCREENSHOT-DIR
 *
 * run.sh calls this after account.js; the screenshots (forms-*.png) go
 * beside the others.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const L = require('./lib.js');

const T0 = '2027-01-05T10:00:00Z';
const OLD = '2026-09-01T10:00:00Z';      // the report whose embargo is over at T0
const CVSS = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const PW = {};
const TOTP = {};

async function main() {
  if (process.argv.length !== 4) {
    process.stderr.write('usage: forms.js PATH-TO-VIGIL SCREENSHOT-DIR\n');
    return 2;
  }
  const t = new L.Checks('forms');
  const dir = L.tmpDir('vigil-forms-');
  const v = new L.Vigil(path.resolve(process.argv[2]), dir);
  const s = { t, v, dir, shots: path.resolve(process.argv[3]), server: null, browser: null,
    people: {} };
  fs.mkdirSync(s.shots, { recursive: true });
  try {
    for (const [name, fn] of [['setup', setup], ['server', startServer],
      ['reassign', reassign], ['move back', moveBack],
      ['early publication', earlyPublication], ['publish now', publishNow],
      ['totp reset', totpReset], ['alert-list member update', alertUpdate]]) {
      if (!await t.run(name, () => fn(s))) {
        await L.failShot(s, 'FAIL-forms', name);
        if (!t.keepGoing)
          break;
      }
    }
  } finally {
    await L.finish(s, Object.values(s.people), dir);
  }
  return t.summary();
}

// ------------------------------------------------------------------ setup (CLI)

/* An issue reported by rosa in net, acknowledged and triaged; returns its key. */
function triaged(s, title, now) {
  const { t, v } = s;
  const key = v.ok(t, ['report', '--title', title, '--description', `${title}: details.`,
    '--subsystem', 'net'], { as: 'rosa', now }).trim();
  t.check(/^SEC-\d+$/.test(key), `the report of "${title}" has a key (${key})`);
  v.ok(t, ['issue', 'ack', key], { as: 'alice' });
  v.ok(t, ['issue', 'set', key, '--priority', 'P2', '--subsystem', 'net', '--cvss', CVSS,
    '--embargo', 'yes'], { as: 'alice' });
  return key;
}

function setup(s) {
  const { t, v } = s;
  v.ok(t, ['init', '--admin', 'adam', '--email', 'adam@example.org'], { what: 'vigil init' });
  for (const [login, roles] of [['alice', ['psirt']], ['carol', ['psirt']],
    ['pat', ['psirt', 'admin']], ['mia', []], ['nick', []], ['max', []], ['rosa', []]]) {
    const a = ['user', 'add', login, '--email', `${login}@example.org`];
    for (const r of roles)
      a.push('--role', r);
    v.ok(t, a, { as: 'adam' });
  }
  for (const login of ['adam', 'alice', 'carol', 'pat', 'mia', 'nick', 'max', 'rosa']) {
    PW[login] = L.lineValue(v.ok(t, ['user', 'password', login], { as: 'adam' }), 'password');
    t.check(PW[login] && PW[login].length >= 12, `${login} has a password`);
  }
  v.ok(t, ['subsystem', 'add', 'net', '--path', 'subsys/net/**', '--maintainer', 'mia'],
    { as: 'alice' });
  v.ok(t, ['release', 'add', 'v4.1.0', '--branch', 'v4.1-branch', '--date', '2026-12-15'],
    { as: 'alice' });
  v.ok(t, ['cve', 'reserve', 'CVE-2027-0101..CVE-2027-0110'], { as: 'alice' });
  // SEC-a: assigned to nick, a fix linked: in review
  s.moved = triaged(s, 'Use after free in the ARP cache');
  v.ok(t, ['issue', 'assign', s.moved, 'nick'], { as: 'alice' });
  v.ok(t, ['fix', 'add', s.moved, 'https://git.example.org/p/pull/7', '--branch', 'main'],
    { as: 'alice' });
  t.eq(show(s, s.moved).state, 'review', `${s.moved} is in review (setup)`);
  // SEC-b: released with v4.1.0, embargoed until long after T0
  s.early = triaged(s, 'Integer overflow in the IPv6 reassembly');
  v.ok(t, ['issue', 'assign', s.early, 'nick'], { as: 'alice' });
  v.ok(t, ['cve', 'assign', s.early], { as: 'alice' });
  for (const [url, branch] of [['https://git.example.org/p/pull/8', 'main'],
    ['https://git.example.org/p/pull/9', 'v4.1-branch']]) {
    v.ok(t, ['fix', 'add', s.early, url, '--branch', branch], { as: 'alice' });
    v.ok(t, ['fix', 'merged', s.early, url, '--commit', COMMIT], { as: 'alice' });
  }
  v.ok(t, ['issue', 'move', s.early, 'released', '--release', 'v4.1.0'], { as: 'alice' });
  t.eq(show(s, s.early).state, 'released', `${s.early} is released (setup)`);
  // SEC-c: reported in September 2026, its 90-day embargo over at T0
  s.over = triaged(s, 'Missing bounds check in the CoAP parser', OLD);
  v.ok(t, ['cve', 'assign', s.over], { as: 'alice' });
  const over = show(s, s.over);
  t.check(over.state === 'triage' && over.embargo_until < T0.slice(0, 10),
    `${s.over}'s embargo ended before the server's time (${over.embargo_until})`);
  // the second channel for the alert list: a read token of psirt
  s.token = L.lineValue(v.ok(t, ['token', 'create', 'forms', '--scope', 'read'],
    { as: 'alice' }), 'token');
  t.check(s.token && s.token.startsWith('vgl_'), 'alice has a read token');
}

/* `vigil issue show KEY --json` as psirt on the database file. */
function show(s, key) {
  return JSON.parse(s.v.ok(s.t, ['issue', 'show', key, '--json'], { as: 'alice' }));
}

function history(s, key) {
  return JSON.parse(s.v.ok(s.t, ['issue', 'history', key, '--json'], { as: 'alice' }));
}

async function startServer(s) {
  s.server = new L.Server(s.v, T0, ['--tick', '0']);
  await s.server.start();
  s.t.check(true, 'vigil serve listens');
  s.browser = await L.launchBrowser();
  for (const login of ['adam', 'alice', 'carol', 'pat', 'mia', 'nick', 'max'])
    TOTP[login] = await new L.ApiSession(s.server.base).enrol(s.t, login, PW[login], T0);
}

/* The browser of login, JavaScript off, signed in (with TOTP when enrolled). */
async function person(s, login) {
  if (!s.people[login]) {
    const p = await new L.Person(s.t, s.browser, s.server.base, login, s.shots, false).open();
    s.people[login] = p;
    await p.signIn(PW[login], TOTP[login] || null, T0);
  }
  return s.people[login];
}

// ------------------------------------------------------------------ helpers

/*
 * POST form to path with who's cookies and the CSRF token of the page they
 * are on, as a crafted request would (no form on the page needed). Checks
 * that it is refused with want by the service: the answer carries the
 * service's error naming a field, which the CSRF refusal never does (the
 * same POST with a wrong token shows that first), so the token was
 * accepted and the refusal is the permission's.
 */
async function crafted(s, who, p, form, want, what) {
  const t = s.t;
  const fieldError = /<p class="error" role="alert"><strong>([^<]*)<\/strong>: ([^<]*)/;
  const csrf = await who.page.locator('input[name=csrf]').first().getAttribute('value');
  t.check(csrf && csrf.length >= 32, `${who.login}: the page carries a CSRF token`);
  const post = (token) => who.ctx.request.post(s.server.base + p,
    { form: { ...form, csrf: token }, maxRedirects: 0 });
  let r = await post(csrf.replace(/./g, (c) => (c === 'a' ? 'b' : 'a')));
  t.check(r.status() === 403 && !fieldError.test(await r.text()), `${who.login}: POST ${p} ` +
    `with a wrong CSRF token gets the CSRF refusal: 403, no field named (${r.status()})`);
  r = await post(csrf);
  const body = await r.text();
  t.eq(r.status(), want, `${who.login}: a crafted POST ${p} (${what}) is refused with ${want}`);
  const m = body.match(fieldError);
  t.check(m !== null, `${who.login}: the refusal of POST ${p} is the service's, naming a ` +
    `field (not the CSRF refusal): ${body.replace(/\s+/g, ' ').slice(0, 400)}`);
  t.note(`${who.login} POST ${p}: ${r.status()} ${m[1]}: ${m[2]}`);
  return body;
}

/* The state badge of the issue page. */
async function stateOf(p) {
  return (await p.locator('dl.fields dd .badge').first().innerText()).trim();
}

/* The names of the submit buttons of forms whose action ends in suffix. */
async function buttons(p, suffix) {
  return p.locator(`form[action$="${suffix}"] button[type=submit]`).allInnerTexts();
}

// ------------------------------------------------------------------ reassign

async function reassign(s) {
  const t = s.t, key = s.moved;
  // the old assignee sees the issue and its internal part
  const nick = await person(s, 'nick');
  await nick.go(`/issues/${key}`);
  t.check((await nick.text()).includes('Use after free in the ARP cache'),
    `nick (assignee) sees ${key}`);
  await nick.go('/dashboard');
  t.check((await nick.text()).includes(key), `${key} is on nick's dashboard`);
  // the maintainer works on it but may not reassign: no form, a crafted POST is refused
  const mia = await person(s, 'mia');
  await mia.go(`/issues/${key}`);
  t.eq(await mia.page.locator(`form[action="/issues/${key}/assign"]`).count(), 0,
    'the maintainer gets no assignee form');
  await crafted(s, mia, `/issues/${key}/assign`, { assignee: 'mia' }, 403, 'reassign');
  t.eq(show(s, key).assignee, 'nick', 'after the refused POST the assignee is still nick');
  // psirt reassigns; a login that names nobody first
  const a = await person(s, 'alice');
  const p = a.page;
  await a.go(`/issues/${key}`);
  const form = p.locator(`form[action="/issues/${key}/assign"]`);
  t.eq(await form.count(), 1, 'psirt gets the assignee form');
  await p.fill('#f-reassign', 'nobody');
  await a.submit(form.getByRole('button', { name: 'Reassign' }), [400, 404]);
  const err = await p.locator('p.error').allInnerTexts();
  t.check(err.some((e) => e.includes('assignee')), `an unknown login is refused naming ` +
    `assignee (${err.join(' | ')})`);
  t.eq(show(s, key).assignee, 'nick', 'the refused login changed nothing');
  await a.go(`/issues/${key}`);
  await p.fill('#f-reassign', 'max');
  await a.submit(p.locator(`form[action="/issues/${key}/assign"]`)
    .getByRole('button', { name: 'Reassign' }));
  t.eq(await a.flash(), 'The assignee is set.', 'the page says the assignee is set');
  const facts = await p.locator('dl.fields').innerText();
  t.check(/Assignee\s*max/.test(facts), `the issue page shows max as assignee: ${facts}`);
  t.eq(await stateOf(p), 'review', 'reassigning keeps the state');
  await a.shot('forms-reassigned');
  // second channel: the command line on the same database
  const is = show(s, key);
  t.eq(is.assignee, 'max', '`vigil issue show --json`: the assignee is max');
  t.check(history(s, key).some((e) => e.actor === 'alice' && /assign/.test(e.action) &&
    JSON.stringify(e.detail).includes('max')), 'the history records alice assigning max');
  // the old assignee no longer sees it; the new one does
  await nick.go(`/issues/${key}`, 404);
  await nick.go('/dashboard');
  t.check(!(await nick.text()).includes(key), `${key} left nick's dashboard`);
  const max = await person(s, 'max');
  await max.go(`/issues/${key}`);
  t.check((await max.text()).includes('Use after free in the ARP cache'),
    `max (new assignee) sees ${key}`);
}

// ------------------------------------------------------------------ move back

async function moveBack(s) {
  const t = s.t, key = s.moved;
  const back = (p) => p.locator('li.move').filter({ hasText: 'Back to' })
    .filter({ has: p.locator('.badge.state-assigned') });
  // the maintainer may move forward, not back
  const mia = await person(s, 'mia');
  await mia.go(`/issues/${key}`);
  t.eq(await back(mia.page).count(), 0, 'the maintainer gets no "Move back" form');
  t.check(!(await buttons(mia.page, '/move')).includes('Move back'),
    'no "Move back" button for the maintainer');
  await crafted(s, mia, `/issues/${key}/move`, { state: 'assigned', reason: 'crafted' }, 403,
    'move back');
  t.eq(show(s, key).state, 'review', 'after the refused POST the issue is still in review');
  // the assignee moves it back with a reason
  const max = await person(s, 'max'), p = max.page;
  await max.go(`/issues/${key}`);
  const li = back(p);
  t.eq(await li.count(), 1, 'the assignee gets the "Back to assigned" form');
  await li.locator('input[name=reason]').fill('The fix misses the IPv6 path.');
  await max.submit(li.getByRole('button', { name: 'Move back' }));
  t.eq(await max.flash(), 'The state is changed.', 'the page says the state changed');
  t.eq(await stateOf(p), 'assigned', 'the issue page shows state assigned');
  const hist = await p.locator('#history').innerText();
  t.check(hist.includes('max') && hist.includes('review') && hist.includes('assigned') &&
    hist.includes('IPv6 path'), `the history on the page shows the move back: ${hist}`);
  await max.shot('forms-moved-back');
  // second channel
  t.eq(show(s, key).state, 'assigned', '`vigil issue show --json`: the state is assigned');
  const ev = history(s, key).filter((e) => e.action === 'issue.move').pop();
  t.check(ev && ev.actor === 'max' && ev.detail.from === 'review' &&
    ev.detail.to === 'assigned' && JSON.stringify(ev.detail).includes('IPv6 path'),
    `\`vigil issue history --json\`: the last move is max's, review -> assigned, with the ` +
    `reason (${JSON.stringify(ev)})`);
}

// ------------------------------------------------------------------ publication

/* The public list as a signed-out visitor sees it. */
async function publicList(s) {
  if (!s.people.anonymous)
    s.people.anonymous = await new L.Person(s.t, s.browser, s.server.base, 'anonymous',
      s.shots, false).open();
  await s.people.anonymous.go('/vulnerabilities');
  return s.people.anonymous.text();
}

async function earlyPublication(s) {
  const t = s.t, key = s.early, title = 'Integer overflow in the IPv6 reassembly';
  const cve = show(s, key).cves[0];
  t.check(/^CVE-2027-01\d\d$/.test(cve || ''), `${key} has a CVE id (${cve})`);
  t.check(!(await publicList(s)).includes(title), `${key} is not on /vulnerabilities yet`);
  // the maintainer may not publish
  const mia = await person(s, 'mia');
  await mia.go(`/issues/${key}`);
  t.eq(await mia.page.locator(`form[action="/issues/${key}/publish"]`).count(), 0,
    'the maintainer gets no publication form');
  await crafted(s, mia, `/issues/${key}/publish`, { reason: 'crafted' }, 403, 'publish');
  // one psirt member proposes
  const a = await person(s, 'alice'), p = a.page;
  await a.go(`/issues/${key}`);
  t.eq(await buttons(p, '/publish'), ['Propose early publication'],
    'alice gets "Propose early publication"');
  await p.fill('#f-pub-reason', 'The fix is in v4.1.0 and discussed in public.');
  await a.submit(p.getByRole('button', { name: 'Propose early publication' }));
  t.eq(await a.flash(), 'Early publication is proposed; a second psirt member must confirm.',
    'the page says a second psirt member must confirm');
  t.eq(await stateOf(p), 'released', 'one psirt member alone does not publish');
  t.eq(await buttons(p, '/publish'), [], 'the proposer has no publication form left');
  t.check((await a.text()).includes('a second, different psirt member must confirm'),
    'the page says what is missing');
  await a.shot('forms-publish-proposed');
  // the proposer confirming their own proposal by a crafted POST is refused
  await crafted(s, a, `/issues/${key}/publish`, { reason: 'me again' }, 409,
    'the proposer confirms');
  let is = show(s, key);
  t.check(is.state === 'released' && is.publish_proposed === true,
    `\`vigil issue show --json\`: still released, publication proposed (${is.state})`);
  t.check(!(await publicList(s)).includes(title), `${key} is still not on /vulnerabilities`);
  // a second psirt member confirms
  const c = await person(s, 'carol');
  await c.go(`/issues/${key}`);
  t.eq(await buttons(c.page, '/publish'), ['Confirm early publication'],
    'carol gets "Confirm early publication"');
  await c.submit(c.page.getByRole('button', { name: 'Confirm early publication' }));
  t.eq(await c.flash(), 'The issue is published.', 'the page says the issue is published');
  t.eq(await stateOf(c.page), 'public', 'the issue page shows state public');
  is = show(s, key);
  t.check(is.state === 'public' && is.published, `\`vigil issue show --json\`: public, ` +
    `published ${is.published}`);
  const pub = await publicList(s);
  t.check(pub.includes(title) && pub.includes(cve), `/vulnerabilities lists ${cve} and the ` +
    'title');
  await s.people.anonymous.shot('forms-vulnerabilities');
}

async function publishNow(s) {
  const t = s.t, key = s.over, title = 'Missing bounds check in the CoAP parser';
  t.check(!(await publicList(s)).includes(title), `${key} is not on /vulnerabilities yet`);
  const mia = await person(s, 'mia');
  await mia.go(`/issues/${key}`);
  t.eq(await mia.page.locator(`form[action="/issues/${key}/publish"]`).count(), 0,
    'the maintainer gets no "Publish now"');
  await crafted(s, mia, `/issues/${key}/publish`, {}, 403, 'publish now');
  t.eq(show(s, key).state, 'triage', 'after the refused POST the issue is still in triage');
  const a = await person(s, 'alice'), p = a.page;
  await a.go(`/issues/${key}`);
  t.eq(await buttons(p, '/publish'), ['Publish now'], 'once the embargo is over psirt gets ' +
    '"Publish now"');
  await a.submit(p.getByRole('button', { name: 'Publish now' }));
  t.eq(await a.flash(), 'The issue is published.', 'one psirt member publishes at once');
  t.eq(await stateOf(p), 'public', 'the issue page shows state public');
  await a.shot('forms-published-now');
  const is = show(s, key);
  t.check(is.state === 'public' && is.disclosed_unfixed === true,
    '`vigil issue show --json`: public, flagged disclosed unfixed');
  t.check((await publicList(s)).includes(title), `/vulnerabilities lists ${key}'s title`);
}

// ------------------------------------------------------------------ TOTP reset

/* POST /api/v1/login with the password and otp (when given); the answer. */
async function apiLogin(s, login, otp) {
  const body = { login, password: PW[login] };
  if (otp)
    body.otp = otp;
  return new L.ApiSession(s.server.base).call('POST', '/api/v1/login', body);
}

/* The <details> of login's row on /people. */
function peopleRow(p, login) {
  return p.locator('table.people tbody tr').filter({ has: p.locator('th', { hasText: login }) });
}

async function totpReset(s) {
  const t = s.t;
  // psirt may list people but not reset: no form, a crafted POST is refused
  const a = await person(s, 'alice');
  await a.go('/people');
  t.eq(await a.page.locator('form[action$="/totp-reset"]').count(), 0,
    'psirt gets no "Reset second factor" form');
  await crafted(s, a, '/people/carol/totp-reset', {}, 403, 'reset carol\'s second factor');
  let r = await apiLogin(s, 'carol');
  t.eq(r.status, 401, `the API: carol's password alone is not enough (${r.text})`);
  r = await apiLogin(s, 'carol', TOTP.carol.next(T0));
  t.check(r.status === 200 && r.json.mfa === true && r.json.mfa_enrolled === true,
    `the API: carol signs in with her code, second factor enrolled (${r.text})`);
  // an admin who is not psirt may not reset the sign-in of someone who sees
  // embargoed issues (the maintainer mia): refused on the page, naming login
  const adam = await person(s, 'adam');
  await adam.go('/people');
  let row = peopleRow(adam.page, 'mia');
  t.eq(await row.count(), 1, 'the people page has a row for mia');
  await row.locator('summary').click();
  await adam.submit(row.getByRole('button', { name: 'Reset second factor' }), 403);
  row = peopleRow(adam.page, 'mia');
  const err = await row.locator('p.error').allInnerTexts();
  t.check(err.some((e) => e.startsWith('login') && e.includes('also psirt')),
    `the refusal is shown in mia's row, naming login (${err.join(' | ')})`);
  await adam.shot('forms-totp-reset-refused');
  r = await apiLogin(s, 'mia');
  t.eq(r.status, 401, `the API: mia still needs her code (${r.text})`);
  // an admin who is also psirt resets it
  const pat = await person(s, 'pat');
  const p = pat.page;
  await pat.go('/people');
  row = peopleRow(p, 'mia');
  await row.locator('summary').click();
  await pat.submit(row.getByRole('button', { name: 'Reset second factor' }));
  t.eq(await pat.flash(), 'The second factor is reset: they enrol again at their next ' +
    'sign-in.', 'the page says the second factor is reset');
  await pat.shot('forms-totp-reset');
  // second channels: the API login and the audit log
  r = await apiLogin(s, 'mia');
  t.check(r.status === 200 && r.json.mfa_enrolled === false, 'the API: mia signs in with ' +
    `the password alone and has no second factor (${r.text})`);
  const log = JSON.parse(s.v.ok(t, ['audit', 'log', '--json'],
    { as: 'alice' })).filter((e) => e.action === 'totp.reset');
  t.eq(log.map((e) => `${e.actor} reset ${e.object}`), ['pat reset mia'],
    `\`vigil audit log --json\` records one reset, pat's of mia (${JSON.stringify(log)})`);
  // mia's session ended; she signs in with the password alone and is asked to enrol
  const mia = await person(s, 'mia');
  await mia.go('/dashboard');
  t.eq(new URL(mia.page.url()).pathname, '/login', "mia's session ended with the reset");
  await mia.signIn(PW.mia, null, T0);
  t.eq(new URL(mia.page.url()).pathname, '/account', 'mia signs in without a code and is ' +
    'sent to the account page');
  t.eq(await mia.page.getByRole('button', { name: 'Set up an authenticator app' }).count(), 1,
    'the account page asks her to set up an authenticator app');
  await mia.shot('forms-totp-reset-enrol');
  await mia.go(`/issues/${s.moved}`, 404);
  t.check(true, 'until she enrols again the maintainer gets the 404 page for her ' +
    "subsystem's embargoed issue");
}

// ------------------------------------------------------------------ alert list

/* An OpenPGP key made by gpg in a private home: the armored public key. */
function gpgKey(s, uid) {
  const home = path.join(s.dir, 'gnupg');
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  const env = { ...process.env, GNUPGHOME: home };
  const run = (args) => spawnSync('gpg', ['--batch', ...args], { env, encoding: 'utf8',
    timeout: 60000 });
  try {
    const g = run(['--pinentry-mode', 'loopback', '--passphrase', '', '--quick-gen-key', uid,
      'future-default', 'default', 'never']);
    s.t.check(g.status === 0, `gpg makes a key (gnupg is a test dependency): ${g.stderr}`);
    const armor = run(['--armor', '--export', uid]).stdout;
    const fpr = run(['--with-colons', '--fingerprint', uid]).stdout.split('\n')
      .find((l) => l.startsWith('fpr:')).split(':')[9];
    return { armor, fpr };
  } finally {
    spawnSync('gpgconf', ['--kill', 'all'], { env });
  }
}

/* GET /api/v1/alert-list/{id} with alice's read token. */
async function member(s, id) {
  const r = await fetch(`${s.server.base}/api/v1/alert-list/${id}`,
    { headers: { Authorization: `Bearer ${s.token}` } });
  s.t.eq(r.status, 200, `the API answers alert-list member ${id}`);
  return r.json();
}

async function alertUpdate(s) {
  const t = s.t;
  // a request over the public API (setup)
  const r = await new L.ApiSession(s.server.base).call('POST', '/api/v1/alert-list/requests',
    { org: 'Example Org', addresses: ['old@org.example'], reason: 'We ship the product.' });
  t.check(r.status === 201 && r.json && r.json.id, `a request is recorded (${r.text})`);
  const id = r.json.id;
  const before = await member(s, id);
  t.eq(before.addresses, ['old@org.example'], 'the API: the member has its first address');
  // a person without a global role may not see the list nor change a member
  const nick = await person(s, 'nick');
  await nick.go('/alert-list', 403);
  await nick.go('/dashboard');
  await crafted(s, nick, `/alert-list/${id}/update`, { addresses: 'evil@attacker.example' },
    403, 'change a member');
  t.eq(await member(s, id), before, 'after the refused POST the member is unchanged');
  // psirt: a bad key is refused naming pgp_key, nothing changes
  const a = await person(s, 'alice'), p = a.page;
  await a.go('/alert-list');
  let art = p.locator('article.member').filter({ hasText: 'Example Org' });
  await art.locator('summary', { hasText: 'Change addresses or key' }).click();
  await art.locator(`#aa-${id}`).fill('new@org.example, second@org.example');
  await art.locator(`#ak-${id}`).fill('-----BEGIN PGP PUBLIC KEY BLOCK-----\nnot a key\n' +
    '-----END PGP PUBLIC KEY BLOCK-----');
  await a.submit(art.getByRole('button', { name: 'Save' }), 400);
  art = p.locator('article.member').filter({ hasText: 'Example Org' });
  const err = await art.locator('p.error').allInnerTexts();
  t.check(err.some((e) => e.startsWith('pgp_key')), `the refusal names pgp_key, beside the ` +
    `member's form (${err.join(' | ')})`);
  t.eq(await art.locator('details').evaluate((d) => d.open), true,
    'the refused form stays open with what was typed');
  t.eq(await art.locator(`#aa-${id}`).inputValue(), 'new@org.example, second@org.example',
    'the typed addresses are kept');
  await a.shot('forms-alert-bad-key');
  t.eq(await member(s, id), before, 'the API: the refused update changed nothing');
  // a good key and new addresses
  const key = gpgKey(s, 'Example Org <psirt@org.example>');
  await art.locator(`#aa-${id}`).fill('new@org.example, second@org.example');
  await art.locator(`#ak-${id}`).fill(key.armor);
  await a.submit(art.getByRole('button', { name: 'Save' }));
  t.eq(await a.flash(), "The member's addresses and key are saved.",
    'the page says the member is saved');
  art = p.locator('article.member').filter({ hasText: 'Example Org' });
  const facts = (await art.locator('dl.facts').innerText()).replace(/\s+/g, ' ');
  const groups = key.fpr.match(/.{4}/g).join(' ');
  t.check(facts.includes('new@org.example, second@org.example'),
    `the page shows the new addresses: ${facts}`);
  t.check(facts.replace(/\s/g, '').includes(key.fpr) && facts.includes('psirt@org.example'),
    `the page shows the key's fingerprint ${groups} and user ID: ${facts}`);
  await a.shot('forms-alert-updated');
  const after = await member(s, id);
  t.eq(after.addresses, ['new@org.example', 'second@org.example'],
    'the API: the member has the new addresses');
  t.check((after.pgp_key || '').includes('BEGIN PGP PUBLIC KEY BLOCK'),
    'the API: the member has the key');
}

main().then((rc) => process.exit(rc), (e) => {
  process.stdout.write(`FAIL ${e.stack || e}\n0 passed, 1 failed\n`);
  process.exit(1);
});
