// The demo's chat page in a real browser (Debian's chromium, driven by playwright-core), served
// by the Java demo: two pages join, talk, DM and use a room. And the client's bounds where a
// socket cannot pause, against a hostile server of the test's own.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { cuttingProxy, stopProxies } from './cutting-proxy.js';
import { startDemo } from './demo-server.js';
import { peer, stopPeers } from './peer-server.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../target/chat.png', import.meta.url));
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
 */
async function openChat(errors, url = /** @type {import('./demo-server.js').Demo} */ (demo).http) {
  const page = await /** @type {import('playwright-core').Browser} */ (browser).newPage();
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') errors.push(`console ${msg.type()}: ${msg.text()}`);
  });
  await page.goto(url);
  await page.locator('#status[data-state="connected"]').waitFor();
  return page;
}

/**
 * Waits until `page`'s log has a line of `kind` holding `text`.
 *
 * @param {import('playwright-core').Page} page @param {string} kind @param {string} text
 */
const logLine = (page, kind, text) => page.locator(`#log li[data-kind="${kind}"]`, { hasText: text }).waitFor();

/**
 * Joins the chat as `name` on `page`, and waits until `other` sees it.
 *
 * @param {import('playwright-core').Page} page @param {string} name @param {import('playwright-core').Page} other
 */
async function join(page, name, other) {
  await page.fill('#name', name);
  await page.click('#join-form button');
  await logLine(other, 'joined', `${name} joined`);
}

test('two pages chat through the demo: join, say, DM, rooms, who', { timeout: 60_000 }, async () => {
  /** @type {string[]} */
  const errors = [];
  const alice = await openChat(errors);
  const bob = await openChat(errors);
  const aliceUuid = await alice.locator('#my-uuid').textContent();
  assert.match(aliceUuid ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

  await join(alice, 'alice', bob);
  await join(bob, 'bob', alice);

  await alice.fill('#text', "hello from alice, it's me");
  await alice.click('#say-form button');
  await logLine(bob, 'said', "alice: hello from alice, it's me");
  await logLine(alice, 'said', "alice: hello from alice, it's me");

  await bob.fill('#dm-to', /** @type {string} */ (aliceUuid));
  await bob.fill('#dm-text', 'psst, alice');
  await bob.click('#dm-form button');
  await logLine(alice, 'dm', 'DM from bob: psst, alice');

  for (const page of [alice, bob]) {
    await page.fill('#room', 'lobby');
    await page.click('#room-form button');
    await page.locator('#rooms li[data-room="lobby"]').waitFor();
  }
  await alice.fill('#room-text', 'hi lobby');
  await alice.click('#room-say-form button');
  await logLine(bob, 'room', '[lobby] alice: hi lobby');
  await logLine(alice, 'room', '[lobby] you: hi lobby (to 1)');

  await bob.click('#who');
  await bob.locator('#users', { hasText: '2 joined: alice, bob' }).waitFor();

  mkdirSync(fileURLToPath(new URL('../target', import.meta.url)), { recursive: true });
  await bob.screenshot({ path: SCREENSHOT, fullPage: true });
  assert.deepEqual(errors, []);
});

test('a page whose network drops resumes: same uuid, same name, nothing lost, and it says so', { timeout: 60_000 }, async () => {
  /** @type {string[]} */
  const errors = [];
  const proxy = await cuttingProxy(/** @type {import('./demo-server.js').Demo} */ (demo).port);
  // Carol's page and its connection come through the proxy, which drops them.
  const carol = await openChat(errors, proxy.http);
  const dave = await openChat(errors);
  const carolUuid = await carol.locator('#my-uuid').textContent();
  await join(carol, 'carol', dave);
  await join(dave, 'dave', carol);

  proxy.cut();
  // Said while carol's page is away: it arrives once she is back.
  await dave.fill('#text', 'are you there, carol?');
  await dave.click('#say-form button');
  await carol.locator('#status[data-state="resumed"]', { hasText: 'resumed' }).waitFor();
  await logLine(carol, 'system', 'resumed');
  await logLine(carol, 'said', 'dave: are you there, carol?');
  assert.equal(await carol.locator('#my-uuid').textContent(), carolUuid);
  assert.equal(await carol.locator('#log li[data-kind="said"]', { hasText: 'are you there, carol?' }).count(), 1);

  // Still usable, under the same name: the server kept her session.
  await carol.fill('#text', 'back, nothing lost');
  await carol.click('#say-form button');
  await logLine(dave, 'said', 'carol: back, nothing lost');
  assert.equal(await carol.locator('#log li[data-kind="joined"]', { hasText: 'carol joined' }).count(), 1, 'no second join');
  assert.deepEqual(errors, []);
  await carol.close();
  await dave.close();
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
    const uuid = await page.locator('#my-uuid').textContent();
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
