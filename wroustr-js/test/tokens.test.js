// Credentials that expire (PROTOCOL.md section 12): the token in the upgrade, refreshes before
// the welcome's ttl runs out, and what a refusal, an expiry or a user gone do. Against the real
// Java demo (`wroustr demo --token-ttl`), and against a scripted peer for what the demo does
// only after its 25-second grace, or never.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { Connector } from '../src/index.js';
import { cuttingProxy, stopProxies } from './cutting-proxy.js';
import { startDemo } from './demo-server.js';
import { peer, stopPeers } from './peer-server.js';
import { Recorder, sleep } from './recorder.js';

const UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';
/** Short backoffs, so that retries come soon. */
const QUICK = { min: 20, max: 40 };

/** @type {Connector<any>[]} */
const clients = [];

/**
 * A token function that gives `values` in turn (the last one again once they run out): a string,
 * null for a user gone, an Error to throw. `asked` counts its calls.
 *
 * @param {Array<string | null | Error>} values
 */
function tokens(...values) {
  const supplier = Object.assign(async () => {
    const value = values[Math.min(supplier.asked++, values.length - 1)];
    if (value instanceof Error) throw value;
    return value;
  }, { asked: 0 });
  return supplier;
}

/**
 * A connector whose CONNECTED, DISCONNECTED, CONNECT-FAILED and UNKNOWN go to `events`.
 *
 * @param {string} url @param {Recorder<string>} events @param {import('../src/connector.js').ConnectorOptions} options
 */
function connector(url, events, options) {
  const client = new Connector(url, null, options)
    .route('CONNECTED', (params) => events.add(`CONNECTED ${params.get('uuid')}`))
    .route('RESUMED', (params) => events.add(`RESUMED ${params.get('uuid')}`))
    .route('DISCONNECTED', (params) => events.add(`DISCONNECTED ${params.get('code')} ${params.get('reason')}`))
    .route('CONNECT-FAILED', (params) => events.add(`CONNECT-FAILED ${params.get('error')}`))
    .route('UNKNOWN', (params) => events.add(`UNKNOWN ${params.get('route')}`));
  clients.push(client);
  return client;
}

/** The token in an upgrade's query. @param {{url: string}} upgrade */
const tokenOf = (upgrade) => new URL(upgrade.url, 'ws://h').searchParams.get('token');

/** The id of a refresh the client sent, after checking its token. @param {string} text @param {string} token */
function refreshId(text, token) {
  const found = /^@\$refresh #\$id ([0-9]+) #token (\S+)$/.exec(text);
  assert.ok(found, `not a refresh: ${text}`);
  assert.equal(found[2], token);
  return found[1];
}

describe('credentials that expire, against a scripted peer', { timeout: 30_000 }, () => {
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await stopPeers();
  });

  test('the token goes in the query of every upgrade; refreshes go before each ttl, and reach no route', async () => {
    const server = await peer({ welcome: `@$welcome #uuid ${UUID} #ttl 200` });
    const events = new Recorder();
    const supplier = tokens('t1', 't2', 't3');
    const client = connector(server.url, events, { token: supplier });
    await client.connect();
    assert.equal(await events.take(), `CONNECTED ${UUID}`);
    assert.equal(tokenOf(await server.upgrades.take()), 't1');
    // 80 to 90 percent of the 200 ms.
    const first = refreshId(await server.texts.take(), 't2');
    server.send(`@$refresh #$re ${first} #ttl 200`);
    const second = refreshId(await server.texts.take(), 't3');
    // No ttl: the credentials no longer expire, and no refresh follows.
    server.send(`@$refresh #$re ${second}`);
    // Only a client refreshes: one sent to it is answered, and no route hears of it.
    server.send('@$refresh #$id 9 #token x');
    assert.equal(await server.texts.take(), '@$error #$re 9 #error unknown-route');
    await sleep(400);
    assert.equal(supplier.asked, 3);
    server.texts.assertExhausted();
    events.assertExhausted();
    assert.equal(client.stats.ignoredReplies, 0);
  });

  test('tokenHeader puts the token in Authorization: Bearer, not in the query; tokenQuery names the param', async () => {
    const server = await peer();
    const events = new Recorder();
    await connector(server.url, events, { token: () => 'h1', tokenHeader: {} }).connect();
    const upgrade = await server.upgrades.take();
    assert.equal(upgrade.authorization, 'Bearer h1');
    assert.equal(tokenOf(upgrade), null);
    await connector(server.url, events, { token: () => 'q1', tokenQuery: 'access_token' }).connect();
    const second = await server.upgrades.take();
    assert.equal(new URL(second.url, 'ws://h').searchParams.get('access_token'), 'q1');
    assert.equal(second.authorization, undefined);
  });

  test('a refused refresh closes with 3000; the token is never sent again and the function is asked anew', async () => {
    const server = await peer({ welcome: (n) => `@$welcome #uuid ${UUID} #ttl ${n === 0 ? 100 : 60_000}` });
    const events = new Recorder();
    // The function gives the refused token once more: that counts as a failure, and it is asked again.
    const supplier = tokens('t1', 'banned', 'banned', 't2');
    const client = connector(server.url, events, { token: supplier, reconnect: QUICK });
    await client.connect();
    assert.equal(await events.take(), `CONNECTED ${UUID}`);
    const socket = await server.connections.take();
    const id = refreshId(await server.texts.take(), 'banned');
    server.send(`@$error #$re ${id} #error refused`);
    socket.close(3000, 'credentials refused');
    assert.equal(await events.take(), 'DISCONNECTED 3000 credentials refused');
    assert.match(await events.take(), /^CONNECT-FAILED could not connect to .*: no token: the token function gave back a token the server refused/);
    assert.equal(await events.take(), `CONNECTED ${UUID}`);
    assert.deepEqual([tokenOf(await server.upgrades.take()), tokenOf(await server.upgrades.take())], ['t1', 't2']);
    assert.equal(supplier.asked, 4);
  });

  test('a refused refresh whose close never comes (the network drops first) makes the token stale all the same', async () => {
    const server = await peer({ welcome: (n) => `@$welcome #uuid ${UUID} #ttl ${n === 0 ? 100 : 60_000}` });
    const events = new Recorder();
    const client = connector(server.url, events, { token: tokens('t1', 'banned', 'banned', 't2'), reconnect: QUICK });
    await client.connect();
    assert.equal(await events.take(), `CONNECTED ${UUID}`);
    const socket = await server.connections.take();
    server.send(`@$error #$re ${refreshId(await server.texts.take(), 'banned')} #error refused`);
    await sleep(50);
    socket.terminate();
    assert.equal(await events.take(), 'DISCONNECTED 1006 ');
    assert.match(await events.take(), /^CONNECT-FAILED could not connect to .*: no token: the token function gave back/);
    assert.equal(await events.take(), `CONNECTED ${UUID}`);
    assert.deepEqual([tokenOf(await server.upgrades.take()), tokenOf(await server.upgrades.take())], ['t1', 't2']);
  });

  test('an expiry closes with 3005: the stale token is never sent again', async () => {
    const server = await peer();
    const events = new Recorder();
    const supplier = tokens('t1', 't1', 't2');
    const client = connector(server.url, events, { token: supplier, reconnect: QUICK });
    await client.connect();
    assert.equal(await events.take(), `CONNECTED ${UUID}`);
    (await server.connections.take()).close(3005, 'credentials expired');
    assert.equal(await events.take(), 'DISCONNECTED 3005 credentials expired');
    assert.match(await events.take(), /^CONNECT-FAILED could not connect to .*: no token: the token function gave back/);
    assert.equal(await events.take(), `CONNECTED ${UUID}`);
    assert.deepEqual([tokenOf(await server.upgrades.take()), tokenOf(await server.upgrades.take())], ['t1', 't2']);
  });

  test('a token refused at the upgrade (HTTP 401) is not sent again', async () => {
    const server = await peer({ refuse: 401 });
    const events = new Recorder();
    const client = connector(server.url, events, { token: tokens('t1', 't1', 't2'), reconnect: QUICK });
    void client.connect({ retry: true });
    assert.match(await events.take(), /^CONNECT-FAILED .*401/);
    assert.match(await events.take(), /^CONNECT-FAILED could not connect to .*: no token: the token function gave back/);
    assert.match(await events.take(), /^CONNECT-FAILED .*401/);
    assert.deepEqual([tokenOf(await server.upgrades.take()), tokenOf(await server.upgrades.take())], ['t1', 't2']);
  });

  test('a function that says the user is gone at a refresh closes with 1000 and stops', async () => {
    const server = await peer({ welcome: `@$welcome #uuid ${UUID} #ttl 100` });
    const events = new Recorder();
    const client = connector(server.url, events, { token: tokens('t1', null), reconnect: QUICK });
    await client.connect();
    assert.equal(await events.take(), `CONNECTED ${UUID}`);
    assert.equal(await events.take(), 'DISCONNECTED 1000 signed out: no token');
    assert.deepEqual(await server.closes.take(), { code: 1000, reason: 'signed out: no token' });
    await sleep(200);
    assert.equal(client.isConnected(), false);
    await server.upgrades.take();
    server.upgrades.assertExhausted();
    events.assertExhausted();
  });

  test('no token for the first connection: connect() rejects, saying why, and nothing connects', async () => {
    const server = await peer();
    const events = new Recorder();
    const client = connector(server.url, events, { token: () => null });
    await assert.rejects(client.connect(), /the token function gave no token: the user is gone/);
    assert.match(await events.take(), /^CONNECT-FAILED the token function gave no token/);
    await sleep(100);
    server.upgrades.assertExhausted();
  });

  test('a function that throws is asked again with backoff: before a connection, and at a refresh', async () => {
    const server = await peer({ welcome: `@$welcome #uuid ${UUID} #ttl 100` });
    const events = new Recorder();
    const down = new Error('identity provider down');
    const supplier = tokens(down, 't1', down, down, 't2');
    const client = connector(server.url, events, { token: supplier, reconnect: QUICK });
    await client.connect({ retry: true });
    assert.equal(await events.take(), `CONNECT-FAILED could not connect to ${server.url}: no token: identity provider down`);
    assert.equal(await events.take(), `CONNECTED ${UUID}`);
    assert.equal(tokenOf(await server.upgrades.take()), 't1');
    refreshId(await server.texts.take(), 't2');
    assert.equal(supplier.asked, 5);
    events.assertExhausted();
  });

  test('a resume refused as credentials-expired: DISCONNECTED says so, and the new session has a fresh token', async () => {
    const server = await peer({
      welcome: (n) => (n === 0
        ? `@$welcome #uuid ${UUID} #session kq3Wb2mXn8Zr5Tv1Yh7Lp0Qe #window 60000 #ttl 60000`
        : '@$welcome #uuid 7c9e6679-7425-40de-944b-e07fc1f90ae7 #session Pq2Wm9Xc4Vb7Nz1Lk8Jh3Gf6 #window 60000 #resumed false #why credentials-expired'),
    });
    const events = new Recorder();
    const client = connector(server.url, events, { token: tokens('t1', 't2'), reconnect: QUICK });
    await client.connect();
    assert.equal(await events.take(), `CONNECTED ${UUID}`);
    (await server.connections.take()).terminate();
    assert.equal(await events.take(), 'DISCONNECTED 1006 not resumed: credentials-expired');
    assert.equal(await events.take(), 'CONNECTED 7c9e6679-7425-40de-944b-e07fc1f90ae7');
    await server.upgrades.take();
    const resume = new URL((await server.upgrades.take()).url, 'ws://h').searchParams;
    assert.equal(resume.get('wroustr-session'), 'kq3Wb2mXn8Zr5Tv1Yh7Lp0Qe');
    assert.equal(resume.get('token'), 't2');
  });

  test('options are checked', () => {
    assert.throws(() => new Connector('ws://h', null, { token: /** @type {any} */ ('t') }), /token must be a function/);
    assert.throws(() => new Connector('ws://h', null, { tokenQuery: 'q' }), /need a token function/);
    assert.throws(() => new Connector('ws://h', null, { token: () => 't', tokenQuery: 'q', tokenHeader: {} }), /not both/);
  });
});

describe('credentials that expire, against the Java demo with --token-ttl', { timeout: 60_000 }, () => {
  /** @type {import('./demo-server.js').Demo} */
  let demo;
  before(async () => {
    demo = await startDemo(0, ['--token-ttl', '600ms']);
  });
  after(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await stopProxies();
    await demo?.stop();
  });

  test('refreshes before each expiry keep one connection, asking the function each time', async () => {
    const events = new Recorder();
    let n = 0;
    const client = connector(demo.url, events, { token: () => `t${++n}` });
    await client.connect();
    const uuid = client.uuid;
    assert.equal(await events.take(), `CONNECTED ${uuid}`);
    await sleep(2000);
    // 600 ms credentials, refreshed at 480 to 540 ms: at least three refreshes in two seconds.
    const refreshed = demo.output().split('\n').filter((line) => line.includes('refreshed') && line.includes(uuid ?? '-'));
    assert.ok(refreshed.length >= 3, `refreshes seen by the demo: ${refreshed.length}`);
    assert.ok(n >= 4, `tokens asked: ${n}`);
    assert.equal(client.uuid, uuid);
    events.assertExhausted();
  });

  test("the demo refuses the token 'revoked': 3000, then a new connection with a new token", async () => {
    const proxy = await cuttingProxy(demo.port);
    const events = new Recorder();
    const client = connector(proxy.url, events, { token: tokens('t1', 'revoked', 't2'), reconnect: QUICK });
    await client.connect();
    const first = client.uuid;
    assert.equal(await events.take(), `CONNECTED ${first}`);
    assert.equal(await events.take(), 'DISCONNECTED 3000 credentials refused');
    const again = await events.take();
    assert.match(again, /^CONNECTED /);
    assert.notEqual(again, `CONNECTED ${first}`);
    const upgrades = [await proxy.requests.take(), await proxy.requests.take()];
    assert.deepEqual(upgrades.map((line) => new URL(line.split(' ')[1], 'ws://h').searchParams.get('token')), ['t1', 't2']);
  });

  test('a resume after the credentials expired is refused: a new session, with the fresh token', async () => {
    const proxy = await cuttingProxy(demo.port);
    const events = new Recorder();
    let away = false;
    let asked = 0;
    // No refresh before the cut, however slow this machine: the session must expire while away.
    const token = () => {
      if (!away && asked++ > 0) throw new Error('not refreshing in this test');
      return away ? 't2' : 't1';
    };
    const client = connector(proxy.url, events, { token });
    await client.connect();
    assert.equal(await events.take(), `CONNECTED ${client.uuid}`);
    // Away past the expiry: the demo keeps the session, expired.
    proxy.refuse(true);
    proxy.cut();
    away = true;
    await sleep(900);
    proxy.refuse(false);
    let event = await events.take();
    while (event.startsWith('CONNECT-FAILED')) event = await events.take();
    assert.equal(event, 'DISCONNECTED 1006 not resumed: credentials-expired');
    assert.match(await events.take(), /^CONNECTED /);
    await proxy.requests.take();
    const resume = new URL((await proxy.requests.take()).split(' ')[1], 'ws://h').searchParams;
    assert.ok(resume.get('wroustr-session'));
    assert.equal(resume.get('token'), 't2');
  });
});
