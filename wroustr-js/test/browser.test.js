// The demo's chat page in a real browser (Debian's chromium, driven by playwright-core), served
// by the Java demo: users join, see who is here, talk, DM with a click, switch rooms, lose their
// network and resume, each step checked as the user sees it, with screenshots at a desktop's
// and a phone's width (target/screenshots/). And the client's bounds where a
// socket cannot pause, against a hostile server of the test's own.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { cuttingProxy, stopProxies } from './cutting-proxy.js';
import { startDemo } from './demo-server.js';
import { peer, stopPeers } from './peer-server.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../target/screenshots', import.meta.url));
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** @type {import('./demo-server.js').Demo | undefined} */
let demo;
/** @type {import('playwright-core').Browser | undefined} */
let browser;

before(async () => {
  // Not a skip: CI installs the browser (.ci/run), and a test that quietly does not run proves nothing.
  assert.ok(existsSync(CHROMIUM), `no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium), as .ci/run does, or set CHROMIUM`);
  demo = await startDemo();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
});

after(async () => {
  await stopPeers();
  await stopProxies();
  await browser?.close();
  await demo?.stop();
});

/**
 * A new page on the demo, connected; page errors fail the test.
 *
 * @param {string[]} errors where the page's errors go
 * @param {string} [url] where the page is served from: the demo's, or a proxy's to it
 * @param {{width: number, height: number}} [viewport]
 * @param {import('playwright-core').Browser | import('playwright-core').BrowserContext} [on] a context of its own
 */
async function openChat(errors, url = /** @type {import('./demo-server.js').Demo} */ (demo).http, viewport = DESKTOP, on = undefined) {
  const page = await (on ?? /** @type {import('playwright-core').Browser} */ (browser)).newPage({ viewport });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') errors.push(`console ${msg.type()}: ${msg.text()}`);
  });
  await page.goto(url);
  await page.locator('#status[data-state="connected"]', { hasText: 'connected' }).waitFor();
  return page;
}

/**
 * Waits until the conversation shown on `page` has a line of `kind` holding `text`.
 *
 * @param {import('playwright-core').Page} page @param {string} kind @param {string} text
 */
const logLine = (page, kind, text) => page.locator(`#log li[data-kind="${kind}"]`, { hasText: text }).waitFor();

/** @param {import('playwright-core').Page} page @param {string} name */
const person = (page, name) => page.locator(`#people li[data-name="${name}"]`);

/**
 * Joins the chat as `name` on `page`, and waits until `other` lists whoever it became.
 *
 * @param {import('playwright-core').Page} page @param {string} name @param {import('playwright-core').Page} other
 * @returns {Promise<string>} the name the server gave
 */
async function join(page, name, other) {
  await page.fill('#name', name);
  await page.click('#join-form button');
  await page.locator('#say-form').waitFor();
  const given = /** @type {string} */ (await page.locator('#me').textContent());
  await person(other, given).waitFor();
  return given;
}

/** @param {import('playwright-core').Page} page @param {string} text sent to the conversation shown */
async function say(page, text) {
  await page.fill('#text', text);
  await page.click('#say-form button');
}

/** @param {import('playwright-core').Page} page @param {string} name */
async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}

// What a user reads must never be the wire's: a route, a param and its value, a close code, a
// reason written for programmers. (`#lobby` alone is how the page names a room.)
const PROTOCOL = /@[A-Z]|#[a-z$]+ \S|\b1\d{3}\b|\b3\d{3}\b|no such client|join first/;

/** @param {import('playwright-core').Page} page every line and status the user sees, in plain words */
async function assertPlainWords(page) {
  for (const text of await page.locator('#log li, #status, #join-error').allTextContents()) {
    assert.doesNotMatch(text, PROTOCOL);
  }
}

test('two users on the chat page: join, who is here, rooms, a click to DM, timestamps, plain errors', { timeout: 90_000 }, async () => {
  /** @type {string[]} */
  const errors = [];
  const alice = await openChat(errors);
  const bob = await openChat(errors);
  await screenshot(bob, 'desktop-join');

  assert.equal(await join(alice, 'alice', bob), 'alice');
  assert.equal(await join(bob, 'bob', alice), 'bob');
  await person(alice, 'alice').locator('.detail', { hasText: 'you' }).waitFor();
  await logLine(alice, 'system', 'bob joined.');

  // A second bob is told apart: the server gives the name a number.
  const other = await openChat(errors);
  assert.equal(await join(other, 'bob', alice), 'bob (2)');
  await logLine(other, 'system', 'You joined as bob (2) (“bob” was taken).');
  await person(bob, 'bob (2)').waitFor();
  const uuids = await alice.locator('#people li').evaluateAll((items) => items.map((item) => /** @type {HTMLElement} */ (item).dataset.uuid));
  assert.equal(new Set(uuids).size, 3, 'three people, three uuids');

  await say(alice, "hello from alice, it's me");
  await logLine(bob, 'said', "alice hello from alice, it's me");
  await logLine(alice, 'mine', "alice hello from alice, it's me");
  const stamp = await bob.locator('#log li[data-kind="said"] time').first();
  assert.match(/** @type {string} */ (await stamp.textContent()), /^\d{1,2}:\d{2}( ?[AP]M)?$/);
  assert.ok(Math.abs(Date.parse(/** @type {string} */ (await stamp.getAttribute('datetime'))) - Date.now()) < 60_000);

  // A click on a name opens a direct message with them: no uuid to paste.
  await person(bob, 'alice').locator('button').click();
  await bob.locator('#title', { hasText: '@ alice' }).waitFor();
  await say(bob, 'psst, alice');
  await logLine(bob, 'mine', 'psst, alice');
  await person(alice, 'bob').locator('.badge', { hasText: '1' }).waitFor();
  await person(alice, 'bob').locator('button').click();
  await logLine(alice, 'dm', 'bob psst, alice');

  // The second bob leaves: everyone is told, and the list forgets him.
  await other.close();
  await person(alice, 'bob (2)').waitFor({ state: 'detached' });

  // Rooms: alice opens one; bob finds it in the list and switches to it.
  await alice.fill('#room', 'lobby');
  await alice.click('#room-form button');
  await alice.locator('#title', { hasText: '# lobby' }).waitFor();
  await bob.locator('#rooms li[data-room="lobby"] button').click({ timeout: 15_000 });
  await bob.locator('#title', { hasText: '# lobby' }).waitFor();
  await alice.locator('#rooms li[data-room="lobby"] .detail', { hasText: '2' }).waitFor({ timeout: 15_000 });
  await say(alice, 'hi lobby');
  await logLine(alice, 'mine', 'hi lobby to 1');
  await logLine(bob, 'room', 'alice hi lobby');
  await screenshot(bob, 'desktop-lobby');
  await alice.locator('#rooms li[data-room="everyone"] button').click();
  await alice.locator('#title', { hasText: '# everyone' }).waitFor();
  await logLine(alice, 'mine', "hello from alice, it's me");

  // An error, in plain words: a room name the server refuses.
  await alice.fill('#room', 'my room');
  await alice.click('#room-form button');
  await logLine(alice, 'error', 'A room name can have letters, digits');
  await assertPlainWords(alice);
  await assertPlainWords(bob);

  await bob.locator('#rooms li[data-room="everyone"] button').click();
  await say(bob, 'see you all');
  await logLine(alice, 'said', 'bob see you all');
  await logLine(bob, 'system', 'bob (2) left.');
  await screenshot(alice, 'desktop-alice');
  await screenshot(bob, 'desktop-bob');
  await bob.setViewportSize(PHONE);
  await bob.waitForTimeout(300); // the side lists slide away
  await screenshot(bob, 'phone-bob');
  await bob.click('#menu');
  await bob.locator('#app[data-drawer="open"]').waitFor();
  await bob.waitForTimeout(300); // the drawer slides in
  await screenshot(bob, 'phone-menu');
  await person(bob, 'alice').locator('button').click();
  await bob.locator('#app[data-drawer="closed"]').waitFor();
  await logLine(bob, 'mine', 'psst, alice');
  await bob.waitForTimeout(300);
  await screenshot(bob, 'phone-dm');
  // Nothing wider than the phone: no sideways scrolling.
  assert.ok(await bob.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  assert.deepEqual(errors, []);
  await alice.close();
  await bob.close();
});

test('the connection state in words: connecting, connected, reconnecting, resumed, nothing lost', { timeout: 60_000 }, async () => {
  /** @type {string[]} */
  const errors = [];
  const proxy = await cuttingProxy(/** @type {import('./demo-server.js').Demo} */ (demo).port);
  // Carol's page and its connection come through the proxy, which drops them. First it spoils
  // every upgrade (the server answers with the page, not a WebSocket): the page keeps trying.
  proxy.rewrite((text) => text.replace(/^upgrade: websocket/im, 'Upgrade: none'));
  const carol = await /** @type {import('playwright-core').Browser} */ (browser).newPage({ viewport: DESKTOP });
  carol.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await carol.goto(proxy.http);
  await carol.locator('#status[data-state="connecting"]', { hasText: 'connecting… (the server cannot be reached, trying again)' }).waitFor();
  proxy.rewrite((text) => text);
  await carol.locator('#status[data-state="connected"]', { hasText: 'connected' }).waitFor();
  const dave = await openChat(errors);
  const carolUuid = await carol.locator('#app').getAttribute('data-uuid');
  await join(carol, 'carol', dave);
  await join(dave, 'dave', carol);

  proxy.refuse(true);
  proxy.cut();
  await carol.locator('#status[data-state="reconnecting"]', { hasText: 'reconnecting' }).waitFor();
  await logLine(carol, 'system', 'Connection lost. Reconnecting…');
  await screenshot(carol, 'desktop-reconnecting');
  // Said while carol's page is away: it arrives once she is back.
  await say(dave, 'are you there, carol?');
  proxy.refuse(false);
  await carol.locator('#status[data-state="resumed"]', { hasText: 'resumed' }).waitFor();
  await logLine(carol, 'system', 'Back online. Nothing was missed.');
  await logLine(carol, 'said', 'dave are you there, carol?');
  assert.equal(await carol.locator('#app').getAttribute('data-uuid'), carolUuid);
  assert.equal(await carol.locator('#log li[data-kind="said"]', { hasText: 'are you there, carol?' }).count(), 1);

  // Still usable, under the same name: the server kept her session.
  await say(carol, 'back, nothing lost');
  await logLine(dave, 'said', 'carol back, nothing lost');
  assert.equal(await carol.locator('#me').textContent(), 'carol');
  assert.equal(await carol.locator('#log li', { hasText: 'You joined as' }).count(), 1, 'no second join');
  assert.equal(await person(dave, 'carol').count(), 1);
  assert.equal(await person(dave, 'carol (2)').count(), 0);
  await assertPlainWords(carol);
  assert.deepEqual(errors, []);
  await carol.close();
  await dave.close();
});

test('when the server restarts, the page says so in words and joins again under its name, in its rooms', { timeout: 90_000 }, async () => {
  const first = await startDemo(0);
  /** @type {string[]} */
  const errors = [];
  const erin = await openChat(errors, first.http);
  await join(erin, 'erin', erin);
  await erin.fill('#room', 'den');
  await erin.click('#room-form button');
  await erin.locator('#title', { hasText: '# den' }).waitFor();
  await first.stop();
  await erin.locator('#status[data-state="reconnecting"]', { hasText: 'reconnecting' }).waitFor();
  await logLine(erin, 'system', 'Connection lost. Reconnecting…');
  const second = await startDemo(first.port);
  try {
    await erin.locator('#status[data-state="connected"]', { hasText: 'connected' }).waitFor();
    await logLine(erin, 'system', 'The server no longer knew this page’s session: it may have restarted. Reconnecting…');
    await logLine(erin, 'system', 'Connected again, as a new session');
    // The same name and room on the new server: a newcomer finds her in both.
    const finn = await openChat(errors, second.http);
    await join(finn, 'finn', erin);
    await person(finn, 'erin').waitFor();
    await finn.locator('#rooms li[data-room="den"] button').click({ timeout: 15_000 });
    await say(finn, 'anyone in the den?');
    await logLine(erin, 'room', 'finn anyone in the den?');
    assert.equal(await erin.locator('#me').textContent(), 'erin');
    await assertPlainWords(erin);
    // The browser logs each refused attempt to the console; the page itself must raise nothing.
    assert.deepEqual(errors.filter((error) => !error.includes('WebSocket connection to')), []);
  } finally {
    await second.stop();
  }
});

test('served over https, the page connects with wss://', { timeout: 60_000 }, async () => {
  const dir = fileURLToPath(new URL('../target/tls', import.meta.url));
  mkdirSync(dir, { recursive: true });
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`],
  { stdio: 'ignore' });
  const secure = await startDemo(0, ['--tls', `${dir}/cert.pem`, `${dir}/key.pem`]);
  const context = await /** @type {import('playwright-core').Browser} */ (browser).newContext({ ignoreHTTPSErrors: true });
  try {
    /** @type {string[]} */
    const errors = [];
    /** @type {string[]} */
    const sockets = [];
    context.on('page', (page) => page.on('websocket', (socket) => sockets.push(socket.url())));
    const page = await openChat(errors, secure.http, DESKTOP, context);
    await join(page, 'sam', page);
    assert.equal(await page.evaluate(() => location.protocol), 'https:');
    assert.deepEqual(sockets.map((url) => url.replace(/\?.*/, '')), [secure.url]);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await secure.stop();
  }
});

/**
 * Connects a Connector in a new page to `url` and resolves to the params of its first
 * DISCONNECTED. Its handler of `@N` takes 5 ms a message, far slower than they can arrive.
 *
 * @param {string} url @param {import('../src/connector.js').ConnectorOptions} options
 * @returns {Promise<string[][]>}
 */
async function disconnectedInPage(url, options) {
  const page = await /** @type {import('playwright-core').Browser} */ (browser).newPage();
  // A page of the demo's origin without a connection of its own: the client's source.
  await page.goto(`${/** @type {import('./demo-server.js').Demo} */ (demo).http}src/index.js`);
  return page.evaluate(async ({ url, options }) => {
    const client = '/src/index.js'; // as the demo serves it
    const { Connector } = await import(client);
    return new Promise((resolve) => {
      setTimeout(() => resolve([['none', 'no DISCONNECTED within 15 s']]), 15_000);
      void new Connector(url, null, { ...options, reconnect: false })
        .route('@N', () => new Promise((resolve) => setTimeout(resolve, 5)))
        .route('DISCONNECTED', (/** @type {any} */ params) => resolve(params.entries()))
        .connect();
    });
  }, { url, options });
}

test('in a browser, which cannot stop reading, a flood past maxQueuedMessages closes with 1008', { timeout: 60_000 }, async () => {
  const server = await peer();
  const disconnected = disconnectedInPage(server.url, { maxQueuedMessages: 100 });
  const socket = await server.connections.take(15_000);
  for (let n = 0; n < 20_000; n++) socket.send(`@N #n ${n}`);
  const reason = 'over 100 received messages waiting for the handlers';
  assert.deepEqual(await disconnected, [['code', '1008'], ['reason', reason]]);
  // A page may close only with 1000 or 3000-4999: the reason says why.
  assert.deepEqual(await server.closes.take(), { code: 1000, reason });
});

test('in a browser, a message over maxMessageBytes in UTF-8 closes with 1009', { timeout: 60_000 }, async () => {
  const server = await peer();
  const disconnected = disconnectedInPage(server.url, {});
  const socket = await server.connections.take(15_000);
  // 40,008 characters, 80,008 bytes.
  socket.send(`@N #v ${'é'.repeat(40_000)}`);
  assert.deepEqual(await disconnected, [['code', '1009'], ['reason', 'message over maxMessageBytes (65536 bytes)']]);
});

test('the page refreshes its credentials before they expire, and shows nothing of it', { timeout: 60_000 }, async () => {
  const expiring = await startDemo(0, ['--token-ttl', '800ms']);
  try {
    /** @type {string[]} */
    const errors = [];
    const page = await openChat(errors, expiring.http);
    const uuid = await page.locator('#app').getAttribute('data-uuid');
    // 800 ms credentials, refreshed at 640 to 720 ms: at least three refreshes in 2.5 s.
    await page.waitForTimeout(2500);
    const refreshed = expiring.output().split('\n').filter((line) => line.includes('refreshed') && line.includes(uuid ?? '-'));
    assert.ok(refreshed.length >= 3, `refreshes the demo saw: ${refreshed.length}\n${expiring.output()}`);
    assert.equal(await page.locator('#status').getAttribute('data-state'), 'connected');
    assert.equal(await page.locator('#log li[data-kind="error"]').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await expiring.stop();
  }
});
