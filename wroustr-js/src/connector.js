// The client: keeps one WebSocket connection up, routes what arrives, sends and asks.
import { Connection } from './connection.js';
import { InboundQueue } from './inbound.js';
import { ANSWER_ERROR, Dispatcher } from './dispatcher.js';
import { intercept } from './interceptor.js';
import { Message } from './message.js';
import { DEFAULT_MAX_PARAMS, ParseError, parse } from './parse.js';
import { backoffDelay, reconnectPolicy } from './reconnect.js';
import { RequestError, Requests } from './requests.js';
import { REFRESH_ROUTE, REQUEST_KEY, classify, withFirst } from './reserved.js';
import { Resume } from './resume.js';
import { Router } from './router.js';
import { webSocketConstructor } from './socket.js';
import { NO_TOKEN, SIGNED_OUT, Tokens, ttlOf } from './tokens.js';
import { write } from './write.js';

/**
 * @typedef {object} ConnectorOptions
 * @property {import('./reconnect.js').ReconnectOption} [reconnect] `{min, max}` ms of backoff
 *   (250 and 30,000 by default), or false to never reconnect
 * @property {number} [maxQueuedMessages] sends waiting for a connection (1,024; past it `send` returns
 *   false), and received messages waiting for the handlers (1,024; past it a socket that can pause
 *   stops reading until they are down to half, one that cannot is closed with 1008)
 * @property {number} [maxMessageBytes] the largest message taken from the server, in UTF-8 bytes
 *   (65,536); a bigger one closes the connection with 1009
 * @property {number} [maxOutboundBytes] bytes the socket may hold unsent (1 MiB); past it `send`
 *   returns false and closes the connection with 1008, as the server reads too slowly
 * @property {number} [closeTimeout] ms a close waits for the server's answer before the socket
 *   is cut and `DISCONNECTED` runs (5,000)
 * @property {number} [maxPendingRequests] requests waiting for replies (256); past it `request` fails at once
 * @property {number} [maxParams] distinct keys in a received message (128); past it the text is invalid
 * @property {number} [connectTimeout] ms for the handshake and the server's welcome (10,000)
 * @property {import('./socket.js').WebSocketConstructor} [WebSocket] the WebSocket to use instead of
 *   the `ws` package of the application (in Node) or the platform's
 * @property {boolean} [resume] resume the session after a drop, where the server offers it (true);
 *   sent messages are then kept until the server acknowledges them, at most `maxQueuedMessages`
 *   and `maxOutboundBytes` of them (past either `send` returns false)
 * @property {import('./tokens.js').TokenFunction} [token] credentials that expire (PROTOCOL.md
 *   section 12): asked before every connection attempt, whose upgrade carries the token, and
 *   again before the credentials the welcome's `ttl` gives run out, the new token going as an
 *   in-band refresh. It returns the token (or a promise of it); null or undefined when the user
 *   is gone, which stops the connector; it throws when it cannot tell now: tried again after the
 *   backoff. A token the server refused or let expire is never sent again
 * @property {string} [tokenQuery] the query param of the upgrade that carries the token (`token`);
 *   the only place a browser can put it
 * @property {{name?: string, prefix?: string}} [tokenHeader] put the token in a header instead
 *   (`Authorization`, after `Bearer `): only the ws package can set one
 */

/**
 * A wroustr client. Mirrors the Java `Connector`: register routes, layers and interceptors,
 * then `connect()`.
 *
 * ```js
 * const connector = new Connector('ws://localhost:9000', state)
 *   .route('CONNECTED', (params, dispatcher) => console.log('connected as', params.get('uuid')))
 *   .route('@PING', (params, dispatcher) => dispatcher.send('@PONG'));
 * await connector.connect();
 * ```
 *
 * Handlers run one at a time, in the order messages arrived; an async handler is awaited
 * before the next one starts. Replies to requests do not wait in that line: a handler may
 * await a request. The connector reconnects after a failure or a drop (exponential backoff
 * with jitter), raising `DISCONNECTED` and `CONNECTED` again; sends wait while it is away.
 * Where the server offers to resume (PROTOCOL.md section 11), a dropped connection that comes
 * back within the server's window raises `RESUMED` instead, with nothing lost either way.
 *
 * @template [S=unknown]
 */
export class Connector {
  #url;
  #state;
  /** @type {Router<S>} */
  #router;
  /** @type {Array<import('./interceptor.js').InterceptorFunction<S>>} */
  #incoming = [];
  /** @type {Array<import('./interceptor.js').InterceptorFunction<S>>} */
  #outgoing = [];
  #policy;
  #maxQueued;
  #maxParams;
  /** @type {Omit<import('./connection.js').ConnectionOptions, 'offerSubprotocol'>} */
  #connectionOptions;
  /** @type {import('./socket.js').WebSocketConstructor | undefined} */
  #webSocket;

  /** @type {Connection | null} the connection connecting or open */
  #current = null;
  // The number of the open connection (its attempt; that of the session's first one after a
  // resume), or -1: a reply to a request goes only on the connection, or session, it came on.
  #connection = -1;
  // The number of the connection whose session is away (dropped, resuming), or -1.
  #awayConnection = -1;
  #attempts = 0;
  // Attempts and drops since the last connection opened, for the backoff.
  #failures = 0;
  // Attempts that failed since the last connection opened, or since connect().
  #failedAttempts = 0;
  // Whether to keep trying before a first connection opened: connect({ retry: true }).
  #retryFirst = false;
  #everOpened = false;
  /** @type {string | null} */
  #uuid = null;
  /** @type {string[]} texts waiting for a connection */
  #queue = [];
  #requests;
  #ignoredReplies = 0;
  #inbound;
  #started = false;
  #closed = false;
  // Cleared when the ws package refused a server that selected no subprotocol (see #attempt).
  #offerSubprotocol = true;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #retryTimer;
  #first = settleable();
  #ended = settleable();
  /** @type {Dispatcher} */
  #dispatcher;
  #resume;
  /** @type {Tokens | null} */
  #tokens;

  /**
   * @param {string} url `ws://` or `wss://`
   * @param {S} state handed to every handler, layer and interceptor
   * @param {ConnectorOptions} [options]
   */
  constructor(url, state, options = {}) {
    if (typeof url !== 'string' || !/^wss?:\/\//i.test(url)) throw new Error(`url must start with ws:// or wss://: ${JSON.stringify(url)}`);
    this.#url = url;
    this.#state = state;
    this.#router = new Router(state);
    this.#policy = reconnectPolicy(options.reconnect);
    this.#maxQueued = positive('maxQueuedMessages', options.maxQueuedMessages ?? 1024);
    this.#inbound = new InboundQueue(this.#maxQueued, () => this.#current);
    this.#maxParams = positive('maxParams', options.maxParams ?? DEFAULT_MAX_PARAMS);
    this.#connectionOptions = {
      connectTimeout: positive('connectTimeout', options.connectTimeout ?? 10_000),
      maxMessageBytes: positive('maxMessageBytes', options.maxMessageBytes ?? 64 * 1024),
      maxOutboundBytes: positive('maxOutboundBytes', options.maxOutboundBytes ?? 1024 * 1024),
      closeTimeout: positive('closeTimeout', options.closeTimeout ?? 5000),
    };
    this.#requests = new Requests(positive('maxPendingRequests', options.maxPendingRequests ?? 256));
    this.#resume = new Resume(options.resume ?? true, this.#maxQueued, this.#connectionOptions.maxOutboundBytes);
    this.#webSocket = options.WebSocket;
    this.#tokens = Tokens.of(options, this.#policy);
    this.#dispatcher = new Dispatcher(this.#dispatcherLink());
    // Nobody need wait on connect(): a rejection no one handles must not end a Node process.
    this.#first.promise.catch(() => {});
  }

  /**
   * Registers the handler of `route`: a custom route (`@NAME`) or a named one (`CONNECTED`,
   * `DISCONNECTED`, `RESUMED`, `UNKNOWN`, `INVALID`, `ERROR`, `CONNECT-FAILED`). Throws for a route registered already, a
   * name that is neither, or one starting with `@$` (the protocol's).
   *
   * @param {string} route
   * @param {import('./router.js').Handler<S>} handler `(params, dispatcher, state)`, may be async
   * @returns {this}
   */
  route(route, handler) {
    this.#router.route(route, handler);
    return this;
  }

  /**
   * Adds a layer, run after those added before it, on the routes it applies to.
   *
   * @param {import('./layer.js').Layer} layer `Layer.named(...)` with its allow and block lists
   * @param {import('./router.js').LayerFunction<S>} fn returns `Layer.pass(params)` or `Layer.cancel()`
   * @returns {this}
   */
  layer(layer, fn) {
    this.#router.layer(layer, fn);
    return this;
  }

  /**
   * Adds an interceptor of received text, run before parsing, after those added before it.
   *
   * @param {import('./interceptor.js').InterceptorFunction<S>} interceptor
   * @returns {this}
   */
  interceptIncoming(interceptor) {
    this.#incoming.push(checkFunction(interceptor));
    return this;
  }

  /**
   * Adds an interceptor of sent text, run on the written text, after those added before it.
   *
   * @param {import('./interceptor.js').InterceptorFunction<S>} interceptor
   * @returns {this}
   */
  interceptOutgoing(interceptor) {
    this.#outgoing.push(checkFunction(interceptor));
    return this;
  }

  /**
   * Starts connecting. Every attempt that fails raises `CONNECT-FAILED` with the reason.
   *
   * By default the first attempt decides: `connect()` resolves when it opens, and if it fails
   * (the server is down, the URL is wrong, no WebSocket in the runtime) it rejects with the
   * reason and the connector is closed. With `{ retry: true }` the connector keeps trying,
   * with the `reconnect` backoff, until a connection opens (then `connect()` resolves) or
   * `close()` (then it rejects). Once a connection has opened, a drop is reconnected as the
   * `reconnect` option says, whichever way `connect()` was called.
   *
   * @param {{retry?: boolean}} [options]
   * @returns {Promise<void>} resolves when the first connection is open (after `CONNECTED`
   *   is queued); rejects as said above
   */
  connect({ retry = false } = {}) {
    if (this.#started) throw new Error('connect() was called already; a Connector connects once and reconnects by itself');
    if (this.#closed) throw new Error('this Connector is closed');
    if (retry && !this.#policy) throw new Error('connect({ retry: true }) retries with the reconnect backoff, and reconnect is false');
    this.#retryFirst = retry;
    this.#started = true;
    void this.#attempt();
    return this.#first.promise;
  }

  /** Whether a connection is open now. */
  isConnected() {
    return this.#connection >= 0;
  }

  /** The uuid the server's welcome gave this connection, or null while disconnected or from a server that sends none. */
  get uuid() {
    return this.#uuid;
  }

  /** The dispatcher handlers get: sends now, or queues while disconnected. */
  get dispatcher() {
    return this.#dispatcher;
  }

  /**
   * Counters: replies that no request waited for (dropped), invalid texts dropped for want of
   * an `INVALID` route, sends waiting for a connection, received messages waiting for the
   * handlers, requests waiting for replies, sent messages the server has not acknowledged yet
   * (kept for a resume), console warnings left unsaid (rate-limited).
   */
  get stats() {
    return {
      ignoredReplies: this.#ignoredReplies,
      droppedInvalid: this.#router.droppedInvalid,
      queuedMessages: this.#queue.length,
      receivedWaiting: this.#inbound.waiting,
      pendingRequests: this.#requests.size,
      unacknowledged: this.#resume.kept,
      suppressedWarnings: this.#router.suppressedWarnings,
    };
  }

  /**
   * Sends a message (its canonical text) or raw text exactly as written, through the outgoing
   * interceptors. While disconnected it waits, in order, for the next connection.
   *
   * @param {Message | string} message
   * @returns {boolean} false if closed, dropped by an interceptor, the queue is full, over
   *   `maxOutboundBytes` wait unsent (the connection then closes with 1008), or the session
   *   keeps as many unacknowledged as it may
   */
  send(message) {
    if (this.#closed) return false;
    const text = this.#outgoingText(typeof message === 'string' ? message : message.toText());
    if (text === null) return false;
    const current = this.#current;
    if (this.#connection >= 0 && current) return this.#write(current, text);
    return this.#enqueue(text);
  }

  /** Keeps `text` for the next connection, if there is room. @param {string} text */
  #enqueue(text) {
    // Each will be kept by the session once written: those kept now count too.
    if (this.#queue.length + this.#resume.kept >= this.#maxQueued) return false;
    this.#queue.push(text);
    return true;
  }

  /**
   * Sends `text` on `connection` now, and keeps it for a resume.
   *
   * @param {Connection} connection @param {string} text
   */
  #write(connection, text) {
    if (this.#resume.full() || !connection.send(text)) return false;
    this.#resume.sent(text);
    return true;
  }

  /**
   * Sends `message` as a request (`#$id N` first) and resolves to the reply: its route and
   * params, without `$re`. Unlike a send, a request is not queued while disconnected.
   *
   * ```js
   * const time = await connector.request(message('@TIME'), { timeout: 5000 });
   * Number(time.params.get('now'));
   * ```
   *
   * @param {Message | string} message
   * @param {{timeout?: number}} [options] timeout in ms (10,000 by default)
   * @returns {Promise<Message>} rejects with a {@link RequestError} whose `kind` says why: at
   *   once when not connected or past `maxPendingRequests`, when the connection closes first,
   *   at the timeout, or on the peer's error reply
   */
  async request(message, { timeout = 10_000 } = {}) {
    const { route, params } = typeof message === 'string' ? Message.parse(message) : message;
    if (!(timeout > 0)) throw new Error(`timeout must be positive: ${timeout}`);
    const connection = this.#connection;
    if (connection < 0) throw new RequestError(route, 'not-sent', `request ${route} not sent: not connected`);
    const { id, reply } = this.#requests.open(route, timeout);
    if (!this.#sendOn(connection, write(route, withFirst(params, REQUEST_KEY, id)))) {
      this.#requests.fail(id, 'not-sent', 'not sent: an outgoing interceptor dropped it');
    }
    return reply;
  }

  /**
   * Closes the connection with 1000 and stops reconnecting; waiting sends are dropped and
   * pending requests fail. `DISCONNECTED` runs if a connection was open (or a session was
   * resuming): once the server answers the close, or after `closeTimeout` if it does not.
   *
   * @returns {Promise<void>} resolves once the connection is closed and the handlers are done;
   *   a handler must not await it (it would wait for itself)
   */
  close() {
    this.#shutDown('', new Error(`connector for ${this.#url} closed before it connected`));
    return this.#ended.promise.then(() => this.#inbound.drained());
  }

  /**
   * Closes with 1000 and `reason`, and reconnects no more; `connect()`, if still waiting, fails with `error`.
   *
   * @param {string} reason @param {Error} error
   */
  #shutDown(reason, error) {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#tokens?.cancel();
    this.#queue = [];
    this.#requests.failAll('closed', 'failed: the connector was closed');
    this.#first.reject(error);
    if (this.#resume.away) {
      this.#resume.end();
      this.#sessionLost(1000, reason);
    }
    const current = this.#current;
    if (current) {
      current.close(1000, reason);
    } else {
      this.#ended.resolve();
    }
  }

  // ---- one connection attempt ----

  async #attempt() {
    this.#retryTimer = undefined;
    if (this.#closed) return;
    const number = ++this.#attempts;
    try {
      const WebSocketImpl = await webSocketConstructor(this.#webSocket);
      if (this.#closed) return;
      const tokens = this.#tokens;
      let url = this.#resume.url(this.#url);
      /** @type {Record<string, string> | undefined} */
      let headers;
      if (tokens) {
        if (tokens.inHeader && WebSocketImpl === globalThis.WebSocket) {
          throw new Error('tokenHeader needs the ws package (npm install ws): this WebSocket cannot set headers; use tokenQuery');
        }
        const token = await askToken(tokens);
        if (this.#closed) return;
        if (token === null) {
          this.#gone();
          return;
        }
        url = tokens.url(url, token);
        headers = tokens.headers(token);
      }
      this.#current = new Connection(WebSocketImpl, url, { offerSubprotocol: this.#offerSubprotocol, headers, ...this.#connectionOptions }, {
        opened: (connection, welcome) => this.#opened(connection, number, welcome),
        received: (text) => this.#received(text),
        ended: (connection, end) => {
          if (this.#current === connection) this.#current = null;
          // A server that selects no subprotocol, refused by the ws package: asked again at once
          // without the offer (so, without a welcome), now and on every reconnection.
          if (end.refusedSubprotocol && !end.wasOpen && this.#offerSubprotocol && !this.#closed) {
            this.#offerSubprotocol = false;
            void this.#attempt();
            return;
          }
          this.#attemptEnded(end.wasOpen, end.code, end.reason, end.failure);
        },
      });
    } catch (e) {
      this.#attemptEnded(false, 1006, '', e);
    }
  }

  /**
   * @param {Connection} connection
   * @param {number} number
   * @param {import('./params.js').Params | null} welcome
   * @returns {boolean} false if the connector was closed meanwhile (no CONNECTED, so no DISCONNECTED),
   *   or the connection resumed a session given up since
   */
  #opened(connection, number, welcome) {
    const outcome = this.#closed ? null : this.#resume.opened(welcome,
      (ack) => connection.send(ack, true), (kept) => connection.send(kept, true));
    if (!outcome || outcome.refused) {
      // A resume that crossed the end of its window here: the server's session ends with this close.
      connection.close(1000, outcome ? 'resumed a session this client ended: its window ran out' : '');
      return false;
    }
    const uuid = welcome?.get('uuid') ?? null;
    this.#connection = outcome.resumed ? this.#awayConnection : number;
    this.#awayConnection = -1;
    this.#uuid = uuid;
    this.#failures = 0;
    this.#failedAttempts = 0;
    this.#everOpened = true;
    const session = this.#connection;
    this.#tokens?.expiresIn(ttlOf(welcome), () => void this.#refresh(session));
    // Before anything CONNECTED sends: they were sent first. Accepted when they were queued,
    // they go out whatever the socket holds, and are kept for a resume even if they could not.
    const queued = this.#queue;
    this.#queue = [];
    for (const text of queued) {
      connection.send(text, true);
      this.#resume.sent(text);
    }
    if (outcome.lost !== null) this.#sessionLost(1006, `not resumed: ${outcome.lost}`);
    if (outcome.resumed) {
      this.#inbound.run(() => this.#router.onResumed(uuid, this.#dispatcher));
    } else {
      this.#inbound.run(() => this.#router.onConnected(uuid, this.#dispatcher));
    }
    this.#first.resolve();
    return true;
  }

  /**
   * The session that was away is gone (its window ran out, a resume failed, or close()): its
   * requests fail and the routes hear of it.
   *
   * @param {number} code @param {string} reason
   */
  #sessionLost(code, reason) {
    this.#awayConnection = -1;
    this.#requests.failAll('closed', `failed: the session ended (${reason || code})`);
    this.#inbound.run(() => this.#router.onDisconnected(code, reason, this.#dispatcher));
  }

  /** The token function gave no token before a connection: the connector stops, saying why. */
  #gone() {
    const error = new Error(`${NO_TOKEN}: not connecting to ${this.#url}`);
    const attempt = ++this.#failedAttempts;
    this.#inbound.run(() => this.#router.onConnectFailed(error.message, attempt, null, this.#dispatcher));
    this.#shutDown(SIGNED_OUT, error);
  }

  /**
   * Asks for a new token and sends it as a refresh on `session` (its number, as `#connection`):
   * the reply's `ttl` schedules the next; a failure is tried again after the backoff; a refusal
   * (the server closes with 3000 next) makes the token stale.
   *
   * @param {number} session
   */
  async #refresh(session) {
    const tokens = /** @type {Tokens} */ (this.#tokens);
    const current = () => !this.#closed && this.#connection === session;
    const again = () => void this.#refresh(session);
    if (!current()) return;
    let token;
    try {
      token = await tokens.ask();
    } catch {
      if (current()) tokens.retryLater(again);
      return;
    }
    if (!current()) return;
    if (token === null) {
      this.#shutDown(SIGNED_OUT, new Error(NO_TOKEN));
      return;
    }
    try {
      const reply = await this.request(new Message(REFRESH_ROUTE).param('token', token));
      if (current()) tokens.expiresIn(ttlOf(reply.params), again);
    } catch (e) {
      if (e instanceof RequestError && e.kind === 'refused') tokens.staleNow();
      else if (current()) tokens.retryLater(again);
    }
  }

  /**
   * @param {boolean} wasOpen
   * @param {number} code
   * @param {string} reason
   * @param {unknown} failure
   */
  #attemptEnded(wasOpen, code, reason, failure) {
    this.#tokens?.ended(code, failure);
    if (wasOpen) {
      const connection = this.#connection;
      this.#connection = -1;
      // A drop of a session that can resume: the routes hear nothing unless it does not.
      const reconnecting = !this.#closed && this.#policy !== null;
      if (this.#resume.dropped(code, reconnecting, () => {
        this.#uuid = null;
        this.#sessionLost(1006, 'not resumed: expired');
      })) {
        this.#awayConnection = connection;
      } else {
        this.#uuid = null;
        this.#requests.failAll('closed', `failed: the connection closed with ${code}`);
        this.#inbound.run(() => this.#router.onDisconnected(code, reason ?? '', this.#dispatcher));
      }
    }
    if (this.#closed) {
      this.#ended.resolve();
      return;
    }
    const policy = this.#policy;
    const retry = policy !== null && (wasOpen || this.#everOpened || this.#retryFirst);
    const delay = retry ? backoffDelay(policy, ++this.#failures) : null;
    /** @type {Error | null} */
    let failed = null;
    if (!wasOpen) {
      failed = new Error(`could not connect to ${this.#url}: ${whyNotConnected(failure, code, reason)}`, { cause: failure });
      const error = failed.message;
      const attempt = ++this.#failedAttempts;
      this.#inbound.run(() => this.#router.onConnectFailed(error, attempt, delay, this.#dispatcher));
    }
    if (delay === null) {
      // Not retrying: a failed first attempt fails connect(), a drop ends the connector.
      this.#closed = true;
      this.#queue = [];
      this.#first.reject(failed ?? new Error(`connector for ${this.#url} closed with ${code}`));
      this.#ended.resolve();
      return;
    }
    this.#retryTimer = setTimeout(() => void this.#attempt(), delay);
  }

  // ---- what arrives ----

  /** Interceptors, parse and the reserved forms, at once; handlers in their line. @param {string} text */
  #received(text) {
    if (this.#resume.took(text)) return;
    /** @type {string | null} */
    let current;
    try {
      current = intercept(this.#incoming, text, this.#uuid, this.#state);
    } catch (e) {
      this.#inbound.received(() => this.#router.raiseError('', e, this.#dispatcher));
      return;
    }
    if (current === null) return;
    let parsed;
    try {
      parsed = parse(current, this.#maxParams);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      const raw = current;
      this.#inbound.received(() => this.#router.onInvalid(e, raw, this.#dispatcher));
      return;
    }
    const form = classify(parsed.route, parsed.params);
    switch (form.kind) {
      case 'reply':
      case 'error-reply': {
        const id = /** @type {string} */ (form.id);
        const answered = form.kind === 'reply'
          ? this.#requests.answer(id, new Message(form.route, form.params), null)
          : this.#requests.answer(id, null, form.params.get('error', 'handler-failed'));
        if (!answered) this.#ignoredReplies++;
        return;
      }
      case 'welcome':
        // Only the first message of a connection is its welcome; another never reaches a route.
        return;
      case 'refresh': {
        // Only a client refreshes (PROTOCOL.md section 12); no route of this side answers one.
        new Dispatcher(this.#dispatcherLink(), { id: /** @type {string} */ (form.id), connection: this.#connection, answered: false })[ANSWER_ERROR]('unknown-route');
        return;
      }
      case 'request': {
        const dispatcher = new Dispatcher(this.#dispatcherLink(), { id: /** @type {string} */ (form.id), connection: this.#connection, answered: false });
        this.#inbound.received(() => this.#router.onMessage(form.route, form.params, dispatcher));
        return;
      }
      default:
        this.#inbound.received(() => this.#router.onMessage(form.route, form.params, this.#dispatcher));
    }
  }

  /** @type {import('./dispatcher.js').Link | undefined} */
  #link;

  #dispatcherLink() {
    this.#link ??= {
      send: (message) => this.send(message),
      request: (message, requestOptions) => this.request(message, requestOptions),
      sendOn: (connection, text) => this.#sendOn(connection, text),
      connection: () => this.#connection,
      uuid: () => this.#uuid,
      close: () => void this.close(),
    };
    return this.#link;
  }

  // ---- what goes out ----

  /** @param {string} text @returns {string | null} */
  #outgoingText(text) {
    try {
      return intercept(this.#outgoing, text, this.#uuid, this.#state);
    } catch (e) {
      this.#inbound.run(() => this.#router.raiseError('', e, this.#dispatcher));
      return null;
    }
  }

  /**
   * Sends on connection `connection` only, now: a reply or a request means nothing on another.
   *
   * @param {number} connection @param {string} text
   */
  #sendOn(connection, text) {
    const current = this.#current;
    // A session away is the same session: its replies wait for the resume as sends do.
    const away = connection >= 0 && connection === this.#awayConnection;
    if (!away && (connection < 0 || connection !== this.#connection || !current || !current.isOpen)) return false;
    const out = this.#outgoingText(text);
    if (out === null) return false;
    return away ? this.#enqueue(out) : this.#write(/** @type {Connection} */ (current), out);
  }
}

/**
 * Why an attempt ended without a connection, in words.
 *
 * @param {unknown} failure @param {number} code @param {string} reason
 */
function whyNotConnected(failure, code, reason) {
  if (failure instanceof Error) return failure.message;
  // A browser tells a page no more: the reason is in its console.
  if (code === 1006 && !reason) return 'the connection failed';
  return `closed with ${code}${reason ? ` ${reason}` : ''}`;
}

/** @param {string} name @param {number} value */
function positive(name, value) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer: ${value}`);
  return value;
}

/** @template {Function} F @param {F} fn @returns {F} */
function checkFunction(fn) {
  if (typeof fn !== 'function') throw new Error(`an interceptor must be a function: ${typeof fn}`);
  return fn;
}

/** A promise with its resolve and reject, settled once. */
function settleable() {
  /** @type {() => void} */
  let resolve = () => {};
  /** @type {(error: Error) => void} */
  let reject = () => {};
  /** @type {Promise<void>} */
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * A token for the next attempt, or null when the user is gone; a failure says it was the token's.
 *
 * @param {Tokens} tokens
 */
async function askToken(tokens) {
  try {
    return await tokens.ask();
  } catch (e) {
    throw new Error(`no token: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
