// The Connector's bounds against hostile servers of the test's own (a `ws` server in this
// process): a flood of messages, a message too big, a server that reads nothing, one that
// never answers a close, and ever new unknown routes. What it holds stays bounded.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { Connector } from '../src/index.js';
import { peer, stopPeers, stopReading } from './peer-server.js';
import { Recorder, sleep } from './recorder.js';

/** @type {Connector<any>[]} */
const clients = [];

/** @param {string} url @param {import('../src/connector.js').ConnectorOptions} [options] */
function connector(url, options) {
  const client = new Connector(url, null, { reconnect: false, ...options });
  clients.push(client);
  return client;
}

/**
 * Resolves once `read()` has not changed for `quietMs`, or throws once `done()` holds.
 *
 * @param {() => number} read @param {number} quietMs @param {() => boolean} done
 */
async function settled(read, quietMs, done) {
  let last = read();
  let since = Date.now();
  for (;;) {
    await sleep(20);
    if (done()) throw new Error(`never settled: ${read()}`);
    const now = read();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return now;
    }
  }
}

/**
 * A client, with a `closeTimeout` of 300 ms, connected to a server that then reads nothing.
 *
 * @returns {Promise<{client: Connector<any>, disconnected: Recorder<string[][]>}>}
 */
async function connectedToStalledServer() {
  const server = await peer();
  /** @type {Recorder<string[][]>} */
  const disconnected = new Recorder();
  const client = connector(server.url, { closeTimeout: 300 })
    .route('DISCONNECTED', (params) => disconnected.add(params.entries()));
  await client.connect();
  stopReading(await server.connections.take());
  return { client, disconnected };
}

describe('Connector bounds against a hostile server', { timeout: 60_000 }, () => {
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await stopPeers();
  });

  test('a flood waits in the socket, not the heap: past maxQueuedMessages the ws socket stops reading, and every message is handled once the handlers catch up', async () => {
    const server = await peer();
    const total = 100_000;
    /** @type {() => void} */
    let release = () => {};
    const released = new Promise((resolve) => { release = () => resolve(undefined); });
    let read = 0;
    let handled = 0;
    const done = new Recorder();
    const disconnected = new Recorder();
    const client = connector(server.url, { maxQueuedMessages: 100 })
      .interceptIncoming((text) => {
        read++;
        return text;
      })
      .route('@N', async (params) => {
        await released;
        assert.equal(Number(params.get('n')), handled, 'out of order');
        if (++handled === total) done.add(handled);
      })
      .route('DISCONNECTED', (params) => disconnected.add(params.entries()));
    await client.connect();
    const socket = await server.connections.take();
    const filler = 'x'.repeat(80);
    for (let n = 0; n < total; n++) socket.send(`@N #n ${n} #f ${filler}`);

    // The client stops reading: what it has read stays put, and the rest waits in the server.
    const stopped = await settled(() => read, 500, () => read >= total);
    // Past the bound by at most what the socket had read already (a read of 64 KiB: ~650 here).
    assert.ok(stopped < 2000, `read ${stopped} of ${total} while the handlers were stuck`);
    assert.ok(client.stats.receivedWaiting <= stopped, `${client.stats.receivedWaiting} waiting`);
    assert.ok(socket.bufferedAmount > 0, 'the server has nothing left to send');

    release();
    assert.equal(await done.take(30_000), total);
    await new Promise(setImmediate); // the last handler's end is counted once its promise settles
    assert.equal(client.stats.receivedWaiting, 0);
    assert.ok(client.isConnected());
    disconnected.assertExhausted();
  });

  test('a message over maxMessageBytes (64 KiB by default) closes with 1009 and says so; one at the bound arrives', async () => {
    const server = await peer();
    const big = new Recorder();
    const disconnected = new Recorder();
    const client = connector(server.url)
      .route('@BIG', (params) => big.add(params.get('v')?.length))
      .route('DISCONNECTED', (params) => disconnected.add(params.entries()));
    await client.connect();
    const head = '@BIG #v ';
    server.send(head + 'x'.repeat(64 * 1024 - head.length));
    assert.equal(await big.take(), 64 * 1024 - head.length);
    server.send(head + 'x'.repeat(64 * 1024 - head.length + 1));
    assert.deepEqual(await disconnected.take(), [['code', '1009'], ['reason', 'message over maxMessageBytes (65536 bytes)']]);
    assert.equal((await server.closes.take()).code, 1009);
    big.assertExhausted();
  });

  test('maxMessageBytes counts UTF-8 bytes', async () => {
    const server = await peer();
    const disconnected = new Recorder();
    const client = connector(server.url, { maxMessageBytes: 1000 })
      .route('DISCONNECTED', (params) => disconnected.add(params.get('code')));
    await client.connect();
    // 508 characters, 1,008 bytes.
    server.send(`@BIG #v ${'é'.repeat(500)}`);
    assert.equal(await disconnected.take(), '1009');
  });

  test('a server that reads nothing: past maxOutboundBytes send() returns false, and the connection closes with 1008 after closeTimeout', async () => {
    const { client, disconnected } = await connectedToStalledServer();
    const text = `@DATA #v ${'x'.repeat(1024)}`;
    let sent = 0;
    while (sent < 50_000 && client.send(text)) sent++;
    // 1 MiB waits in the client; the kernel's buffers on both ends hold some more.
    assert.ok(sent < 50_000, 'every send said true');
    assert.equal(client.send(text), false);
    assert.deepEqual(await disconnected.take(), [['code', '1008'], ['reason', 'over 1048576 bytes waiting to be sent: the server reads too slowly']]);
    assert.equal(client.isConnected(), false);
  });

  test('close() to a server that never answers: DISCONNECTED runs and close() resolves after closeTimeout', async () => {
    // The server never sees the close frame.
    const { client, disconnected } = await connectedToStalledServer();
    const closed = new Recorder();
    void client.close().then(() => closed.add('closed'));
    // Not ws's own 30 s.
    assert.deepEqual(await disconnected.take(), [['code', '1000'], ['reason', '']]);
    assert.equal(await closed.take(), 'closed');
  });

  test('200,000 unknown routes, all different: at most 1,001 warnings, the rest counted', async () => {
    /** @type {string[]} */
    const lines = [];
    // Not mock.method, which keeps a stack trace of every call.
    const warn = console.warn;
    console.warn = (/** @type {unknown} */ line) => void lines.push(String(line));
    try {
      const server = await peer();
      const pinged = new Recorder();
      const client = connector(server.url).route('@PING', () => pinged.add('PING'));
      await client.connect();
      const socket = await server.connections.take();
      const total = 200_000;
      for (let n = 0; n < total; n++) socket.send(`@R${n}`);
      socket.send('@PING');
      await pinged.take(30_000);
      assert.ok(lines.length <= 1001, `${lines.length} warnings`);
      assert.equal(lines.length + client.stats.suppressedWarnings, total);
      assert.match(lines[lines.length - 1], /no route @R1000 .*past 1000 kinds of warning/);
    } finally {
      console.warn = warn;
    }
  });
});
