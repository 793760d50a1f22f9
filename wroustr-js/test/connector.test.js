// The Connector against the real Java demo server (`wroustr demo`): routes, layers,
// interceptors, requests, the welcome, reconnection and sends queued while offline.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Connector, Interceptor, Layer, RequestError, message } from '../src/index.js';
import { startDemo } from './demo-server.js';
import { Recorder, sleep } from './recorder.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** @type {import('./demo-server.js').Demo} */
let demo;
/** @type {Connector<any>[]} */
const created = [];

/**
 * A connector to the demo, closed after the suite.
 *
 * @param {import('../src/connector.js').ConnectorOptions} [options]
 * @returns {Connector<any>}
 */
function connector(options) {
  const client = new Connector(demo.url, { name: 'test' }, options);
  created.push(client);
  return client;
}

/** @param {import('../src/params.js').Params} params */
const pairs = (params) => params.entries();

/**
 * Waits for `promise` to reject, and returns what it rejected with.
 *
 * @param {Promise<unknown>} promise
 * @returns {Promise<RequestError>}
 */
async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof RequestError, `not a RequestError: ${e}`);
    return e;
  }
  throw new Error('resolved, expected a rejection');
}

describe('Connector against the Java demo', { timeout: 60_000 }, () => {
  before(async () => {
    demo = await startDemo();
  });
  after(async () => {
    await Promise.all(created.map((c) => c.close()));
    await demo?.stop();
  });

  test('CONNECTED carries the uuid of the server welcome, and custom routes get their messages', async () => {
    const connected = new Recorder();
    const pongs = new Recorder();
    const echoes = new Recorder();
    const client = connector()
      .route('CONNECTED', (params, dispatcher) => connected.add({ uuid: params.get('uuid'), dispatcherUuid: dispatcher.uuid }))
      .route('@PONG', (params) => pongs.add(pairs(params)))
      .route('@ECHO', (params) => echoes.add(pairs(params)));
    await client.connect();
    const { uuid, dispatcherUuid } = await connected.take();
    assert.match(uuid, UUID);
    assert.equal(dispatcherUuid, uuid);
    assert.equal(client.uuid, uuid);
    assert.equal(client.dispatcher.uuid, uuid);
    assert.ok(client.isConnected());

    assert.equal(client.send('@PING'), true);
    assert.deepEqual(await pongs.take(), []);
    client.send(message('@ECHO').param('note', "it's a \"test\"\n").param('empty', '').param('city', '東京'));
    assert.deepEqual(await echoes.take(), [['note', "it's a \"test\"\n"], ['empty', ''], ['city', '東京']]);
  });

  test('a handler that throws raises ERROR; a route nobody registered raises UNKNOWN', async () => {
    const unknown = new Recorder();
    const errors = new Recorder();
    const client = connector()
      .route('@ECHO', (params) => {
        throw new Error(`no thanks: ${params.get('k')}`);
      })
      .route('UNKNOWN', (params) => unknown.add(pairs(params)))
      .route('ERROR', (params) => errors.add(pairs(params)));
    await client.connect();
    client.send('@ECHO #k v');
    assert.deepEqual(await errors.take(), [['route', '@ECHO'], ['error', 'no thanks: v']]);
    client.send('@PING');
    assert.deepEqual(await unknown.take(), [['route', '@PONG']]);
    // The demo answers @NOPE with "@UNKNOWN #route @NOPE"; the route the library sets wins.
    client.send('@NOPE #x 1');
    assert.deepEqual(await unknown.take(), [['route', '@UNKNOWN']]);
  });

  test('layers run on the routes they apply to, in order, and may change the params or cancel', async () => {
    const ran = new Recorder();
    const echoes = new Recorder();
    const connected = new Recorder();
    const client = connector()
      .layer(Layer.named('STAMP').allow('@ECHO'), (params) => {
        ran.add(`STAMP ${params.get('k')}`);
        return Layer.pass(params.with('stamped', 'yes'));
      })
      .layer(Layer.named('AUTH').block('CONNECTED', 'DISCONNECTED'), (params) => {
        ran.add(`AUTH ${params.get('k')}`);
        return params.get('k') === 'secret' ? Layer.cancel() : Layer.pass(params);
      })
      .layer(Layer.named('OPEN'), Layer.check((params) => params.get('k') !== 'closed'))
      .route('CONNECTED', () => connected.add('CONNECTED'))
      .route('@ECHO', (params) => echoes.add(pairs(params)))
      .route('@PONG', () => echoes.add('PONG'));
    await client.connect();
    assert.equal(await connected.take(), 'CONNECTED'); // only OPEN applied, and passed
    client.send('@ECHO #k a');
    assert.deepEqual(await echoes.take(), [['k', 'a'], ['stamped', 'yes']]);
    assert.equal(await ran.take(), 'STAMP a');
    assert.equal(await ran.take(), 'AUTH a');
    client.send('@ECHO #k secret');
    client.send('@ECHO #k closed');
    client.send('@PING');
    // Both cancelled: the next thing a handler sees is the @PONG sent after them.
    assert.equal(await echoes.take(), 'PONG');
    assert.deepEqual([await ran.take(), await ran.take(), await ran.take(), await ran.take(), await ran.take()],
      ['STAMP secret', 'AUTH secret', 'STAMP closed', 'AUTH closed', 'AUTH undefined']);
    ran.assertExhausted();
  });

  test('interceptors change or drop text in both directions', async () => {
    const echoes = new Recorder();
    const client = connector()
      .interceptOutgoing((text) => (text.includes('#drop') ? Interceptor.cancel() : `${text} #out 1`))
      .interceptOutgoing((text) => text.replace('#out 1', '#out 2'))
      .interceptIncoming((text) => (text.includes('#hide') ? null : `${text} #in yes`))
      .route('@ECHO', (params) => echoes.add(pairs(params)));
    await client.connect();
    assert.equal(client.send('@ECHO #k drop #drop 1'), false);
    client.send('@ECHO #k hide #hide 1');
    client.send(message('@ECHO').param('k', 'v'));
    assert.deepEqual(await echoes.take(), [['k', 'v'], ['out', '2'], ['in', 'yes']]);
    echoes.assertExhausted();
  });

  test('an invalid text raises INVALID with its error kind, offset and raw text', async () => {
    const invalid = new Recorder();
    const client = connector()
      // The demo writes only valid text: an interceptor breaks its @PONG.
      .interceptIncoming((text) => (text === '@PONG' ? "@PONG #k 'open" : text))
      .route('INVALID', (params) => invalid.add(pairs(params)));
    await client.connect();
    client.send('@PING');
    assert.deepEqual(await invalid.take(), [['error', 'unterminated-quote'], ['offset', '14'], ['raw', "@PONG #k 'open"]]);
  });

  test('a request resolves to the reply, without its $re', async () => {
    const client = connector();
    await client.connect();
    const before = Date.now();
    const time = await client.request(message('@TIME'));
    assert.equal(time.route, '@TIME');
    assert.deepEqual(time.params.keys(), ['now']);
    const now = Number(time.params.get('now'));
    assert.ok(now >= before - 5000 && now <= Date.now() + 5000, `now ${now}`);

    const joined = await client.dispatcher.request(message('@ROOM-JOIN').param('room', 'lobby'), { timeout: 5000 });
    assert.equal(joined.route, '@ROOM-JOINED');
    assert.equal(joined.params.get('room'), 'lobby');
    assert.ok(Number(joined.params.get('members')) >= 1);
    assert.equal(client.stats.pendingRequests, 0);
  });

  test('a request fails on timeout naming route and time, on an error reply with its kind, at once when not connected', async () => {
    const client = connector();
    // Not connected yet: fails at once.
    const notSent = await rejection(client.request(message('@TIME')));
    assert.equal(notSent.kind, 'not-sent');
    await client.connect();
    // @PING answers with a plain @PONG, never a reply.
    const timedOut = await rejection(client.request('@PING', { timeout: 300 }));
    assert.equal(timedOut.kind, 'timeout');
    assert.equal(timedOut.route, '@PING');
    assert.match(timedOut.message, /request @PING timed out after \d{3,} ms/);
    // The demo has no route @NOPE: an error reply.
    const unknown = await rejection(client.request(message('@NOPE')));
    assert.equal(unknown.kind, 'unknown-route');
    assert.match(unknown.message, /@NOPE/);
  });

  test('requests past maxPendingRequests fail at once; pending ones fail at once when the connection closes', async () => {
    const client = connector({ maxPendingRequests: 2 });
    await client.connect();
    const first = rejection(client.request('@PING', { timeout: 30_000 }));
    const second = rejection(client.request('@PING', { timeout: 30_000 }));
    const third = await rejection(client.request('@PING', { timeout: 30_000 }));
    assert.equal(third.kind, 'too-many-pending');
    const started = Date.now();
    await client.close();
    assert.equal((await first).kind, 'closed');
    assert.equal((await second).kind, 'closed');
    assert.ok(Date.now() - started < 5000);
  });

  test('close() sends 1000, raises DISCONNECTED and stops sending', async () => {
    const disconnected = new Recorder();
    const client = connector().route('DISCONNECTED', (params) => disconnected.add(pairs(params)));
    await client.connect();
    await client.close();
    assert.deepEqual(await disconnected.take(), [['code', '1000'], ['reason', '']]);
    assert.equal(client.send('@PING'), false);
    assert.equal(client.isConnected(), false);
    assert.equal(client.uuid, null);
  });

  test('sends wait while there is no connection, up to maxQueuedMessages', async () => {
    const echoes = new Recorder();
    const client = connector({ maxQueuedMessages: 2 }).route('@ECHO', (params) => echoes.add(params.get('n')));
    assert.equal(client.send('@ECHO #n 1'), true);
    assert.equal(client.send(message('@ECHO').param('n', 2)), true);
    assert.equal(client.send('@ECHO #n 3'), false);
    assert.equal(client.stats.queuedMessages, 2);
    await client.connect();
    assert.deepEqual([await echoes.take(), await echoes.take()], ['1', '2']);
    assert.equal(client.stats.queuedMessages, 0);
  });

  test('with reconnect off, connect() fails when the server is not there', async () => {
    const client = new Connector('ws://127.0.0.1:1/', null, { reconnect: false });
    await assert.rejects(client.connect(), /could not connect to ws:\/\/127\.0\.0\.1:1\//);
    assert.equal(client.send('@PING'), false);
  });

  test('reconnects after the server restarts, with a new uuid, and sends what waited meanwhile', async () => {
    const events = new Recorder();
    const client = connector({ reconnect: { min: 100, max: 400 } })
      .route('CONNECTED', (params) => events.add(`CONNECTED ${params.get('uuid')}`))
      .route('DISCONNECTED', (params) => events.add(`DISCONNECTED ${params.get('code')} ${params.get('reason')}`))
      .route('@ECHO', (params) => events.add(`ECHO ${params.get('n')}`));
    await client.connect();
    const first = (await events.take()).split(' ')[1];
    assert.match(first, UUID);

    const { port } = demo;
    await demo.stop();
    // The server went away (1001): the session may resume, so the routes hear of it only when
    // the restarted server, which does not know it, says so.
    while (client.isConnected()) await sleep(10);
    assert.equal(client.send('@ECHO #n offline'), true);
    assert.equal(client.stats.queuedMessages, 1);

    demo = await startDemo(port);
    assert.equal(await events.take(15_000), 'DISCONNECTED 1006 not resumed: unknown');
    const again = await events.take(15_000);
    assert.match(again, /^CONNECTED /);
    const second = again.split(' ')[1];
    assert.match(second, UUID);
    assert.notEqual(second, first);
    assert.equal(client.uuid, second);
    assert.equal(await events.take(), 'ECHO offline');
    client.send('@ECHO #n online');
    assert.equal(await events.take(), 'ECHO online');
  });
});
