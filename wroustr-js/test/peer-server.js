// A scripted peer for the tests: a `ws` server in the test's own process, which does what the
// demo never does (and what a hostile server might).
import { createServer } from 'node:net';
import { WebSocketServer } from 'ws';
import { Recorder } from './recorder.js';

/** @type {Array<() => Promise<void>>} */
const peers = [];

/**
 * A peer on a free port: `texts` records what the client sends, `closes` the closes it gets,
 * `upgrades` each upgrade request, `connections` each connection (a ws WebSocket, to misbehave with), `send` sends on the latest.
 *
 * @param {{subprotocol?: boolean, welcome?: string | null | ((n: number) => string), port?: number, refuse?: number}} [options]
 *   select wroustr.v1 (default true) and send `welcome` first (default a welcome with a fixed
 *   uuid; a function gives the welcome of the n-th connection, 0 first); listen on `port` (default any free one); answer every upgrade with HTTP status `refuse`
 */
export async function peer({ subprotocol = true, welcome = '@$welcome #uuid 0f8fad5b-d9cb-469f-a165-70867728950e', port = 0, refuse } = {}) {
  /** Each upgrade request's path and query, and its Authorization header. @type {Recorder<{url: string, authorization?: string}>} */
  const upgrades = new Recorder();
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port,
    handleProtocols: (protocols) => (subprotocol && protocols.has('wroustr.v1') ? 'wroustr.v1' : false),
    verifyClient: (info, answer) => {
      upgrades.add({ url: info.req.url ?? '', authorization: info.req.headers.authorization });
      if (refuse === undefined) answer(true);
      else answer(false, refuse);
    },
  });
  await new Promise((resolve) => server.once('listening', resolve));
  const texts = new Recorder();
  /** @type {Recorder<{code: number, reason: string}>} */
  const closes = new Recorder();
  const connections = new Recorder();
  /** Each upgrade request's path and query, and its Authorization header. @type {Recorder<{url: string, authorization?: string}>} */
  /** @type {import('ws').WebSocket | null} */
  let latest = null;
  let opened = 0;
  server.on('connection', (socket) => {
    latest = socket;

    const text = typeof welcome === 'function' ? welcome(opened++) : welcome;
    if (subprotocol && text !== null) socket.send(text);
    socket.on('message', (data) => texts.add(data.toString()));
    socket.on('close', (code, reason) => closes.add({ code, reason: reason.toString() }));
    connections.add(socket);
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  peers.push(async () => {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  });
  return {
    port: address.port,
    url: `ws://127.0.0.1:${address.port}/`,
    texts,
    closes,
    /** Each connection as it opens. @type {Recorder<import('ws').WebSocket>} */
    connections,
    upgrades,
    /** @param {string | Buffer} data */
    send: (data) => /** @type {import('ws').WebSocket} */ (latest).send(data),
  };
}

/**
 * Makes the server side of `socket` read nothing more: the kernel's buffers fill, then the
 * client's, and a close frame from the client is never seen.
 *
 * @param {import('ws').WebSocket} socket
 */
export function stopReading(socket) {
  /** @type {import('node:net').Socket} */ (/** @type {any} */ (socket)._socket).pause();
}

/** A port on 127.0.0.1 that nothing listens on: it was free a moment ago. */
export async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Stops every peer started so far. */
export async function stopPeers() {
  await Promise.all(peers.splice(0).map((stop) => stop()));
}
