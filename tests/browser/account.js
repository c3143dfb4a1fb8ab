/*
 * account.js — the browser test of TOTP enrolment by QR code and of the
 * header navigation on a phone, in Debian's Chromium with JavaScript off
 * (both must work without it):
 *
 *  - a person with every global role signs in, opens /account and starts
 *    enrolment; the QR code (inline SVG) is screenshot to a PNG, read back
 *    with zbarimg (zbar-tools) and must decode to exactly the otpauth:// URI
 *    the page shows as text; a code computed from that URI's secret then
 *    finishes the enrolment;
 *  - at 390 px the header is one short line with a "Menu" disclosure that
 *    opens by keyboard (Tab to it, Enter) and lets Tab reach every link of
 *    the person's navigation, with a visible focus ring and AA contrast; at
 *    1280 px every link shows without opening anything. For a signed-out
 *    visitor and for the person with every role.
 *
 *   NODE_PATH=.../node_modules node account.js PATH-TO-VIGIL SCREENSHOT-DIR
 *
 * run.sh calls this after scenario.js; the screenshots go beside
 * scenario.js's (account-*.png, nav-*.png, totp-qr.png).
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const L = require('./lib.js');

const T0 = '2027-01-05T10:00:00Z';
const WIDE = { width: 1280, height: 800 };
/* the most a closed phone header may take: one line of controls */
const PHONE_HEADER_MAX = 80;
/* the navigation of a signed-out visitor and of psirt+admin+director */
const NAV_ANON = ['/report', '/vulnerabilities', '/alert-list/request'];
const NAV_ALL = ['/dashboard', '/releases', '/cves', '/meetings', '/alert-list', '/people',
  '/my', '/report', '/vulnerabilities'];

async function main() {
  if (process.argv.length !== 4) {
    process.stderr.write('usage: account.js PATH-TO-VIGIL SCREENSHOT-DIR\n');
    return 2;
  }
  const t = new L.Checks('account');
  const dir = L.tmpDir('vigil-account-');
  const v = new L.Vigil(path.resolve(process.argv[2]), dir);
  const s = { t, v, shots: path.resolve(process.argv[3]), server: null, browser: null,
    people: [] };
  fs.mkdirSync(s.shots, { recursive: true });
  try {
    for (const [name, fn] of [['setup', setup], ['anonymous navigation', anonNav],
      ['enrol by QR code', enrolByQr], ['navigation with every role', fullNav]]) {
      if (!await t.run(name, () => fn(s)) && !t.keepGoing)
        break;
    }
  } finally {
    await L.finish(s, s.people, dir);
  }
  return t.summary();
}

async function setup(s) {
  const { t, v } = s;
  v.ok(t, ['init', '--admin', 'adam', '--email', 'adam@example.org'], { what: 'vigil init' });
  v.ok(t, ['user', 'add', 'pat', '--email', 'pat@example.org', '--name', 'Pat',
    '--role', 'psirt', '--role', 'admin', '--role', 'director'], { as: 'adam' });
  s.password = L.lineValue(v.ok(t, ['user', 'password', 'pat'], { as: 'adam' }), 'password');
  t.check(s.password && s.password.length >= 12, 'pat has a password');
  const r = spawnSync('zbarimg', ['--version'], { encoding: 'utf8' });
  t.check(r.status === 0, 'zbarimg is installed (scripts/install-deps.sh --test: zbar-tools)');
  s.server = new L.Server(v, T0, ['--tick', '0']);
  await s.server.start();
  s.browser = await L.launchBrowser();
}

async function person(s, login) {
  const p = await new L.Person(s.t, s.browser, s.server.base, login, s.shots, false).open();
  s.people.push(p);
  return p;
}

/* Decode the QR code in a PNG with zbarimg; the text, or null. */
function zbar(png) {
  const r = spawnSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.replace(/\n$/, '') : null;
}

/*
 * A session that owes its second factor: at phone width the header keeps
 * one line of controls and adds the warning as one full-width line below.
 */
async function owedFactorHeader(s, me) {
  const t = s.t, p = me.page;
  await p.setViewportSize(L.PHONE);
  const [h, w] = await Promise.all([p.locator('header.top').boundingBox(),
    p.locator('header.top a.warn').boundingBox()]);
  t.check(w !== null && w.height <= 40 && w.width >= L.PHONE.width * 0.8,
    `at ${L.PHONE.width} px the second-factor warning is one full-width line ` +
    `(${w && Math.round(w.width)} x ${w && Math.round(w.height)} px)`);
  t.check(h.height <= PHONE_HEADER_MAX + w.height, `at ${L.PHONE.width} px the header is ` +
    `one line of controls plus the warning (${Math.round(h.height)} px)`);
  await p.screenshot({ path: path.join(s.shots, 'nav-owes-factor-phone-closed.png') });
  await p.setViewportSize(L.LAPTOP);
}

async function enrolByQr(s) {
  const t = s.t;
  const me = await person(s, 'pat');
  const p = me.page;
  await me.signIn(s.password, null, T0);
  await me.go('/account');
  await owedFactorHeader(s, me);
  await me.submit(p.getByRole('button', { name: 'Set up an authenticator app' }));

  const codes = p.locator('main code.secret');
  t.eq(await codes.count(), 2, 'the secret and the URI stay on the page as text');
  const secret = (await codes.nth(0).textContent()).trim();
  const uri = (await codes.nth(1).textContent()).trim();
  t.check(/^[A-Z2-7]{16,}$/.test(secret), `the secret is base32 (${secret})`);
  t.check(uri.startsWith('otpauth://totp/vigil:pat?') && uri.includes(`secret=${secret}&`),
    `the URI names pat and carries the secret (${uri})`);

  const svg = p.locator('main svg.qr');
  t.eq(await svg.count(), 1, 'the enrolment page has one QR code');
  const a = await svg.evaluate((e) => ({ role: e.getAttribute('role'),
    label: e.getAttribute('aria-label'), style: e.getAttribute('style'),
    paths: e.querySelectorAll('path').length, w: e.getBoundingClientRect().width }));
  t.eq(a.role, 'img', 'the QR code has role="img"');
  t.check(a.label && a.label.length > 0, 'the QR code has an accessible name');
  t.eq(a.style, null, 'the QR code has no style attribute');
  t.eq(a.paths, 1, 'the dark modules are one <path>');
  const styled = await p.evaluate(() => document.querySelectorAll('[style], style').length);
  t.eq(styled, 0, 'the page has no inline style');

  const png = path.join(s.shots, 'totp-qr.png');
  await svg.screenshot({ path: png });
  const decoded = zbar(png);
  t.eq(decoded, uri, 'zbarimg reads the QR code as exactly the URI shown as text');
  await me.shot('account-totp-qr', true);
  // the phone screenshot: the code fits the screen and still reads
  await p.setViewportSize(L.PHONE);
  const pw = await svg.evaluate((e) => e.getBoundingClientRect().right);
  t.check(pw <= L.PHONE.width, `at ${L.PHONE.width} px the QR code fits the screen ` +
    `(right edge ${Math.round(pw)} px)`);
  await svg.screenshot({ path: path.join(s.shots, 'totp-qr-phone.png') });
  t.eq(zbar(path.join(s.shots, 'totp-qr-phone.png')), uri,
    `zbarimg reads the QR code at ${L.PHONE.width} px too`);
  await p.setViewportSize(L.LAPTOP);

  // the app would compute its codes from what it scanned
  const scanned = new URL(decoded).searchParams.get('secret');
  s.totp = new L.Totp(scanned);
  await p.fill('#code', s.totp.next(T0));
  await me.submit(p.getByRole('button', { name: 'Confirm' }));
  t.eq(await p.locator('ul.codes li').count(), 10, 'the code from the scanned secret ' +
    'confirms the enrolment: ten recovery codes are shown');
  s.me = me;
}

/* WCAG relative luminance contrast of two computed CSS colours "rgb(...)". */
function contrast(fg, bg) {
  const lum = (c) => {
    const v = c.match(/[\d.]+/g).slice(0, 3).map((x) => {
      const u = Number(x) / 255;
      return u <= 0.03928 ? u / 12.92 : ((u + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

/* The hrefs of the links matching sel that are rendered (checkVisibility:
 * not in a display: none box nor in a closed <details>, whose content
 * keeps its layout boxes) and inside the viewport. */
async function visibleLinks(p, sel) {
  return p.evaluate((q) => [...document.querySelectorAll(q)].filter((a) => {
    const r = a.getBoundingClientRect();
    return a.checkVisibility({ visibilityProperty: true, opacityProperty: true }) &&
      r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 &&
      r.bottom <= window.innerHeight && r.right <= window.innerWidth;
  }).map((a) => a.getAttribute('href')), sel);
}

/*
 * The navigation of the page p is on, as `who` sees it, at phone width
 * (closed, opened by keyboard) and laptop width; want: the links in order.
 */
async function checkNav(s, me, who, want) {
  const t = s.t, p = me.page;
  const header = p.locator('header.top');

  await p.setViewportSize(L.PHONE);
  await me.go(new URL(p.url()).pathname);
  const h = (await header.boundingBox()).height;
  t.check(h <= PHONE_HEADER_MAX, `${who}: at ${L.PHONE.width} px the closed header is ` +
    `${Math.round(h)} px high (at most ${PHONE_HEADER_MAX})`);
  t.eq(await visibleLinks(p, 'header .nav a'), [], `${who}: at ${L.PHONE.width} px no ` +
    'navigation link shows before the menu opens');
  await p.screenshot({ path: path.join(s.shots, `nav-${who}-phone-closed.png`) });

  // keyboard: from the top of the freshly loaded page, Tab until the summary has focus
  let tabs = 0, onSummary = false;
  while (tabs < 6 && !onSummary) {
    await p.keyboard.press('Tab');
    tabs++;
    onSummary = await p.evaluate(() => document.activeElement &&
      document.activeElement.matches('header .nav-menu > summary'));
  }
  t.check(onSummary, `${who}: Tab reaches the "Menu" button (after ${tabs} presses)`);
  const ring = await p.evaluate(() => {
    const cs = getComputedStyle(document.activeElement);
    const hb = getComputedStyle(document.querySelector('header.top'));
    return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), color: cs.outlineColor,
      fg: cs.color, bg: hb.backgroundColor, text: document.activeElement.textContent };
  });
  t.eq(ring.text.trim(), 'Menu', `${who}: the disclosure says "Menu"`);
  t.check(ring.style !== 'none' && ring.width >= 2, `${who}: the focused "Menu" shows a ` +
    `focus ring (${ring.style} ${ring.width}px)`);
  t.check(contrast(ring.color, ring.bg) >= 3, `${who}: the focus ring stands out from the ` +
    `header (${contrast(ring.color, ring.bg).toFixed(1)}:1)`);
  t.check(contrast(ring.fg, ring.bg) >= 4.5, `${who}: "Menu" has AA contrast ` +
    `(${contrast(ring.fg, ring.bg).toFixed(1)}:1)`);
  await p.keyboard.press('Enter');
  t.check(await p.locator('header .nav-menu').evaluate((d) => d.open),
    `${who}: Enter opens the menu`);
  t.eq(await visibleLinks(p, 'header .nav a'), want, `${who}: the open menu shows every ` +
    'link of the navigation, in order');
  const linkColours = await p.evaluate(() => [...document.querySelectorAll('.nav-menu a')]
    .map((a) => [getComputedStyle(a).color, getComputedStyle(a.closest('ul')).backgroundColor]));
  for (const [fg, bg] of linkColours)
    t.check(contrast(fg, bg) >= 4.5, `${who}: menu links have AA contrast ` +
      `(${contrast(fg, bg).toFixed(1)}:1)`);
  await p.screenshot({ path: path.join(s.shots, `nav-${who}-phone-open.png`) });
  const reached = [];
  for (let i = 0; i < want.length; i++) {
    await p.keyboard.press('Tab');
    reached.push(await p.evaluate(() => document.activeElement.getAttribute('href')));
  }
  t.eq(reached, want, `${who}: Tab goes through every link of the open menu, in order`);
  // the last one is a link like any other: Enter follows it
  await Promise.all([p.waitForNavigation({ waitUntil: 'load' }), p.keyboard.press('Enter')]);
  t.eq(new URL(p.url()).pathname, want[want.length - 1], `${who}: Enter on the last menu ` +
    'link opens its page');

  await p.setViewportSize(WIDE);
  await me.go(new URL(p.url()).pathname);
  t.eq(await visibleLinks(p, 'header .nav a'), want, `${who}: at ${WIDE.width} px every ` +
    'link shows without opening anything');
  t.check(!await p.locator('header .nav-menu').isVisible(), `${who}: at ${WIDE.width} px ` +
    'there is no "Menu"');
  const wh = (await header.boundingBox()).height;
  t.check(wh <= PHONE_HEADER_MAX, `${who}: at ${WIDE.width} px the header is one line ` +
    `(${Math.round(wh)} px)`);
  await p.screenshot({ path: path.join(s.shots, `nav-${who}-laptop.png`) });
  await p.setViewportSize(L.LAPTOP);
}

async function anonNav(s) {
  const anon = await person(s, 'anonymous');
  await anon.go('/');
  await checkNav(s, anon, 'anonymous', NAV_ANON);
}

async function fullNav(s) {
  await s.me.go('/');
  await checkNav(s, s.me, 'every-role', NAV_ALL);
}

main().then((rc) => process.exit(rc), (e) => {
  process.stdout.write(`FAIL ${e.stack || e}\n0 passed, 1 failed\n`);
  process.exit(1);
});
