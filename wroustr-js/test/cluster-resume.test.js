// Resume across the nodes of a cluster (PROTOCOL.md section 11, "In a cluster"): two Java demos
// on one redis-server of the test's own; a client behind a proxy (a load balancer) on node 1, a
// peer on node 2, DMs both ways; node 1 killed -9 mid-stream and the proxy sending the client to
// node 2. The client resumes there: the same uuid, every DM once and in order.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { after, test } from 'node:test';
import { Connector, message } from '../src/index.js';
import { cuttingProxy, stopProxies } from './cutting-proxy.js';
import { startDemo } from './demo-server.js';
import { Recorder, sleep } from './recorder.js';

const COUNT = 60;

/** @type {Array<() => Promise<void>>} */
const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await stopProxies();
});

/** A free port of 127.0.0.1. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A redis-server of the test's own (Debian's package), resolved once it listens. */
async function startRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  cleanups.push(async () => {
    child.kill('SIGKILL');
    await exited;
  });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (up) return `redis://127.0.0.1:${port}`;
    await sleep(50);
  }
  throw new Error('redis-server did not start');
}

/** 0, 1, ... n - 1. @param {number} n */
const upTo = (n) => Array.from({ length: n }, (_, i) => i);

test('a client whose node is killed -9 resumes on another node: same uuid, every DM once, in order', { timeout: 120_000 }, async () => {
  const redis = await startRedis();
  const node1 = await startDemo(0, ['--redis', redis]);
  const node2 = await startDemo(0, ['--redis', redis]);
  cleanups.push(() => node1.stop(), () => node2.stop());
  const proxy = await cuttingProxy(node1.port);
  /** @type {Recorder<string>} */
  const aEvents = new Recorder();
  /** @type {number[]} */
  const aGot = [];
  /** @type {number[]} */
  const bGot = [];
  const a = new Connector(proxy.url, null)
    .route('CONNECTED', (params) => aEvents.add(`CONNECTED ${params.get('uuid')}`))
    .route('RESUMED', (params) => aEvents.add(`RESUMED ${params.get('uuid')}`))
    .route('DISCONNECTED', (params) => aEvents.add(`DISCONNECTED ${params.get('reason')}`))
    .route('@DM', (params) => { aGot.push(Number(params.get('text'))); });
  const b = new Connector(node2.url, null).route('@DM', (params) => { bGot.push(Number(params.get('text'))); });
  cleanups.push(async () => { a.close(); b.close(); });
  await a.connect();
  await b.connect();
  const uuidA = a.uuid;
  const uuidB = b.uuid;
  assert.equal(await aEvents.take(), `CONNECTED ${uuidA}`);

  // Within the demo's limit of 10 DMs a second per connection.
  for (let n = 0; n < COUNT; n++) {
    a.send(message('@DM').param('to', uuidB).param('text', String(n)));
    b.send(message('@DM').param('to', uuidA).param('text', String(n)));
    if (n === COUNT / 3) {
      proxy.retarget(node2.port);
      await node1.kill();
      proxy.cut();
    }
    await sleep(125);
  }
  const deadline = Date.now() + 30_000;
  while ((aGot.length < COUNT || bGot.length < COUNT) && Date.now() < deadline) await sleep(50);
  assert.deepEqual(aGot, upTo(COUNT), 'the client got each of the peer\'s DMs once, in order');
  // At most the message node 1 was handling when it died is handled again (at least once).
  const once = bGot.filter((n, i) => i === 0 || n !== bGot[i - 1]);
  assert.deepEqual(once, upTo(COUNT), 'the peer got each of the client\'s DMs, in order');
  assert.ok(bGot.length <= COUNT + 1, `the peer got ${bGot.length - COUNT} DMs twice`);
  assert.equal(await aEvents.take(), `RESUMED ${uuidA}`);
  assert.equal(a.uuid, uuidA);
  aEvents.assertExhausted(); // no DISCONNECTED nor CONNECTED
});
