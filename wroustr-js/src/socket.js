// Finds a WebSocket: the platform's (browsers, Node 22+, Deno, Bun), else the `ws` package.

/** @typedef {new (url: string, protocols?: string | string[]) => WebSocket} WebSocketConstructor */

/** @type {Promise<WebSocketConstructor> | null} */
let fromPackage = null;

/**
 * The WebSocket constructor to use: `given` if set, else `globalThis.WebSocket`, else the `ws`
 * package, loaded on first use only, so browsers never ask for it.
 *
 * @param {WebSocketConstructor} [given]
 * @returns {Promise<WebSocketConstructor>}
 */
export async function webSocketConstructor(given) {
  if (given) return given;
  if (typeof globalThis.WebSocket === 'function') return globalThis.WebSocket;
  fromPackage ??= loadWs();
  return fromPackage;
}

async function loadWs() {
  // A name in a variable, so that bundlers for the browser leave the package out.
  const name = 'ws';
  try {
    const ws = await import(name);
    return /** @type {WebSocketConstructor} */ (ws.WebSocket ?? ws.default);
  } catch (e) {
    fromPackage = null;
    throw new Error('no WebSocket in this runtime: install the ws package (npm install ws), or use Node 22+', { cause: e });
  }
}
