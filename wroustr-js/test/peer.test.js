// The Connector against a scripted peer (a `ws` server in this process), for what the demo
// never does: requests to the client, stray replies, a server without the subprotocol,
// binary frames, handler order and the console warnings.
import assert from 'node:assert/strict';
import { afterEach, describe, mock, test } from 'node:test';
import { Connector, Layer, message } from '../src/index.js';
import { closedPort, peer, stopPeers } from './peer-server.js';
import { Recorder, sleep } from './recorder.js';

/** @type {Connector<any>[]} */
const clients = [];

/** @param {string} url @param {import('../src/connector.js').ConnectorOptions} [options] */
function connector(url, options) {
  const client = new Connector(url, null, options);
  clients.push(client);
  return client;
}

describe('Connector against a scripted peer', { timeout: 30_000 }, () => {
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await stopPeers();
    mock.restoreAll();
  });

  test('the peer requests the client: reply goes out with $re first, only once', async () => {
    const server = await peer();
    const client = connector(server.url).route('@ASK', (params, dispatcher) => {
      assert.equal(params.has('$id'), false);
      assert.equal(dispatcher.reply(message('@ANSWER').param('q', params.get('q')).param('a', 42)), true);
      assert.equal(dispatcher.reply('@ANSWER #again yes'), false);
    });
    await client.connect();
    server.send('@ASK #$id 5 #q life');
    assert.equal(await server.texts.take(), '@ANSWER #$re 5 #q life #a 42');
    // Not a request: reply() is a plain send.
    server.send('@ASK #q plain');
    assert.equal(await server.texts.take(), '@ANSWER #q plain #a 42');
  });

  test('a request not handled gets its error reply: handler-failed, cancelled, unknown-route', async () => {
    const server = await peer();
    const errors = new Recorder();
    const client = connector(server.url)
      .layer(Layer.named('GATE').allow('@GATED'), () => Layer.cancel())
      .route('@FAIL', () => {
        throw new Error('secret detail');
      })
      .route('@ASYNC-FAIL', async () => {
        await sleep(10);
        throw new Error('later');
      })
      .route('@GATED', () => assert.fail('cancelled by its layer'))
      .route('ERROR', (params) => errors.add(params.get('error')));
    await client.connect();
    server.send('@FAIL #$id 1');
    assert.equal(await server.texts.take(), '@$error #$re 1 #error handler-failed');
    assert.equal(await errors.take(), 'secret detail');
    server.send('@ASYNC-FAIL #$id 2');
    assert.equal(await server.texts.take(), '@$error #$re 2 #error handler-failed');
    assert.equal(await errors.take(), 'later');
    server.send('@GATED #$id 3');
    assert.equal(await server.texts.take(), '@$error #$re 3 #error cancelled');
    server.send('@NOWHERE #$id 123456789012345678');
    assert.equal(await server.texts.take(), '@$error #$re 123456789012345678 #error unknown-route');
  });

  test('replies that no request waits for are dropped and counted', async () => {
    const server = await peer();
    const unknown = new Recorder();
    const client = connector(server.url).route('UNKNOWN', (params) => unknown.add(params.get('route')));
    await client.connect();
    server.send('@TIME #$re 999 #now 1');
    server.send('@$error #$re 998 #error handler-failed');
    server.send('@PROBE');
    assert.equal(await unknown.take(), '@PROBE');
    assert.equal(client.stats.ignoredReplies, 2);
  });

  test('a request sent as raw text goes out with $id first and resolves to its reply; an error reply fails it with its kind', async () => {
    const server = await peer();
    const client = connector(server.url);
    await client.connect();
    const answer = client.request('@SUM #a 1 #b 2', { timeout: 5000 });
    const sent = await server.texts.take();
    const id = /^@SUM #\$id (\d+) #a 1 #b 2$/.exec(sent)?.[1];
    assert.ok(id, sent);
    server.send(`@SUM #$re ${id} #total 3`);
    const reply = await answer;
    assert.deepEqual([reply.route, reply.params.entries()], ['@SUM', [['total', '3']]]);

    const limited = client.request(message('@SUM'));
    const next = /#\$id (\d+)/.exec(await server.texts.take())?.[1];
    assert.notEqual(next, id);
    server.send(`@$error #$re ${next} #error limited`);
    await assert.rejects(limited, { name: 'RequestError', kind: 'limited', route: '@SUM' });
  });

  test('a server that does not select wroustr.v1 gets CONNECTED at open, without uuid', async () => {
    const server = await peer({ subprotocol: false });
    const connected = new Recorder();
    const client = connector(server.url).route('CONNECTED', (params) => connected.add(params.entries()));
    await client.connect();
    assert.deepEqual(await connected.take(), []);
    assert.equal(client.uuid, null);
  });

  test('a server that selects wroustr.v1 but sends no welcome first: its first message is routed', async () => {
    const server = await peer({ welcome: '@HELLO #k v' });
    const events = new Recorder();
    const client = connector(server.url)
      .route('CONNECTED', (params) => events.add(`CONNECTED ${params.size}`))
      .route('@HELLO', (params) => events.add(`HELLO ${params.get('k')}`));
    await client.connect();
    assert.deepEqual([await events.take(), await events.take()], ['CONNECTED 0', 'HELLO v']);
  });

  test('the welcome is awaited: CONNECTED waits for it, and a later @$welcome reaches no route', async () => {
    const server = await peer();
    const events = new Recorder();
    const client = connector(server.url)
      .route('CONNECTED', (params) => events.add(`CONNECTED ${params.get('uuid')}`))
      .route('UNKNOWN', (params) => events.add(`UNKNOWN ${params.get('route')}`));
    await client.connect();
    assert.equal(await events.take(), 'CONNECTED 0f8fad5b-d9cb-469f-a165-70867728950e');
    server.send('@$welcome #uuid other');
    server.send('@AFTER');
    assert.equal(await events.take(), 'UNKNOWN @AFTER');
    assert.equal(client.uuid, '0f8fad5b-d9cb-469f-a165-70867728950e');
  });

  test('a server that selects wroustr.v1 and never welcomes fails the attempt after connectTimeout', async () => {
    const server = await peer({ welcome: null });
    const client = connector(server.url, { connectTimeout: 300, reconnect: false });
    await assert.rejects(client.connect(), /could not connect to .*: no welcome from the server within 300 ms/);
  });

  test('handlers run one at a time in arrival order, async ones awaited', async () => {
    const server = await peer();
    const order = new Recorder();
    let running = 0;
    const client = connector(server.url).route('@N', async (params) => {
      running++;
      assert.equal(running, 1, 'two handlers at once');
      const n = Number(params.get('n'));
      await sleep(n % 2 === 0 ? 20 : 1);
      order.add(n);
      running--;
    });
    await client.connect();
    for (let n = 1; n <= 6; n++) server.send(`@N #n ${n}`);
    const seen = [];
    for (let n = 1; n <= 6; n++) seen.push(await order.take());
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6]);
  });

  test('a handler may await its own request: the reply does not wait behind it', async () => {
    const server = await peer();
    const done = new Recorder();
    const client = connector(server.url).route('@START', async (params, dispatcher) => {
      const reply = await dispatcher.request(message('@CONFIRM?'), { timeout: 5000 });
      done.add(reply.params.get('ok'));
    });
    await client.connect();
    server.send('@START');
    const id = /^@CONFIRM\? #\$id (\d+)$/.exec(await server.texts.take())?.[1];
    server.send(`@CONFIRM #$re ${id} #ok yes`);
    assert.equal(await done.take(), 'yes');
  });

  test('with no UNKNOWN, INVALID or ERROR route, the console gets one warning a minute per route', async () => {
    const warn = mock.method(console, 'warn', () => {});
    const server = await peer();
    const pinged = new Recorder();
    const client = connector(server.url)
      .route('@FAIL', () => {
        throw new Error('boom');
      })
      .route('@PING', () => pinged.add('PING'));
    await client.connect();
    for (let i = 0; i < 3; i++) server.send('@Q');
    server.send('@R');
    server.send('@Q #k');
    server.send('@Q #k');
    server.send('@FAIL');
    server.send('@PING');
    await pinged.take();
    const lines = warn.mock.calls.map((call) => String(call.arguments[0]));
    assert.deepEqual(lines.map((line) => line.replace(/ \(and \d+ more.*$/, '')), [
      'wroustr: no route @Q and no UNKNOWN route: dropped a message from the server',
      'wroustr: no route @R and no UNKNOWN route: dropped a message from the server',
      'wroustr: an invalid message (missing-value at 5) and no INVALID route: dropped it',
      'wroustr: route @FAIL failed',
    ]);
    assert.equal(client.stats.droppedInvalid, 2);
  });

  test('a binary message closes the connection with 1003', async () => {
    const server = await peer();
    const disconnected = new Recorder();
    const client = connector(server.url, { reconnect: false }).route('DISCONNECTED', (params) => disconnected.add(params.get('code')));
    await client.connect();
    server.send(Buffer.from([1, 2, 3]));
    assert.equal((await server.closes.take()).code, 1003);
    assert.equal(await disconnected.take(), '1003');
  });

  test('by default connect() rejects at the first failed attempt, saying why, raises CONNECT-FAILED and closes the connector', async () => {
    const server = await peer({ refuse: 404 });
    const failed = new Recorder();
    const client = connector(server.url).route('CONNECT-FAILED', (params) => failed.add(params.entries()));
    const error = `could not connect to ${server.url}: Unexpected server response: 404`;
    await assert.rejects(client.connect(), { message: error });
    assert.deepEqual(await failed.take(), [['error', error], ['attempt', '1']]);
    assert.equal(client.send('@PING'), false);
    await sleep(300); // no second attempt
    failed.assertExhausted();

    const down = `ws://127.0.0.1:${await closedPort()}/`;
    await assert.rejects(connector(down).connect(), { message: `could not connect to ${down}: connect ECONNREFUSED ${down.slice(5, -1)}` });
  });

  test('connect({ retry: true }) keeps trying, raising CONNECT-FAILED for each failure, and resolves once the server is up', async () => {
    const port = await closedPort();
    const url = `ws://127.0.0.1:${port}/`;
    const failed = new Recorder();
    const connected = new Recorder();
    const client = connector(url, { reconnect: { min: 50, max: 100 } })
      .route('CONNECT-FAILED', (params) => failed.add(params))
      .route('CONNECTED', () => connected.add('CONNECTED'));
    const connecting = client.connect({ retry: true });
    for (const attempt of ['1', '2']) {
      const params = await failed.take();
      assert.equal(params.get('error'), `could not connect to ${url}: connect ECONNREFUSED 127.0.0.1:${port}`);
      assert.equal(params.get('attempt'), attempt);
      assert.ok(Number(params.get('retryIn')) >= 50, params.get('retryIn'));
    }
    await peer({ port });
    await connecting;
    assert.equal(await connected.take(), 'CONNECTED');
    assert.throws(() => connector(url, { reconnect: false }).connect({ retry: true }), /reconnect is false/);
  });

  test('with no CONNECT-FAILED route, a failure that another attempt follows is a console warning, once a minute', async () => {
    const warn = mock.method(console, 'warn', () => {});
    const url = `ws://127.0.0.1:${await closedPort()}/`;
    const client = connector(url, { reconnect: { min: 20, max: 40 } });
    void client.connect({ retry: true });
    await sleep(400);
    assert.equal(warn.mock.callCount(), 1);
    assert.match(String(warn.mock.calls[0].arguments[0]), /^wroustr: could not connect to .*: connect ECONNREFUSED .* \(attempt 1, the next in \d+ ms\)$/);
  });

  test('routes are registered once, with a name that is a route, never @$', () => {
    const client = new Connector('ws://127.0.0.1:1/', null).route('@A', () => {});
    assert.throws(() => client.route('@A', () => {}), /route @A is registered already/);
    assert.throws(() => client.route('A', () => {}), /not a route: "A"/);
    assert.throws(() => client.route('@A B', () => {}), /not a route/);
    assert.throws(() => client.route('@$error', () => {}), /reserved for the protocol/);
    assert.throws(() => client.route('@B', /** @type {any} */ ('nope')), /not a function/);
    assert.throws(() => new Connector('http://x/', null), /ws:\/\/ or wss:\/\//);
    assert.throws(() => new Connector('ws://x/', null, { maxQueuedMessages: 0 }), /maxQueuedMessages/);
  });
});
