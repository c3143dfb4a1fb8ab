/*
 * lib.js — what the browser scenario (scenario.js) needs around the browser:
 * counted checks, the vigil command line on a temporary database, one
 * `vigil serve` on a free loopback port (started and stopped by its PID),
 * RFC 6238 codes, a small JSON API caller for the setup only (enrolling the
 * second factor), Debian's Chromium through playwright-core, and the checks
 * every visited page gets: security headers, no unescaped payload, no
 * javascript: link, no dialog, a label on every form control.
 *
 * Node's standard library and playwright-core only.
 */
'use strict';

const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];
const LAPTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

/* The payloads of the XSS sweep. SCRIPT must never reach a page unescaped. */
const SCRIPT = '<script>alert(1)</script>';
const XSS = '"\'>' + SCRIPT + '&';
const XSS_MD = XSS + ' [x](javascript:alert(1)) <a href=javascript:alert(1)>y</a> ' +
  'javascript:alert(1) <img src=x onerror=alert(1)>';

// ------------------------------------------------------------------ checks

/*
 * Checks counts passed and failed checks. check() asserts with node:assert;
 * a failed check throws (ending its section) and is counted once.
 */
class Checks {
  constructor(name) {
    this.name = name;
    this.passed = 0;
    this.failed = 0;
    this.section = '';
    this.keepGoing = process.env.VIGIL_TEST_KEEP_GOING === '1';
    this.warnings = [];
  }

  check(cond, what) {
    try {
      assert.ok(cond, what);
    } catch (e) {
      this.fail(e);
      throw e;
    }
    this.passed++;
  }

  eq(got, want, what) {
    try {
      assert.deepStrictEqual(got, want, what);
    } catch (e) {
      this.fail(e);
      throw e;
    }
    this.passed++;
  }

  fail(e) {
    this.failed++;
    e.counted = true;
    if (!this.quiet)
      process.stdout.write(`FAIL [${this.name}/${this.section}] ${e.message}\n`);
  }

  /* Something to look at that does not fail the test (visual problems);
   * each text once. */
  warn(text) {
    if (this.warnings.includes(text))
      return;
    this.warnings.push(text);
    process.stdout.write(`  WARN ${this.section}: ${text}\n`);
  }

  note(text) {
    process.stdout.write(`  ${this.section}: ${text}\n`);
  }

  /* Run one part of the story; false when it failed (then the story stops
   * unless VIGIL_TEST_KEEP_GOING=1). */
  async run(name, fn) {
    this.section = name;
    const t0 = Date.now();
    try {
      await fn();
      process.stdout.write(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
      return true;
    } catch (e) {
      if (!e.counted) {
        this.failed++;
        process.stdout.write(`FAIL [${this.name}/${name}] ${e.stack || e}\n`);
      }
      return false;
    }
  }

  summary() {
    if (this.warnings.length)
      process.stdout.write(`${this.warnings.length} warning(s) about how pages look (WARN ` +
        'lines above)\n');
    process.stdout.write(`${this.passed} passed, ${this.failed} failed\n`);
    return this.failed === 0 ? 0 : 1;
  }
}

// ------------------------------------------------------------------ the CLI

/* Runs the vigil binary on one database with VIGIL_NOW set. */
class Vigil {
  constructor(bin, dir) {
    this.bin = bin;
    this.dir = dir;
    this.db = path.join(dir, 'vigil.db');
    this.now = '2027-01-05T10:00:00Z';
  }

  env(now) {
    const e = { ...process.env };
    delete e.VIGIL_DB;
    delete e.VIGIL_USER;
    e.VIGIL_NOW = now || this.now;
    e.LC_ALL = 'C';
    return e;
  }

  run(args, opts = {}) {
    const a = ['--db', this.db];
    if (opts.as)
      a.push('--as', opts.as);
    const p = spawnSync(this.bin, a.concat(args), { cwd: this.dir, env: this.env(opts.now),
      encoding: 'utf8', timeout: 60000 });
    return { cmd: [this.bin, ...a, ...args].join(' '), rc: p.status, out: p.stdout || '',
      err: p.stderr || '' };
  }

  /* Run and fail unless the exit status is 0; returns stdout. */
  ok(t, args, opts = {}) {
    const r = this.run(args, opts);
    t.check(r.rc === 0, `${opts.what || 'vigil ' + args.slice(0, 2).join(' ')} succeeds\n` +
      `  command: ${r.cmd}\n  exit: ${r.rc}\n  stdout: ${r.out}\n  stderr: ${r.err}`);
    return r.out;
  }
}

/* The value of a line "name: VALUE" of out, or null. */
function lineValue(out, name) {
  for (const l of out.split('\n'))
    if (l.startsWith(name + ':'))
      return l.slice(name.length + 1).trim();
  return null;
}

// ------------------------------------------------------------------ the server

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });
}

/* One run of `vigil serve` on a free port of 127.0.0.1 at a fixed VIGIL_NOW. */
class Server {
  constructor(vigil, now, args = []) {
    this.vigil = vigil;
    this.now = now;
    this.args = args;
    this.proc = null;
    this.log = '';
  }

  async start() {
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    const args = ['--db', this.vigil.db, 'serve', '--listen', `127.0.0.1:${this.port}`,
      ...this.args];
    this.proc = spawn(this.vigil.bin, args, { cwd: this.vigil.dir, env: this.vigil.env(this.now),
      stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, sig) =>
      resolve({ code, sig })));
    const take = (b) => { this.log += b.toString('utf8'); };
    this.proc.stdout.on('data', take);
    this.proc.stderr.on('data', take);
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      if (this.log.includes('vigil: listening on http'))
        return true;
      if (this.proc.exitCode !== null)
        break;
      await sleep(50);
    }
    throw new Error(`vigil serve did not start:\n${this.log}`);
  }

  /* SIGTERM to the server's PID; its exit status (null when it had to be killed). */
  async stop() {
    if (!this.proc)
      return null;
    const p = this.proc;
    this.proc = null;
    process.on('exit', () => fs.writeFileSync(path.join(this.vigil.dir,
      `serve-${this.port}.log`), this.log));
    if (p.exitCode !== null)
      return p.exitCode;
    process.kill(p.pid, 'SIGTERM');
    const r = await Promise.race([this.exited, sleep(20000).then(() => null)]);
    if (r === null) {
      process.kill(p.pid, 'SIGKILL');
      await this.exited;
      return null;
    }
    return r.code;
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ------------------------------------------------------------------ TOTP

function isoToUnix(iso) {
  const t = Date.parse(iso);
  if (Number.isNaN(t))
    throw new Error(`bad time ${iso}`);
  return Math.floor(t / 1000);
}

function base32Decode(s) {
  const alpha = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out = [];
  for (const c of s.replace(/[\s=]/g, '').toUpperCase()) {
    const i = alpha.indexOf(c);
    if (i < 0)
      throw new Error(`not base32: ${s}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/* RFC 6238 codes (HMAC-SHA1, 6 digits, 30 s) for one secret; the server
 * refuses a step at or before the last one it accepted, so next() never
 * repeats a step. */
class Totp {
  constructor(secret) {
    this.key = base32Decode(secret);
    this.last = null;
  }

  codeAt(counter) {
    const msg = Buffer.alloc(8);
    msg.writeBigUInt64BE(BigInt(counter));
    const mac = crypto.createHmac('sha1', this.key).update(msg).digest();
    const o = mac[mac.length - 1] & 0x0f;
    const v = (mac.readUInt32BE(o) & 0x7fffffff) % 1000000;
    return String(v).padStart(6, '0');
  }

  next(nowIso) {
    const step = Math.floor(isoToUnix(nowIso) / 30);
    for (const s of [step - 1, step, step + 1]) {
      if (this.last === null || s > this.last) {
        this.last = s;
        return this.codeAt(s);
      }
    }
    throw new Error('no unused TOTP step left at ' + nowIso);
  }
}

// ------------------------------------------------------------------ the API (setup only)

/* One signed-in session of the JSON API: used only to enrol the second factor. */
class ApiSession {
  constructor(base) {
    this.base = base;
    this.cookie = '';
    this.csrf = '';
  }

  async call(method, p, body) {
    const h = { 'Content-Type': 'application/json' };
    if (this.cookie)
      h.Cookie = this.cookie;
    if (this.csrf && method !== 'GET')
      h['X-CSRF-Token'] = this.csrf;
    const r = await fetch(this.base + p, { method, headers: h,
      body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
    const sc = r.headers.get('set-cookie');
    if (sc && sc.startsWith('vigil_session='))
      this.cookie = sc.split(';')[0];
    const text = await r.text();
    let j = null;
    try { j = JSON.parse(text); } catch (e) { j = null; }
    return { status: r.status, json: j, text };
  }

  /* Sign in and enrol TOTP; returns the Totp of the new secret. */
  async enrol(t, login, password, now) {
    let r = await this.call('POST', '/api/v1/login', { login, password });
    t.check(r.status === 200 && r.json && r.json.csrf, `${login} signs in over the API (setup): ` +
      `${r.status} ${r.text}`);
    this.csrf = r.json.csrf;
    r = await this.call('POST', '/api/v1/me/totp');
    t.check(r.status === 200 && r.json && r.json.secret, `${login} starts TOTP enrolment: ` +
      `${r.status} ${r.text}`);
    const totp = new Totp(r.json.secret);
    r = await this.call('POST', '/api/v1/me/totp/confirm', { code: totp.next(now) });
    t.check(r.status === 200, `${login} confirms TOTP: ${r.status} ${r.text}`);
    await this.call('POST', '/api/v1/logout');
    return totp;
  }
}

// ------------------------------------------------------------------ the browser

async function launchBrowser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/*
 * A Person is one browser context (own cookies) with one page. Every
 * navigation answer is checked (checkAnswer) and every dialog fails the test.
 */
class Person {
  /* js: false runs the person's browser with JavaScript off, so every
   * action they take proves the page works without it. */
  constructor(t, browser, base, login, shots, js = true) {
    this.js = js;
    this.t = t;
    this.browser = browser;
    this.base = base;
    this.login = login;
    this.shots = shots;
    this.dialogs = [];
    this.visited = new Set();
  }

  async open() {
    this.ctx = await this.browser.newContext({ viewport: LAPTOP, locale: 'en-GB',
      timezoneId: 'UTC', javaScriptEnabled: this.js });
    this.ctx.setDefaultTimeout(15000);
    this.page = await this.ctx.newPage();
    this.page.on('dialog', async (d) => {
      this.dialogs.push(`${d.type()}: ${d.message()} on ${this.page.url()}`);
      await d.dismiss().catch(() => {});
    });
    this.page.on('response', (r) => this.onResponse(r));
    this.answers = [];
    return this;
  }

  onResponse(r) {
    const req = r.request();
    if (req.resourceType() === 'document')
      this.answers.push(r);
  }

  async close() {
    if (this.ctx)
      await this.ctx.close();
    this.ctx = null;
  }

  /* GET path; checks the answer; returns the Playwright response. */
  async go(p, want = 200) {
    const r = await this.page.goto(this.base + p, { waitUntil: 'load' });
    this.t.check(r !== null, `${this.login}: GET ${p} answers`);
    const got = r.status();
    const wants = Array.isArray(want) ? want : [want];
    this.t.check(wants.includes(got), `${this.login}: GET ${p} -> ${wants.join('/')} ` +
      `(got ${got})`);
    await this.checkPage(r);
    return r;
  }

  /* Submit by clicking; waits for the navigation it causes and checks the
   * final page. */
  async submit(locator, want = 200) {
    const [r] = await Promise.all([
      this.page.waitForNavigation({ waitUntil: 'load' }),
      locator.click(),
    ]);
    const got = r ? r.status() : 0;
    const wants = Array.isArray(want) ? want : [want];
    this.t.check(r !== null && wants.includes(got), `${this.login}: submitting on ` +
      `${this.page.url()} ends in ${wants.join('/')} (got ${got})`);
    await this.checkPage(r);
    return r;
  }

  /* The checks every page gets: headers, XSS, dialogs, labels. */
  async checkPage(r) {
    const t = this.t, p = this.page, url = p.url();
    const h = r.headers();
    const ctype = h['content-type'] || '';
    this.visited.add(new URL(url).pathname);
    t.eq(this.dialogs, [], `${this.login}: no dialog opened (${url})`);
    if (!ctype.startsWith('text/html'))
      return;
    const csp = h['content-security-policy'] || '';
    t.check(csp !== '', `${this.login}: ${url} has a Content-Security-Policy`);
    const dirs = {};
    for (const d of csp.split(';')) {
      const w = d.trim().split(/\s+/);
      if (w[0])
        dirs[w[0].toLowerCase()] = w.slice(1);
    }
    const scripts = dirs['script-src'] || dirs['default-src'] || [];
    t.check(!scripts.includes("'unsafe-inline'") && !scripts.includes("'unsafe-eval'") &&
      !scripts.includes('*') && !scripts.includes('data:'),
      `${this.login}: ${url}: CSP allows no inline script (${csp})`);
    t.check((dirs['frame-ancestors'] || []).join(' ') === "'none'",
      `${this.login}: ${url}: CSP frame-ancestors 'none' (${csp})`);
    t.eq(h['x-content-type-options'], 'nosniff', `${this.login}: ${url}: nosniff`);
    t.check(!!h['referrer-policy'], `${this.login}: ${url}: a Referrer-Policy`);
    let body = '';
    try { body = await r.text(); } catch (e) { body = ''; }
    t.check(!body.includes(SCRIPT), `${this.login}: ${url}: the HTML as sent holds no ` +
      `unescaped ${SCRIPT}`);
    const html = await p.content();
    t.check(!html.includes(SCRIPT), `${this.login}: ${url}: the page (DOM) holds no ` +
      `unescaped ${SCRIPT}`);
    const bad = await p.evaluate(() => {
      const out = [];
      for (const a of document.querySelectorAll('[href],[src],[action],[formaction]')) {
        for (const at of ['href', 'src', 'action', 'formaction']) {
          const v = (a.getAttribute(at) || '').replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
          if (v.startsWith('javascript:') || v.startsWith('data:') || v.startsWith('vbscript:'))
            out.push(`<${a.tagName.toLowerCase()} ${at}="${a.getAttribute(at)}">`);
        }
      }
      for (const e of document.querySelectorAll('*'))
        for (const at of e.getAttributeNames())
          if (at.startsWith('on'))
            out.push(`<${e.tagName.toLowerCase()} ${at}=...>`);
      for (const s of document.querySelectorAll('script'))
        if (!s.src)
          out.push('<script> without src: ' + s.textContent.slice(0, 80));
      return out;
    });
    t.eq(bad, [], `${this.login}: ${url}: no javascript:/data: URL, no on* handler, no inline ` +
      'script element');
    const unlabeled = await p.evaluate(() => {
      const out = [];
      const sel = 'input:not([type=hidden]):not([type=submit]):not([type=button])' +
        ':not([type=reset]):not([type=image]), select, textarea';
      for (const e of document.querySelectorAll(sel)) {
        const named = (e.labels && e.labels.length > 0) || e.getAttribute('aria-label') ||
          e.getAttribute('aria-labelledby');
        if (!named)
          out.push(`<${e.tagName.toLowerCase()} name="${e.getAttribute('name')}">`);
      }
      return out;
    });
    t.eq(unlabeled, [], `${this.login}: ${url}: every form control has a label`);
    await this.layoutWarnings();
  }

  /* WARN (no failure) about tables that stick out of the box they are in
   * at the current width; on a phone a box that scrolls sideways is fine,
   * on a laptop a table that needs it is worth a look too. */
  async layoutWarnings() {
    const out = await this.page.evaluate(() => {
      const found = [];
      for (const tbl of document.querySelectorAll('main table')) {
        let box = tbl.parentElement;
        while (box && getComputedStyle(box).display === 'contents')
          box = box.parentElement;
        const scrolls = box && /auto|scroll|hidden/.test(getComputedStyle(box).overflowX);
        if (!box || (scrolls && window.innerWidth < 1000))
          continue;
        // a scroll box clips at its padding edge; otherwise the content edge counts
        const cs = getComputedStyle(box);
        const edge = box.getBoundingClientRect().right - parseFloat(cs.borderRightWidth) -
          (scrolls ? 0 : parseFloat(cs.paddingRight));
        const over = tbl.getBoundingClientRect().right - edge;
        if (over > 1) {
          const sec = tbl.closest('section');
          found.push(`a table in ${sec && sec.id ? '#' + sec.id : box.tagName.toLowerCase()} ` +
            `${scrolls ? 'is cut off (scrolls sideways)' : 'sticks out'} ${Math.round(over)} px`);
        }
      }
      return found;
    });
    const where = new URL(this.page.url()).pathname;
    const w = this.page.viewportSize().width;
    for (const o of out)
      this.t.warn(`${where} at ${w} px: ${o}`);
  }

  /* Full-page screenshot at laptop width, and at phone width when asked. */
  async shot(name, phone = false) {
    fs.mkdirSync(this.shots, { recursive: true });
    await this.page.screenshot({ path: path.join(this.shots, `${name}.png`), fullPage: true });
    if (phone) {
      await this.page.setViewportSize(PHONE);
      const wide = await this.page.evaluate((w) => {
        const out = [];
        for (const e of document.querySelectorAll('body *')) {
          const r = e.getBoundingClientRect();
          if (r.right > w + 1 && r.width > 0 && !(e.parentElement &&
              e.parentElement.getBoundingClientRect().right > w + 1))
            out.push(`<${e.tagName.toLowerCase()}${e.className ? ' class="' + e.className + '"'
              : ''}> ${Math.round(r.right)} px "${e.textContent.slice(0, 40)}"`);
        }
        return { scroll: document.documentElement.scrollWidth, out: out.slice(0, 8) };
      }, PHONE.width);
      await this.layoutWarnings();
      if (wide.scroll > PHONE.width)
        this.t.warn(`${name}: at ${PHONE.width} px the page is ${wide.scroll} px wide ` +
          `(sideways scrolling); too wide: ${wide.out.join(', ')}`);
      await this.page.screenshot({ path: path.join(this.shots, `${name}-phone.png`),
        fullPage: true });
      await this.page.setViewportSize(LAPTOP);
    }
  }

  /* Sign in at /login with the password and, when totp is given, the TOTP
   * step at /login/totp; ends on the person's start page. */
  async signIn(password, totp, now) {
    const p = this.page;
    await this.go('/login');
    await p.fill('#login', this.login);
    await p.fill('#password', password);
    await this.submit(p.locator('form[action="/login"] button[type=submit]'));
    if (totp) {
      this.t.eq(new URL(p.url()).pathname, '/login/totp',
        `${this.login}: after the password the browser is at the second step`);
      await p.fill('#code', totp.next(now));
      await this.submit(p.locator('form[action="/login/totp"] button[type=submit]'));
    }
    this.t.check(!new URL(p.url()).pathname.startsWith('/login'),
      `${this.login}: signed in (now at ${p.url()})`);
  }

  /* The flash message after a redirect, or ''. */
  async flash() {
    const f = this.page.locator('p.flash');
    return (await f.count()) ? (await f.first().innerText()).trim() : '';
  }

  /* The visible text of the page's main content (or body). */
  async text() {
    // textContent: CSS text-transform must not change what a check compares
    return this.page.evaluate(() => (document.querySelector('main') || document.body)
      .textContent.replace(/\s+/g, ' '));
  }
}

function tmpDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/* A screenshot and the HTML of every open page of s.people (login ->
 * Person) when a step failed, to see why; prefix starts the file names. */
async function failShot(s, prefix, name) {
  for (const [login, p] of Object.entries(s.people)) {
    try {
      const base = `${prefix}-${name.replace(/\W+/g, '-')}-${login}`;
      await p.shot(base);
      fs.writeFileSync(path.join(s.shots, base + '.html'), await p.page.content());
    } catch (e) { /* the page may be gone */ }
  }
}

/*
 * The end of a browser test file, whatever happened: close every person's
 * context (people: an iterable of Person), the browser and the server
 * (checking it stops on SIGTERM with status 0, its log shown otherwise),
 * and remove the temporary directory dir unless a check failed or
 * VIGIL_TEST_KEEP_TMP=1 asks to keep it.
 */
async function finish(s, people, dir) {
  const t = s.t;
  for (const p of people)
    await p.close().catch(() => {});
  if (s.browser)
    await s.browser.close().catch(() => {});
  if (s.server) {
    const rc = await s.server.stop();
    t.section = 'stop';
    try {
      t.eq(rc, 0, 'vigil serve stops on SIGTERM with exit status 0');
    } catch (e) {
      process.stdout.write(`server log:\n${s.server.log}\n`);
    }
  }
  if (process.env.VIGIL_TEST_KEEP_TMP === '1' || t.failed)
    process.stdout.write(`(kept ${dir}: the database and serve-PORT.log)\n`);
  else
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
}

module.exports = { Checks, Vigil, Server, Totp, ApiSession, Person, launchBrowser, lineValue,
  tmpDir, sleep, isoToUnix, finish, failShot, SCRIPT, XSS, XSS_MD, LAPTOP, PHONE };
