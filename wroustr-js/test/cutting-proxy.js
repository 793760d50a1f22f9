// A TCP proxy for the tests that can drop the network: `cut()` resets every connection through
// it (no close frame either way, as when a phone changes networks), `hold()` stops what the
// server sends short of the client, `refuse` turns new connections away.
import { connect, createServer } from 'node:net';
import { Recorder } from './recorder.js';

/** @type {Array<() => Promise<void>>} */
const proxies = [];

/**
 * A proxy on a free port of 127.0.0.1 to `port` there.
 *
 * @param {number} port
 */
export async function cuttingProxy(port) {
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  /** @type {Map<import('node:net').Socket, import('node:net').Socket>} each server side, to its client */
  const upstreams = new Map();
  /** The first line of each request through it (the upgrade's GET, with its query). @type {Recorder<string>} */
  const requests = new Recorder();
  const state = {
    /** Where new connections go. */
    port,
    refusing: false,
    /** Changes the first chunk a client sends (its request), or leaves it. @type {(text: string) => string} */
    rewrite: (/** @type {string} */ text) => text,
  };
  const server = createServer((client) => {
    if (state.refusing) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(state.port, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        upstreams.delete(upstream);
        client.destroy();
        upstream.destroy();
      });
    }
    client.once('data', (chunk) => {
      const text = chunk.toString('latin1');
      requests.add(text.slice(0, text.indexOf('\r\n')));
      upstream.write(Buffer.from(state.rewrite(text), 'latin1'));
      client.pipe(upstream);
    });
    upstreams.set(upstream, client);
    upstream.pipe(client);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const listening = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const cut = () => {
    for (const socket of sockets) socket.resetAndDestroy();
  };
  proxies.push(async () => {
    cut();
    await new Promise((resolve) => server.close(resolve));
  });
  return {
    port: listening,
    url: `ws://127.0.0.1:${listening}/`,
    http: `http://127.0.0.1:${listening}/`,
    requests,
    /** Resets every connection open through the proxy, both sides. */
    cut,
    /** Passes nothing more from the server to the clients open now. */
    hold: () => {
      for (const [upstream, client] of upstreams) {
        upstream.unpipe(client);
        upstream.pause();
      }
    },
    /** @param {number} target the port new connections go to from now on (a load balancer sending clients to another node) */
    retarget: (target) => { state.port = target; },
    /** @param {boolean} refusing whether new connections are reset at once */
    refuse: (refusing) => { state.refusing = refusing; },
    /** @param {(text: string) => string} rewrite */
    rewrite: (rewrite) => { state.rewrite = rewrite; },
  };
}

/** Stops every proxy started so far. */
export async function stopProxies() {
  await Promise.all(proxies.splice(0).map((stop) => stop()));
}
