// Finds a WebSocket: the one given, else in Node the `ws` package of the application, else the
// platform's (browsers, Node 22+, Deno, Bun).

/**
 * A WebSocket constructor: a browser's, Node's own, or the `ws` package's `WebSocket` (which
 * takes options third).
 *
 * @typedef {new (url: string, protocols?: string | string[], ...more: any[]) => unknown} WebSocketConstructor
 */

/** @type {Promise<WebSocketConstructor | null> | null} */
let fromPackage = null;

/**
 * The WebSocket constructor to use: `given` if set; in Node the `ws` package as the application
 * resolves it, loaded on first use only; else `globalThis.WebSocket`.
 *
 * @param {WebSocketConstructor} [given]
 * @returns {Promise<WebSocketConstructor>}
 */
export async function webSocketConstructor(given) {
  if (given) return given;
  if (isNode()) {
    fromPackage ??= loadWs();
    const ws = await fromPackage;
    if (ws) return ws;
    // Not found now; maybe installed before the next attempt.
    fromPackage = null;
  }
  if (typeof globalThis.WebSocket === 'function') return globalThis.WebSocket;
  throw new Error('no WebSocket in this runtime: install the ws package in the application (npm install ws), '
    + 'use Node 22+, or pass the WebSocket option');
}

function isNode() {
  return typeof process === 'object' && typeof process.versions?.node === 'string';
}

/**
 * The `ws` package's WebSocket, resolved as the application would: from its main script, then
 * from the working directory, then from this package. Installed by `npm install <path>`, this
 * package is a link whose real path has no node_modules of the application above it.
 * Preferred to Node's own WebSocket: ws can stop reading (so `maxQueuedMessages` slows the
 * server instead of closing), bounds a message as it arrives, and cuts a socket whose close
 * is not answered.
 *
 * @returns {Promise<WebSocketConstructor | null>}
 */
async function loadWs() {
  // Names in variables, so that bundlers for the browser leave these out.
  const name = 'ws';
  const nodeModule = 'node:module';
  const nodePath = 'node:path';
  const nodeUrl = 'node:url';
  const { createRequire } = await import(nodeModule);
  const { join, resolve } = await import(nodePath);
  const { pathToFileURL } = await import(nodeUrl);
  const main = process.argv[1];
  const from = [typeof main === 'string' ? resolve(main) : null, join(process.cwd(), 'index.js')];
  for (const path of from) {
    if (path === null) continue;
    try {
      const found = createRequire(path).resolve(name);
      return constructorOf(await import(pathToFileURL(found).href));
    } catch {
      // Not there: the next place.
    }
  }
  try {
    return constructorOf(await import(name));
  } catch {
    return null;
  }
}

/** @param {any} ws the module @returns {WebSocketConstructor} */
function constructorOf(ws) {
  return ws.WebSocket ?? ws.default;
}
