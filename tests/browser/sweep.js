/*
 * sweep.js — the XSS sweep of the browser test and the pages the main story
 * does not reach: the payloads of lib.js (XSS: a quote-breaking <script>,
 * XSS_MD: the same with javascript: links as Markdown, raw HTML and text)
 * go into every text field a person can fill — the report form, comments,
 * triage fields, fix URLs, grants, meetings, CVE retirement, the alert-list
 * request and its vetting, people and releases, and (with the CLI)
 * subsystem, person and branch names — then every page is visited as every
 * person. Person.checkPage() checks each answer: no dialog, no unescaped
 * <script>alert(1)</script>, no javascript: URL, no on* attribute, no inline
 * script, the CSP and the other headers, a label on every form control.
 * Last, time moves past the embargo and the scheduler publishes the issue
 * whose every field carries the payload, so the public pages show it too.
 */
'use strict';

const L = require('./lib.js');

const T_MID = '2027-03-26T10:00:00Z';    // ten days before the payload issue's embargo ends
const T1 = '2027-04-10T10:00:00Z';       // past every embargo of the story
const JS_URL = 'javascript:alert(1)';

/* Names given with the CLI: a subsystem, a person's display name, a branch. */
function setup(s) {
  const { t, v } = s;
  v.ok(t, ['subsystem', 'add', L.XSS, '--path', 'subsys/x/**'], { as: 'alice',
    what: 'a subsystem named with the payload' });
  v.ok(t, ['user', 'add', 'zed', '--email', 'zed@example.org', '--name', L.XSS],
    { as: 'adam', what: 'a person whose name is the payload' });
  v.ok(t, ['release', 'add', 'v1.0.0', '--branch', 'b' + L.XSS, '--date', '2025-01-01'],
    { as: 'alice', what: 'a release whose branch is the payload' });
}

/* The report form with the payload in every field. */
async function report(s) {
  const t = s.t;
  const e = await s.person('eve');
  const p = e.page;
  await e.go('/report');
  const fill = async (version, file) => {
    await p.fill('#title', L.XSS);
    await p.fill('#description', L.XSS_MD);
    await p.fill('#version', version);
    await p.fill('#credit', L.XSS);
    await p.fill('#email', 'eve@example.org');
    await p.fill('#name', L.XSS);
    await p.setInputFiles('#attachment', { name: file, mimeType: 'text/html',
      buffer: Buffer.from(L.SCRIPT + '<p>proof</p>\n') });
  };
  // the payload as version is refused; the form comes back with the values
  await fill(L.XSS, 'poc.html');
  await e.submit(p.locator('form[action="/report"] button[type=submit]'), 400);
  t.check((await p.locator('p.error').innerText()).includes('version'),
    'a bad version is refused naming the field');
  t.eq(await p.inputValue('#title'), L.XSS, 'the refused form keeps the title as given');
  t.eq(await p.inputValue('#description'), L.XSS_MD, 'and the description');
  await fill('v4.1.0', '"><script>alert(1)</script>.html');
  await e.submit(p.locator('form[action="/report"] button[type=submit]'), 400);
  t.check((await p.locator('p.error').innerText()).includes('attachment'),
    'a file name with markup is refused naming the attachment');
  await fill('v4.1.0', 'poc.html');
  await e.submit(p.locator('form[action="/report"] button[type=submit]'));
  const m = (await e.text()).match(/\b(SEC-\d+)\b/);
  t.check(m, 'the payload report is filed');
  s.xkey = m[1];
  const codes = await p.locator('dl.facts dd code').allInnerTexts();
  e.login = codes[0].trim();
  s.evePassword = codes[1].trim();
  await e.go(`/issues/${s.xkey}`);
  // the attachment is a download, never a page
  const href = await p.locator('#attachments a[download]').first().getAttribute('href');
  const r = await e.ctx.request.get(s.server.base + href);
  t.eq(r.status(), 200, 'the reporter downloads the attachment');
  const h = r.headers();
  t.eq(h['content-type'], 'application/octet-stream', 'the attachment is sent as octet-stream');
  t.check(/^attachment;/.test(h['content-disposition'] || ''),
    `Content-Disposition: attachment (${h['content-disposition']})`);
  t.eq(h['x-content-type-options'], 'nosniff', 'the attachment: nosniff');
  t.check(/sandbox/.test(h['content-security-policy'] || ''), 'the attachment: CSP sandbox');
  t.eq((await r.body()).toString(), L.SCRIPT + '<p>proof</p>\n', 'the bytes as uploaded');
}

/* psirt fills the fields, comments, fixes and grants with the payload. */
async function psirt(s) {
  const t = s.t;
  const a = s.people.alice, p = a.page;
  await a.go(`/issues/${s.xkey}`);
  await a.submit(p.getByRole('button', { name: 'Acknowledge the report' }));
  let f = p.locator('form.fields').first();
  await f.locator('#f-priority').selectOption('P3');
  await f.locator('#f-subsystem').selectOption(L.XSS);
  await f.locator('#f-embargo').selectOption('yes');
  await f.locator('#f-credit').fill(L.XSS);
  await a.submit(f.getByRole('button', { name: 'Save' }));
  t.eq(await a.flash(), 'Saved.', 'payload subsystem and credit are saved');
  f = p.locator('form.fields').first();
  await f.locator('#f-link').fill(JS_URL);
  await a.submit(f.getByRole('button', { name: 'Save' }), 400);
  t.check((await p.locator('p.error').first().innerText()).length > 0,
    'a javascript: public tracker link is refused with a message');
  await a.go(`/issues/${s.xkey}`);
  await a.submit(p.getByRole('button', { name: 'Assign a CVE id' }));
  for (const vis of ['internal', 'shared']) {
    await p.fill('#f-comment', L.XSS_MD);
    await p.locator(`input[name=visibility][value=${vis}]`).check();
    await a.submit(p.getByRole('button', { name: 'Comment' }));
  }
  t.eq(await p.locator('li.comment').count(), 2, 'both payload comments are shown');
  for (const url of [JS_URL, 'https://example.org/a"><script>alert(1)</script>']) {
    await p.fill('#f-fix-url', url);
    await p.fill('#f-fix-branch', L.XSS);
    await a.submit(p.getByRole('button', { name: 'Link the fix' }), 400);
    t.check((await p.locator('p.error').first().innerText()).includes('url'),
      `the fix URL ${url} is refused naming the url`);
    await a.go(`/issues/${s.xkey}`);
  }
  await p.fill('#f-bp-release', 'v4.1.0');
  await p.locator('#f-bp-release').locator('xpath=ancestor::form')
    .locator('select[name=state]').selectOption('not-needed');
  await p.locator('#f-bp-release').locator('xpath=ancestor::form')
    .locator('input[name=reason]').fill(L.XSS);
  await a.submit(p.getByRole('button', { name: 'Add', exact: true }));
  t.check((await p.locator('#backports').textContent()).includes(L.XSS),
    'a backport reason is shown as text');
  await p.fill('#f-grant-login', 'rita');
  await p.fill('#f-grant-reason', L.XSS_MD);
  await a.submit(p.getByRole('button', { name: 'Grant' }));
  t.check((await p.locator('#grants').textContent()).includes(L.XSS),
    'the grant reason is shown as text');
  await a.submit(p.locator('#grants').getByRole('button', { name: 'Revoke' }));
  t.check(/revoked/.test(await p.locator('#grants').textContent()), 'the grant is revoked');
}

/* A signed-in reporter files a second report; psirt rejects it as a duplicate. */
async function duplicate(s) {
  const t = s.t;
  const r = s.people.rosa, p = r.page;
  await r.go('/report');
  t.eq(await p.locator('#email').count(), 0, 'a signed-in reporter is not asked for an address');
  await p.fill('#title', 'Resolver crash again (rosa private title)');
  await p.fill('#description', 'Looks like SEC-1 again.');
  await r.submit(p.locator('form[action="/report"] button[type=submit]'));
  const m = new URL(p.url()).pathname.match(/^\/issues\/(SEC-\d+)$/);
  t.check(m, `the report of a signed-in reporter leads to its issue page (${p.url()})`);
  s.dkey = m[1];
  t.eq(await r.flash(), 'Thank you: your report is filed.', 'the report is filed');
  const a = s.people.alice, q = a.page;
  await a.go(`/issues/${s.dkey}`);
  const rej = q.locator('form.reject');
  await rej.locator('#f-resolution').selectOption('duplicate');
  await rej.locator('#f-dup').fill(L.XSS);
  await a.submit(rej.getByRole('button', { name: 'Reject' }), [400, 404]);
  await a.go(`/issues/${s.dkey}`);
  await q.locator('form.reject #f-resolution').selectOption('duplicate');
  await q.locator('form.reject #f-dup').fill(s.key);
  await a.submit(q.locator('form.reject').getByRole('button', { name: 'Reject' }));
  t.eq((await q.locator('dl.fields dd .badge').first().innerText()).trim(), 'rejected',
    'the duplicate is rejected');
  t.eq(await q.locator(`dl.fields a[href="/issues/${s.key}"]`).count(), 1,
    '"Duplicate of" links the other issue');
  // the reporter attaches a log to the first report from its page
  await r.go(`/issues/${s.key}`);
  await p.setInputFiles('#f-file', { name: 'crash.log', mimeType: 'text/plain',
    buffer: Buffer.from('segfault at 0\n') });
  await r.submit(p.getByRole('button', { name: 'Attach' }));
  t.check((await p.locator('#attachments').textContent()).includes('crash.log'),
    'the reporter adds an attachment on the issue page');
  // and changes the password: every session ends; the new one signs in
  await r.go('/account');
  await p.fill('#old_password', s.passwords.rosa);
  await p.fill('#new_password', 'a new password for rosa 1');
  await p.fill('#new_password2', 'a different one');
  await r.submit(p.getByRole('button', { name: 'Change password' }), 400);
  t.check((await p.locator('p.error').textContent()).includes('new_password2'),
    'mismatched new passwords are refused naming the field');
  await p.fill('#old_password', s.passwords.rosa);
  await p.fill('#new_password', 'a new password for rosa 1');
  await p.fill('#new_password2', 'a new password for rosa 1');
  await r.submit(p.getByRole('button', { name: 'Change password' }));
  t.eq(new URL(p.url()).pathname, '/login', 'after the change the reporter is signed out');
  s.passwords.rosa = 'a new password for rosa 1';
  await r.signIn(s.passwords.rosa, null, s.now);
}

/*
 * The reporter adds information from the issue page, mentioning an issue
 * they may not see and one they may: only the visible one becomes a link
 * and the hidden one's title never shows.
 */
async function reporterComment(s) {
  const t = s.t;
  const e = s.people.eve, p = e.page;
  await e.go(`/issues/${s.xkey}`);
  await p.fill('#f-comment', L.XSS_MD + `\n\nLike ${s.dkey} and ${s.key} (CVE-2027-0001).`);
  await e.submit(p.getByRole('button', { name: 'Send to the security team' }));
  t.eq(await p.locator('li.comment').count(), 2, 'the reporter sees the shared comment and ' +
    'their own, not the internal one');
  t.eq(await p.locator(`a[href="/issues/${s.dkey}"]`).count(), 0,
    `${s.dkey} (not the reporter's) is not a link for the reporter`);
  t.check(!(await e.text()).includes('rosa private title'), `the title of ${s.dkey} never shows`);
  t.check(await p.locator(`li.comment a[href="/issues/${s.key}"]`).count() >= 1,
    `${s.key} (public) is a link for the reporter`);
  const a = s.people.alice;
  await a.go(`/issues/${s.xkey}`);
  t.check(await a.page.locator(`li.comment a[href="/issues/${s.dkey}"]`).count() >= 1,
    `psirt sees ${s.dkey} as a link`);
  t.eq(await a.page.locator('li.comment a[href^="javascript"], li.comment img').count(), 0,
    'no javascript: link and no image from the Markdown payload');
}

/* Sign-in forms never echo what was typed; the keyboard alone signs in. */
async function signInForms(s) {
  const t = s.t;
  const k = await s.person('keyboard');
  const p = k.page;
  await k.go('/login');
  await p.fill('#login', L.XSS);
  await p.fill('#password', L.XSS);
  await k.submit(p.locator('form[action="/login"] button[type=submit]'), 401);
  t.check(!(await k.text()).includes('alert(1)'), 'a failed sign-in does not echo the login');
  // carol signs in with the keyboard only: Tab to the field, type, Enter
  await k.go('/login');
  let id = '';
  for (let i = 0; i < 30 && id !== 'login'; i++) {
    await p.keyboard.press('Tab');
    id = await p.evaluate(() => document.activeElement && document.activeElement.id);
  }
  t.eq(id, 'login', 'Tab reaches the login field');
  await p.keyboard.type('carol');
  await p.keyboard.press('Tab');
  t.eq(await p.evaluate(() => document.activeElement.id), 'password',
    'Tab moves from login to password');
  await p.keyboard.type(s.passwords.carol);
  await Promise.all([p.waitForURL('**/login/totp'), p.keyboard.press('Enter')]);
  t.eq(await p.evaluate(() => document.activeElement.id), 'code',
    'the code field has the focus at the second step');
  await p.keyboard.type(L.XSS);
  await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);
  t.check(!(await k.text()).includes('alert(1)'), 'a wrong code is not echoed');
  await k.checkPage(await p.reload());
  await p.locator('#code').focus();
  await p.keyboard.type(s.totp.carol.next(s.now));
  await Promise.all([p.waitForURL('**/dashboard**'), p.keyboard.press('Enter')]);
  t.check(true, 'carol is signed in with the keyboard alone');
  await k.close();
  delete s.people.keyboard;
}

async function meetings(s) {
  const t = s.t;
  const a = s.people.alice, p = a.page;
  await a.go('/meetings');
  await p.fill('#m-date', '2027-01-05');
  await p.fill('#m-att', 'alice carol mia max');
  await a.submit(p.getByRole('button', { name: 'Record the meeting' }));
  const d = p.locator('details').filter({ hasText: 'Record a decision' }).first();
  await d.locator('summary').click();
  await d.locator('input[name=issue]').fill(s.xkey);
  await d.locator('select[name=kind]').selectOption('embargo-yes');
  await d.locator('textarea[name=reason]').fill(L.XSS_MD);
  await a.submit(d.getByRole('button', { name: 'Record the decision' }));
  t.check((await a.text()).includes(L.XSS), 'the decision reason is shown as text');
  t.check(/quorum/i.test(await a.text()), 'the meeting shows its quorum');
  await a.shot('meetings');
}

async function cves(s) {
  const t = s.t;
  const a = s.people.alice, p = a.page;
  await a.go('/cves');
  await p.fill('#cve-range', L.XSS);
  await a.submit(p.getByRole('button', { name: 'Reserve' }), 400);
  await a.go('/cves');
  await p.fill('#cve-range', 'CVE-2027-0100..CVE-2027-0104');
  await a.submit(p.getByRole('button', { name: 'Reserve' }));
  t.check((await a.text()).includes('CVE-2027-0104'), 'five more ids are reserved');
  await p.fill('#cve-id', 'CVE-2027-0020');
  await p.fill('#cve-reason', L.XSS_MD);
  await a.submit(p.getByRole('button', { name: 'Retire' }));
  const txt = await a.text();
  t.check(txt.includes('CVE-2027-0001') && txt.includes(s.key), 'the pool lists the ' +
    'assigned id with its issue');
  await a.shot('cves');
}

async function alertList(s) {
  const t = s.t;
  const anon = await s.person('vendor');
  const p = anon.page;
  await anon.go('/alert-list/request');
  await p.fill('#al-org', L.XSS);
  await p.fill('#al-addr', L.XSS);
  await p.fill('#al-reason', L.XSS_MD);
  await anon.submit(p.getByRole('button', { name: 'Send the request' }), 400);
  t.eq(await p.inputValue('#al-org'), L.XSS, 'the refused request keeps the organisation');
  await p.fill('#al-addr', 'security@vendor.example');
  await anon.submit(p.getByRole('button', { name: 'Send the request' }));
  await anon.shot('alert-list-request');
  const d = await s.person('dora');
  await d.signIn(s.passwords.dora, s.totp.dora, s.now);
  await d.go('/alert-list');
  t.check((await d.text()).includes(L.XSS), 'the director sees the request as text');
  const form = d.page.locator('form').filter({ has: d.page.locator('select[name=decision]') })
    .first();
  await form.locator('select[name=decision]').selectOption('approve');
  await form.locator('textarea[name=note]').fill(L.XSS_MD);
  await d.submit(form.getByRole('button', { name: 'Record the decision' }));
  t.check(/approved/i.test(await d.text()), 'the request is approved');
  await d.shot('alert-list');
  await d.go(`/issues/${s.xkey}`, 404);
}

async function people(s) {
  const t = s.t;
  const ad = await s.person('adam');
  await ad.signIn(s.passwords.adam, s.totp.adam, s.now);
  const p = ad.page;
  await ad.go('/people');
  t.check((await ad.text()).includes(L.XSS), 'the payload name is shown as text');
  await p.fill('#p-login', 'pat');
  await p.fill('#p-email', 'pat@example.org');
  await p.fill('#p-name', L.XSS);
  await ad.submit(p.getByRole('button', { name: 'Add the person' }));
  t.check((await ad.text()).includes('pat@example.org'), 'the admin adds a person');
  await ad.shot('people');
  // pat becomes a director, then gets a password (shown once)
  const row = p.locator('tr').filter({ has: p.locator('th', { hasText: /^pat$/ }) });
  await row.locator('summary').click();
  await row.locator('input[name=role-director]').check();
  await ad.submit(row.getByRole('button', { name: 'Save roles and status' }));
  t.check((await p.locator('tr').filter({ has: p.locator('th', { hasText: /^pat$/ }) })
    .textContent()).includes('director'), 'pat is a director now');
  const row2 = p.locator('tr').filter({ has: p.locator('th', { hasText: /^pat$/ }) });
  await row2.locator('summary').click();
  await ad.submit(row2.getByRole('button', { name: 'Reset password' }));
  const pw = (await p.locator('code.secret').first().innerText()).trim();
  t.check(pw.length >= 12, 'the new password of pat is shown once');
  const pat = await s.person('pat');
  await pat.signIn(pw, null, s.now);
  t.eq(new URL(pat.page.url()).pathname, '/account', 'pat (director, no second factor yet) ' +
    'is sent to enrol one');
  await pat.close();
  delete s.people.pat;
  // admin alone sees no issue content
  await ad.go(`/issues/${s.xkey}`, 404);
  await ad.go('/dashboard', [200, 403, 404]);
  t.check(!(await ad.text()).includes(s.xkey), 'the admin sees nothing of the issue');
}

async function releases(s) {
  const a = s.people.alice, p = a.page;
  await a.go('/releases');
  await p.fill('#rel-name', 'v0.9.0');
  await p.fill('#rel-branch', L.XSS);
  await p.fill('#rel-date', '2024-01-01');
  await p.fill('#rel-managers', L.XSS);
  await a.submit(p.getByRole('button', { name: 'Add the release' }), [400, 404]);
  await p.fill('#rel-managers', 'rita');
  await a.submit(p.getByRole('button', { name: 'Add the release' }));
  s.t.check((await a.text()).includes('v0.9.0'), 'the release is added');
  await a.submit(p.getByRole('button', { name: 'End support of v0.9.0' }));
  const r = p.locator('tr').filter({ has: p.locator('th', { hasText: /^v0\.9\.0/ }) });
  s.t.check(/end of life/.test(await r.textContent()), 'v0.9.0 has reached its end of life');
}

/* Every page as every person; reflected input in queries and paths too. */
async function visitAll(s) {
  const keys = [s.key, s.xkey, 'SEC-999'];
  const q = encodeURIComponent(L.XSS);
  const common = ['/', '/vulnerabilities', '/report', '/alert-list/request', '/my', '/account',
    '/dashboard', '/releases', '/cves', '/meetings', '/people', '/alert-list',
    ...keys.map((k) => `/issues/${k}`),
    `/issues/${q}`, `/dashboard?q=${q}`, `/dashboard?q=alert`,
    `/dashboard?state=${q}&subsystem=${q}&priority=${q}`, `/?done=${q}`, `/my?done=${q}`,
    `/login?next=${encodeURIComponent(JS_URL)}`, `/releases/${q}/report`,
    `/alert-list/request/done?x=${q}`];
  for (const login of ['alice', 'eve', 'rosa', 'mia', 'max', 'rita', 'dora', 'adam',
    'anonymous']) {
    const who = s.people[login];
    if (!who)
      continue;
    for (const path of common)
      await who.go(path, [200, 400, 401, 403, 404]);
    s.t.note(`${login}: ${common.length} pages checked`);
  }
  // the search reaches the payload issue for psirt and shows it escaped
  const a = s.people.alice;
  await a.go(`/dashboard?q=${encodeURIComponent('alert')}`);
  s.t.check((await a.text()).includes(s.xkey), 'psirt finds the payload issue by search');
}

/* Restart the server at VIGIL_NOW now (sessions of the old time expire). */
async function restart(s, now, tick) {
  const rc = await s.server.stop();
  s.t.eq(rc, 0, 'vigil serve stops on SIGTERM with exit status 0');
  s.server = new L.Server(s.v, now, ['--tick', tick]);
  await s.server.start();
  s.now = now;
  for (const who of Object.values(s.people))
    who.base = s.server.base;
}

/* Ten days before the payload issue's embargo ends: the dashboard's deadlines. */
async function deadlines(s) {
  const t = s.t;
  await restart(s, T_MID, '0');
  const a = s.people.alice, p = a.page;
  await a.signIn(s.passwords.alice, s.totp.alice, T_MID);
  await a.go('/dashboard');
  const row = await p.locator('#embargo-soon tbody tr').filter({ hasText: s.xkey })
    .locator('td').allTextContents();
  t.check(row.length > 2 && row.includes('2027-04-05') && row[row.length - 1].trim() === '10',
    `embargoes ending within 14 days: ${s.xkey}, ends 2027-04-05, 10 days left (${row})`);
  t.check((await p.locator('#fix-overdue').textContent()).includes(s.xkey),
    `overdue fixes: ${s.xkey} (reported 80 days ago, no fix)`);
  t.check(!(await p.locator('#fix-overdue').textContent()).includes(`${s.key} `),
    `${s.key} (public) is not an overdue fix`);
  await a.shot('dashboard-deadlines', true);
  // a maintainer's dashboard holds only their own issues' deadlines
  const m = s.people.mia;
  await m.signIn(s.passwords.mia, s.totp.mia, T_MID);
  await m.go('/dashboard');
  t.check(!(await m.text()).includes(s.xkey), `the maintainer of net sees nothing of ${s.xkey}`);
}

/* Time passes the embargo: the scheduler publishes the payload issue. */
async function embargoEnds(s) {
  const t = s.t;
  await restart(s, T1, '1');
  const anon = s.people.anonymous;
  let txt = '';
  for (let i = 0; i < 40 && !txt.includes('CVE-2027-0002'); i++) {
    await L.sleep(250);
    await anon.go('/vulnerabilities');
    txt = await anon.text();
  }
  t.check(txt.includes('CVE-2027-0002') && txt.includes(L.XSS),
    'after the embargo the scheduler published the payload issue: on the public list, ' +
    'its title as text');
  await anon.go(`/issues/${s.xkey}`);
  t.check((await anon.text()).includes(L.XSS), 'anonymous sees the public payload issue');
  const e = s.people.eve;
  await e.signIn(s.evePassword, null, T1);
  await e.go('/my');
  t.check((await e.page.locator('td .badge').first().innerText()).trim() === 'public',
    'the reporter sees the report as public');
  const a = s.people.alice;
  await a.signIn(s.passwords.alice, s.totp.alice, T1);
  for (const path of ['/dashboard', `/issues/${s.xkey}`, `/issues/${s.key}`, '/releases',
    '/cves', '/meetings', '/vulnerabilities'])
    await a.go(path);
  for (const path of ['/vulnerabilities', `/issues/${s.xkey}`, `/issues/${s.key}`, '/'])
    await anon.go(path);
}

module.exports = {
  setup,
  steps: [
    ['xss: report form', report],
    ['xss: issue fields, comments, fixes, grants', psirt],
    ['duplicate', duplicate],
    ['xss: the reporter adds information; references', reporterComment],
    ['xss: sign-in forms; the keyboard', signInForms],
    ['xss: meetings', meetings],
    ['xss: CVE pool', cves],
    ['xss: alert list', alertList],
    ['xss: people', people],
    ['xss: releases', releases],
    ['xss: every page as every person', visitAll],
    ['deadlines on the dashboard', deadlines],
    ['embargo ends', embargoEnds],
  ],
};
