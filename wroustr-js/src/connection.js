// One connection attempt: a WebSocket from handshake to close, with the protocol's welcome
// (PROTOCOL.md section 10) and its rule on binary messages (section 1). The Connector decides
// what to do with what it reports.
import { parse } from './parse.js';
import { classify } from './reserved.js';

/** Offered on every connection, so that a wroustr server welcomes the client with its uuid. */
export const SUBPROTOCOL = 'wroustr.v1';

/**
 * What an attempt reports, in this order: `opened` at most once (it returns false to refuse
 * the connection: no more reports but `ended`), `received` for each text after it, `ended` once.
 *
 * @typedef {object} ConnectionListener
 * @property {(socket: WebSocket, uuid: string | null) => boolean} opened `uuid` from the welcome, or null
 * @property {(text: string) => void} received
 * @property {(socket: WebSocket, end: {wasOpen: boolean, code: number, reason: string,
 *   failure?: Error, refusedSubprotocol: boolean}) => void} ended
 */

/**
 * Starts a connection and returns its socket.
 *
 * @param {import('./socket.js').WebSocketConstructor} WebSocketImpl
 * @param {string} url
 * @param {{offerSubprotocol: boolean, connectTimeout: number}} options
 * @param {ConnectionListener} listener
 * @returns {WebSocket}
 */
export function connect(WebSocketImpl, url, { offerSubprotocol, connectTimeout }, listener) {
  const socket = offerSubprotocol ? new WebSocketImpl(url, [SUBPROTOCOL]) : new WebSocketImpl(url);
  let open = false;
  let awaitingWelcome = false;
  let refusedSubprotocol = false;
  /** @type {Error | undefined} */
  let failure;
  // One bound for the handshake and the welcome: a server that selects the subprotocol and
  // never welcomes would otherwise hold the attempt open, with no CONNECTED, forever.
  const timer = setTimeout(() => {
    failure = new Error(`no ${awaitingWelcome ? 'welcome from the server' : 'connection'} within ${connectTimeout} ms`);
    socket.close(awaitingWelcome ? 1000 : undefined);
  }, connectTimeout);

  socket.onopen = () => {
    if (socket.protocol === SUBPROTOCOL) {
      awaitingWelcome = true;
      return;
    }
    clearTimeout(timer);
    open = listener.opened(socket, null);
  };
  socket.onmessage = (event) => {
    const data = event.data;
    if (typeof data !== 'string') {
      closeForBinary(socket);
    } else if (awaitingWelcome) {
      awaitingWelcome = false;
      clearTimeout(timer);
      const uuid = welcomedUuid(data);
      open = listener.opened(socket, uuid);
      // A server that selected the subprotocol but sent no welcome: this is its first message.
      if (open && uuid === null) listener.received(data);
    } else if (open) {
      listener.received(data);
    }
  };
  socket.onerror = (event) => {
    // The ws package, unlike browsers, fails a handshake in which the server selected none of
    // the subprotocols offered, as the original wroustr and other servers do.
    const why = /** @type {{message?: unknown}} */ (event).message;
    if (typeof why === 'string' && why.includes('Server sent no subprotocol')) refusedSubprotocol = true;
    // Otherwise nothing: a close event follows every error, and says all there is to say.
  };
  socket.onclose = (event) => {
    clearTimeout(timer);
    listener.ended(socket, { wasOpen: open, code: event.code, reason: event.reason ?? '', failure, refusedSubprotocol });
  };
  return socket;
}

/** The uuid of the server's welcome, or null if `text` is not one. @param {string} text */
function welcomedUuid(text) {
  try {
    const { route, params } = parse(text);
    return classify(route, params).kind === 'welcome' ? (params.get('uuid') ?? null) : null;
  } catch {
    return null;
  }
}

/** Binary messages are not part of version 1: close with 1003. @param {WebSocket} socket */
function closeForBinary(socket) {
  try {
    socket.close(1003, 'binary messages are not supported');
  } catch {
    // Browsers let a page close only with 1000 or 3000-4999.
    socket.close(1000, 'binary messages are not supported');
  }
}
