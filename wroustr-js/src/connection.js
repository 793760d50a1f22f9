// One connection attempt: a WebSocket from handshake to close, with the protocol's welcome
// (PROTOCOL.md section 10), its rule on binary messages (section 1) and the bounds of one
// connection: message size, bytes waiting to be sent, and how long a close may take. The
// Connector decides what to do with what it reports.
import { parse } from './parse.js';
import { classify } from './reserved.js';
import { utf8Length } from './resume.js';

/** Offered on every connection, so that a wroustr server welcomes the client with its uuid. */
export const SUBPROTOCOL = 'wroustr.v1';

const OPEN = 1;

/**
 * What an attempt reports, in this order: `opened` at most once (it returns false to refuse
 * the connection: no more reports but `ended`), `received` for each text after it, `ended` once.
 * `code` and `reason` are those of the close this side decided on, if it did, else the socket's.
 *
 * @typedef {object} ConnectionListener
 * @property {(connection: Connection, welcome: import('./params.js').Params | null) => boolean} opened the
 *   welcome's params (`uuid`, and section 11's), or null from a server that sent none
 * @property {(text: string) => void} received
 * @property {(connection: Connection, end: {wasOpen: boolean, code: number, reason: string,
 *   failure?: Error, refusedSubprotocol: boolean}) => void} ended
 */

/**
 * @typedef {object} ConnectionOptions
 * @property {boolean} offerSubprotocol
 * @property {number} connectTimeout ms for the handshake and the welcome
 * @property {number} maxMessageBytes the largest message taken from the server, in UTF-8 bytes
 * @property {number} maxOutboundBytes bytes the socket may hold unsent before a send closes it
 * @property {number} closeTimeout ms a close may wait for the server's answer before the socket is cut
 * @property {Record<string, string>} [headers] of the upgrade request (the ws package's only)
 */

/** One WebSocket connection and its bounds. */
export class Connection {
  /** A browser's WebSocket, or one of the ws package: pausable, and able to cut its TCP connection. */
  /** @type {WebSocket & {pause?: () => void, resume?: () => void, terminate?: () => void}} */
  #socket;
  #options;
  #listener;
  #open = false;
  #awaitingWelcome = false;
  #refusedSubprotocol = false;
  #paused = false;
  /** @type {Error | undefined} */
  #failure;
  /** @type {{code: number, reason: string} | null} the close this side decided on */
  #closing = null;
  #ended = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #connectTimer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #graceTimer;

  /**
   * Starts connecting.
   *
   * @param {import('./socket.js').WebSocketConstructor} WebSocketImpl
   * @param {string} url
   * @param {ConnectionOptions} options
   * @param {ConnectionListener} listener
   */
  constructor(WebSocketImpl, url, options, listener) {
    this.#options = options;
    this.#listener = listener;
    // The third argument is the ws package's options (browsers and Node's own WebSocket ignore
    // it): ws then refuses a message over the bound while it arrives, not once it is whole.
    const socket = /** @type {WebSocket} */ (new WebSocketImpl(url, options.offerSubprotocol ? [SUBPROTOCOL] : [],
      { maxPayload: options.maxMessageBytes, headers: options.headers }));
    this.#socket = socket;
    // One bound for the handshake and the welcome: a server that selects the subprotocol and
    // never welcomes would otherwise hold the attempt open, with no CONNECTED, forever.
    this.#connectTimer = setTimeout(() => {
      this.#failure = new Error(`no ${this.#awaitingWelcome ? 'welcome from the server' : 'connection'} within ${options.connectTimeout} ms`);
      if (this.#awaitingWelcome) this.close(1000, '');
      else socket.close();
    }, options.connectTimeout);
    socket.onopen = () => this.#onOpen();
    socket.onmessage = (event) => this.#onMessage(event.data);
    socket.onerror = (event) => this.#onError(event);
    socket.onclose = (event) => this.#end(event.code, event.reason ?? '');
  }

  /** Whether the connection is open and this side has not decided to close it. */
  get isOpen() {
    return this.#open && this.#closing === null && this.#socket.readyState === OPEN;
  }

  /** Whether the socket can stop reading (the ws package's can; a browser's cannot). */
  get canPause() {
    return typeof this.#socket.pause === 'function';
  }

  /**
   * Sends `text`, unless more than `maxOutboundBytes` wait unsent already: the server then
   * reads too slowly, or not at all, and the connection is closed with 1008.
   *
   * @param {string} text
   * @param {boolean} [accepted] queued while disconnected, so accepted already: sent whatever waits
   * @returns {boolean} false if not sent
   */
  send(text, accepted = false) {
    if (!this.isOpen) return false;
    if (!accepted && this.#socket.bufferedAmount >= this.#options.maxOutboundBytes) {
      this.close(1008, `over ${this.#options.maxOutboundBytes} bytes waiting to be sent: the server reads too slowly`);
      return false;
    }
    this.#socket.send(text);
    return true;
  }

  /**
   * Closes with `code` (what `ended` reports, whatever the server answers). A server that does
   * not answer within `closeTimeout` is not waited for: the socket is cut and `ended` reported.
   * Nothing received after this is reported.
   *
   * @param {number} code @param {string} reason
   */
  close(code, reason) {
    if (this.#closing !== null || this.#ended) return;
    this.#closing = { code, reason };
    // A paused socket would not read the server's answer to the close.
    this.resume();
    try {
      this.#socket.close(code, reason);
    } catch {
      // Browsers let a page close only with 1000 or 3000-4999: the reason still says why.
      this.#socket.close(1000, reason);
    }
    this.#graceTimer = setTimeout(() => {
      // ws lets its TCP connection go; a browser keeps trying on its own, but no longer for us.
      this.#socket.terminate?.();
      this.#end(code, reason);
    }, this.#options.closeTimeout);
  }

  /** Stops reading (TCP then slows the server) until `resume`, where the socket can. */
  pause() {
    if (this.#paused || !this.canPause || this.#closing !== null) return;
    this.#paused = true;
    this.#socket.pause?.();
  }

  resume() {
    if (!this.#paused) return;
    this.#paused = false;
    this.#socket.resume?.();
  }

  #onOpen() {
    if (this.#socket.protocol === SUBPROTOCOL) {
      this.#awaitingWelcome = true;
      return;
    }
    this.#opened(null);
  }

  /** @param {import('./params.js').Params | null} welcome */
  #opened(welcome) {
    clearTimeout(this.#connectTimer);
    // Open before the listener hears: it sends what waited for a connection.
    this.#open = true;
    this.#open = this.#listener.opened(this, welcome);
  }

  /** @param {unknown} data */
  #onMessage(data) {
    if (this.#closing !== null) return;
    if (typeof data !== 'string') {
      // Binary messages are not part of version 1.
      this.close(1003, 'binary messages are not supported');
      return;
    }
    if (overBytes(data, this.#options.maxMessageBytes)) {
      this.#closeTooBig();
      return;
    }
    if (this.#awaitingWelcome) {
      this.#awaitingWelcome = false;
      const welcome = welcomeOf(data);
      this.#opened(welcome);
      // A server that selected the subprotocol but sent no welcome: this is its first message.
      if (this.#open && welcome === null) this.#listener.received(data);
    } else if (this.#open) {
      this.#listener.received(data);
    }
  }

  /** @param {Event} event */
  #onError(event) {
    const why = /** @type {{message?: unknown}} */ (event).message;
    if (typeof why !== 'string') return;
    // The ws package and Node's own say why a connection failed (a browser does not).
    if (!this.#open) this.#failure ??= new Error(why);
    // The ws package, unlike browsers, fails a handshake in which the server selected none of
    // the subprotocols offered, as the original wroustr and other servers do.
    if (why.includes('Server sent no subprotocol')) this.#refusedSubprotocol = true;
    // ws refused a message over maxPayload and closes with 1009 itself; this says why.
    if (why.includes('Max payload size exceeded')) this.#closeTooBig();
    // Otherwise nothing: a close event follows every error, and says all there is to say.
  }

  #closeTooBig() {
    this.close(1009, `message over maxMessageBytes (${this.#options.maxMessageBytes} bytes)`);
  }

  /** @param {number} code @param {string} reason */
  #end(code, reason) {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#connectTimer);
    clearTimeout(this.#graceTimer);
    const socket = this.#socket;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    // Not null: the ws package throws an error event that has no listener.
    socket.onerror = () => {};
    const decided = this.#closing ?? { code, reason };
    this.#listener.ended(this, { wasOpen: this.#open, code: decided.code, reason: decided.reason, failure: this.#failure, refusedSubprotocol: this.#refusedSubprotocol });
  }
}

/**
 * Whether `text` is over `max` bytes in UTF-8, counted only when its length leaves it open.
 *
 * @param {string} text @param {number} max
 */
function overBytes(text, max) {
  if (text.length > max) return true;
  if (text.length * 3 <= max) return false;
  return utf8Length(text) > max;
}

/** The params of the server's welcome, or null if `text` is not one (or names no uuid). @param {string} text */
function welcomeOf(text) {
  try {
    const { route, params } = parse(text);
    return classify(route, params).kind === 'welcome' && params.get('uuid') != null ? params : null;
  } catch {
    return null;
  }
}

