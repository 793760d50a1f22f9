// Resume (PROTOCOL.md section 11) against the real Java demo (resume on, a 2-minute window),
// through a proxy of the test's own that drops the network: nothing lost, nothing twice, one
// session. The window running out is shown against a scripted peer with a short one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Connector, RequestError, message } from '../src/index.js';
import { ACK_EVERY } from '../src/resume.js';
import { cuttingProxy, stopProxies } from './cutting-proxy.js';
import { startDemo } from './demo-server.js';
import { peer, stopPeers } from './peer-server.js';
import { Recorder, sleep } from './recorder.js';

const COUNT = 2000;
/** A welcome that offers a session, for a scripted peer. */
const SESSION_WELCOME = '@$welcome #uuid 0f8fad5b-d9cb-469f-a165-70867728950e #session kq3Wb2mXn8Zr5Tv1Yh7Lp0Qe';
const DMS = 20;

/** @type {import('./demo-server.js').Demo} */
let demo;
/** @type {Connector<any>[]} */
const created = [];

/**
 * A connector to `url` whose session events (CONNECTED, RESUMED, DISCONNECTED) go to `events`,
 * closed after the suite.
 *
 * @param {string} url
 * @param {Recorder<string>} events
 * @param {import('../src/connector.js').ConnectorOptions} [options]
 */
function connector(url, events, options) {
  const client = new Connector(url, null, options)
    .route('CONNECTED', (params) => events.add(`CONNECTED ${params.get('uuid')}`))
    .route('RESUMED', (params) => events.add(`RESUMED ${params.get('uuid')}`))
    .route('DISCONNECTED', (params) => events.add(`DISCONNECTED ${params.get('code')} ${params.get('reason')}`));
  created.push(client);
  return client;
}

/** A connector to the demo through a proxy of its own, connected, its CONNECTED taken. */
async function connectedThroughProxy() {
  const proxy = await cuttingProxy(demo.port);
  /** @type {Recorder<string>} */
  const events = new Recorder();
  const client = connector(proxy.url, events);
  await client.connect();
  const uuid = client.uuid;
  assert.equal(await events.take(), `CONNECTED ${uuid}`);
  return { proxy, events, client, uuid };
}

/** Waits until `list` holds `size` items, or fails after `timeout` ms. @param {unknown[]} list @param {number} size */
async function awaitSize(list, size, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  while (list.length < size) {
    if (Date.now() > deadline) throw new Error(`${list.length} of ${size} arrived within ${timeout} ms`);
    await sleep(20);
  }
}

/** 0, 1, ... n - 1. @param {number} n */
const upTo = (n) => Array.from({ length: n }, (_, i) => i);

describe('resume against the Java demo, through a proxy that drops the network', { timeout: 90_000 }, () => {
  before(async () => {
    demo = await startDemo();
  });
  after(async () => {
    await Promise.all(created.map((c) => c.close()));
    await stopProxies();
    await stopPeers();
    await demo?.stop();
  });

  test('a cut in the middle of streams both ways: every message handled once, in order, the same uuid, RESUMED', async () => {
    const proxy = await cuttingProxy(demo.port);
    /** @type {Recorder<string>} */
    const events = new Recorder();
    /** @type {number[]} */
    const echoes = [];
    /** @type {number[]} */
    const dms = [];
    /** @type {string[]} */
    const acksSeen = [];
    const alice = connector(proxy.url, events)
      .route('@ECHO', (params) => { echoes.push(Number(params.get('n'))); })
      .route('@DM', (params) => { dms.push(Number(params.get('text'))); })
      .route('UNKNOWN', (params) => acksSeen.push(`UNKNOWN ${params.get('route')}`))
      .interceptIncoming((text) => {
        if (text.startsWith('@$ack')) acksSeen.push(text);
        return text;
      });
    /** @type {string[]} */
    const bobErrors = [];
    const bob = connector(demo.url, new Recorder())
      .route('@ERROR', (params) => { bobErrors.push(params.require('reason')); })
      .route('@LIMITED', (params) => { bobErrors.push(`limited ${params.get('route')}`); });
    await alice.connect();
    await bob.connect();
    const connected = await events.take();
    const uuid = /** @type {string} */ (alice.uuid);
    assert.equal(connected, `CONNECTED ${uuid}`);

    // Alice streams to the demo, which echoes each back; Bob DMs her within the demo's rate limit.
    const streaming = (async () => {
      for (let n = 0; n < COUNT; n++) {
        while (!alice.send(message('@ECHO').param('n', n))) await sleep(2);
        if (n % 10 === 0) await sleep(5);
      }
    })();
    const dming = (async () => {
      for (let n = 0; n < DMS; n++) {
        assert.ok(bob.send(message('@DM').param('to', uuid).param('text', n)));
        await sleep(110);
      }
    })();
    await sleep(400);
    proxy.cut();
    await sleep(700);
    proxy.cut();
    await Promise.all([streaming, dming]);
    await awaitSize(echoes, COUNT);
    await awaitSize(dms, DMS);
    await sleep(300);

    assert.deepEqual(echoes, upTo(COUNT), 'each echo once, in order');
    assert.deepEqual(dms, upTo(DMS), 'each DM once, in order');
    assert.deepEqual(bobErrors, [], 'no DM refused while alice was away');
    assert.deepEqual(acksSeen, [], 'acknowledgements reach neither interceptors nor routes');
    // One session: resumed, never disconnected, the same uuid.
    const resumed = await events.take();
    assert.equal(resumed, `RESUMED ${uuid}`);
    while (true) {
      const more = await events.take(200).catch(() => null);
      if (more === null) break;
      assert.equal(more, `RESUMED ${uuid}`);
    }
    assert.equal(alice.uuid, uuid);
    // The first connection said it can resume; a later one named its session and what it had received.
    assert.match(await proxy.requests.take(), /^GET \/\?wroustr-resume=1 HTTP\/1\.1$/);
    assert.match(await proxy.requests.take(), /^GET \/\?wroustr-resume=1&wroustr-session=[A-Za-z0-9_-]{22,}&wroustr-received=\d+ HTTP\/1\.1$/);
  });

  test('a request whose reply crosses the drop gets the reply after the resume', async () => {
    const { proxy, events, client, uuid } = await connectedThroughProxy();
    // The reply waits in the proxy, and is lost with the connection.
    proxy.hold();
    const reply = client.request(message('@TIME'), { timeout: 10_000 });
    await sleep(300);
    proxy.cut();
    const time = await reply;
    assert.equal(time.route, '@TIME');
    assert.ok(Number(time.params.get('now')) > 0);
    assert.equal(await events.take(), `RESUMED ${uuid}`);
    assert.equal(client.stats.ignoredReplies, 0);
  });

  test('a forged secret gets a fresh session: DISCONNECTED says why, pending requests fail, then CONNECTED', async () => {
    const { proxy, events, client, uuid } = await connectedThroughProxy();
    proxy.rewrite((request) => request.replace(/wroustr-session=[^&\s]+/, 'wroustr-session=AAAAAAAAAAAAAAAAAAAAAAAA'));
    proxy.hold();
    const reply = client.request(message('@TIME'), { timeout: 10_000 });
    await sleep(300);
    proxy.cut();
    await assert.rejects(reply, (e) => e instanceof RequestError && e.kind === 'closed');
    assert.equal(await events.take(), 'DISCONNECTED 1006 not resumed: unknown');
    const fresh = await events.take();
    assert.match(fresh, /^CONNECTED /);
    assert.notEqual(fresh, `CONNECTED ${uuid}`);
    assert.equal(fresh, `CONNECTED ${client.uuid}`);
    // The fresh session works.
    const time = await client.request(message('@TIME'));
    assert.equal(time.route, '@TIME');
    events.assertExhausted();
  });

  test('with resume off, a drop is DISCONNECTED and CONNECTED, and the client never offers to resume', async () => {
    const proxy = await cuttingProxy(demo.port);
    /** @type {Recorder<string>} */
    const events = new Recorder();
    const client = connector(proxy.url, events, { resume: false });
    await client.connect();
    const first = await events.take();
    proxy.cut();
    assert.equal(await events.take(), 'DISCONNECTED 1006 ');
    const second = await events.take();
    assert.match(second, /^CONNECTED /);
    assert.notEqual(second, first);
    assert.equal(await proxy.requests.take(), 'GET / HTTP/1.1');
    assert.equal(await proxy.requests.take(), 'GET / HTTP/1.1');
  });

  test('the window running out before a connection: DISCONNECTED not resumed: expired, and the next connection is new', async () => {
    const server = await peer({ welcome: `${SESSION_WELCOME} #window 300` });
    const proxy = await cuttingProxy(server.port);
    /** @type {Recorder<string>} */
    const events = new Recorder();
    const client = connector(proxy.url, events, { reconnect: { min: 50, max: 100 } })
      .route('CONNECT-FAILED', () => {});
    await client.connect();
    assert.equal(await events.take(), 'CONNECTED 0f8fad5b-d9cb-469f-a165-70867728950e');
    proxy.refuse(true);
    proxy.cut();
    assert.equal(await events.take(), 'DISCONNECTED 1006 not resumed: expired');
    assert.equal(client.uuid, null);
    // Attempts begun before the window ran out are refused, not taken for the next connection.
    await sleep(300);
    proxy.refuse(false);
    assert.equal(await events.take(), 'CONNECTED 0f8fad5b-d9cb-469f-a165-70867728950e');
    assert.equal(await proxy.requests.take(), 'GET /?wroustr-resume=1 HTTP/1.1');
    assert.equal(await proxy.requests.take(), 'GET /?wroustr-resume=1 HTTP/1.1', 'a new session, not the one that expired');
  });

  test('a resume that arrives after the client ended its session is closed, and the next connection is new', async () => {
    // The server resumes the session on the second connection: too late, the client gave it up.
    const server = await peer({ welcome: (n) => `${SESSION_WELCOME} #window 300${n === 1 ? ' #resumed true #received 0' : ''}` });
    const proxy = await cuttingProxy(server.port);
    /** @type {Recorder<string>} */
    const events = new Recorder();
    /** @type {Recorder<string>} */
    const failed = new Recorder();
    const client = connector(proxy.url, events, { reconnect: { min: 50, max: 100 } })
      .route('CONNECT-FAILED', (params) => { if (params.require('error').includes('closed with')) failed.add(params.require('error')); });
    await client.connect();
    assert.match(await events.take(), /^CONNECTED /);
    proxy.refuse(true);
    proxy.cut();
    assert.equal(await events.take(), 'DISCONNECTED 1006 not resumed: expired');
    proxy.refuse(false);
    assert.match(await events.take(), /^CONNECTED /);
    const reason = 'resumed a session this client ended: its window ran out';
    assert.match(await failed.take(), new RegExp(`closed with 1000 ${reason}`));
    await server.closes.take(); // the first connection, cut
    assert.deepEqual(await server.closes.take(), { code: 1000, reason });
    events.assertExhausted();
  });

  test('the client acknowledges in batches, keeps what it sent until the server acknowledges it, and past its bound send() returns false', async () => {
    const server = await peer({ welcome: `${SESSION_WELCOME} #window 60000` });
    const client = connector(server.url, new Recorder(), { maxQueuedMessages: 5 }).route('@N', () => {});
    await client.connect();
    const socket = await server.connections.take();
    for (let n = 1; n <= ACK_EVERY + 1; n++) socket.send(`@N #n ${n}`);
    // One at the 64th message, the next for the one after it, half a second later: never one each.
    assert.equal(await server.texts.take(), `@$ack #received ${ACK_EVERY}`);
    assert.equal(await server.texts.take(), `@$ack #received ${ACK_EVERY + 1}`);

    for (let n = 1; n <= 5; n++) assert.equal(client.send(`@M #n ${n}`), true);
    assert.equal(client.send('@M #n 6'), false, 'past maxQueuedMessages unacknowledged');
    assert.equal(client.stats.unacknowledged, 5);
    socket.send('@$ack #received 3');
    while (client.stats.unacknowledged > 2) await sleep(10);
    assert.equal(client.send('@M #n 6'), true);
    for (let n = 1; n <= 6; n++) assert.equal(await server.texts.take(), `@M #n ${n}`);
  });

  test('close() while a session is away: DISCONNECTED 1000, and no more attempts', async () => {
    const server = await peer({ welcome: `${SESSION_WELCOME} #window 60000` });
    const proxy = await cuttingProxy(server.port);
    /** @type {Recorder<string>} */
    const events = new Recorder();
    const client = connector(proxy.url, events, { reconnect: { min: 50, max: 100 } }).route('CONNECT-FAILED', () => {});
    await client.connect();
    assert.match(await events.take(), /^CONNECTED /);
    proxy.refuse(true);
    proxy.cut();
    await sleep(200);
    events.assertExhausted();
    await client.close();
    assert.equal(await events.take(), 'DISCONNECTED 1000 ');
    assert.equal(client.send('@M'), false);
  });

  test("a handler's reply to the server's request, made while the session is away, goes out after the resume", async () => {
    const server = await peer({
      welcome: (n) => `${SESSION_WELCOME}${n} #window 60000${n === 0 ? '' : ' #resumed true #received 0'}`,
    });
    const proxy = await cuttingProxy(server.port);
    /** @type {Recorder<string>} */
    const events = new Recorder();
    /** @type {Recorder<boolean>} */
    const replied = new Recorder();
    /** @type {() => void} */
    let release = () => {};
    const gate = new Promise((resolve) => { release = () => resolve(undefined); });
    const client = connector(proxy.url, events, { reconnect: { min: 50, max: 100 } })
      .route('CONNECT-FAILED', () => {})
      .route('@ASK', async (params, dispatcher) => {
        events.add('ASKED');
        await gate;
        replied.add(dispatcher.reply(message('@ANSWER').param('ok', true)));
      });
    await client.connect();
    assert.match(await events.take(), /^CONNECTED /);
    (await server.connections.take()).send('@ASK #$id 5');
    assert.equal(await events.take(), 'ASKED');
    proxy.refuse(true);
    proxy.cut();
    await sleep(100);
    release();
    assert.equal(await replied.take(), true, 'kept for the resume');
    assert.equal(client.stats.queuedMessages, 1);
    proxy.refuse(false);
    assert.match(await events.take(), /^RESUMED /);
    let text;
    while ((text = await server.texts.take()).startsWith('@$ack')) { /* the client's acknowledgement of @ASK */ }
    assert.equal(text, '@ANSWER #$re 5 #ok true');
    await proxy.requests.take();
    assert.match(await proxy.requests.take(), /wroustr-session=kq3Wb2mXn8Zr5Tv1Yh7Lp0Qe0&wroustr-received=1 /);
  });
});
