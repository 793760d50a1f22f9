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
export class Connector<S = unknown> {
    /**
     * @param {string} url `ws://` or `wss://`
     * @param {S} state handed to every handler, layer and interceptor
     * @param {ConnectorOptions} [options]
     */
    constructor(url: string, state: S, options?: ConnectorOptions);
    /**
     * Registers the handler of `route`: a custom route (`@NAME`) or a named one (`CONNECTED`,
     * `DISCONNECTED`, `RESUMED`, `UNKNOWN`, `INVALID`, `ERROR`, `CONNECT-FAILED`). Throws for a route registered already, a
     * name that is neither, or one starting with `@$` (the protocol's).
     *
     * @param {string} route
     * @param {import('./router.js').Handler<S>} handler `(params, dispatcher, state)`, may be async
     * @returns {this}
     */
    route(route: string, handler: import("./router.js").Handler<S>): this;
    /**
     * Adds a layer, run after those added before it, on the routes it applies to.
     *
     * @param {import('./layer.js').Layer} layer `Layer.named(...)` with its allow and block lists
     * @param {import('./router.js').LayerFunction<S>} fn returns `Layer.pass(params)` or `Layer.cancel()`
     * @returns {this}
     */
    layer(layer: import("./layer.js").Layer, fn: import("./router.js").LayerFunction<S>): this;
    /**
     * Adds an interceptor of received text, run before parsing, after those added before it.
     *
     * @param {import('./interceptor.js').InterceptorFunction<S>} interceptor
     * @returns {this}
     */
    interceptIncoming(interceptor: import("./interceptor.js").InterceptorFunction<S>): this;
    /**
     * Adds an interceptor of sent text, run on the written text, after those added before it.
     *
     * @param {import('./interceptor.js').InterceptorFunction<S>} interceptor
     * @returns {this}
     */
    interceptOutgoing(interceptor: import("./interceptor.js").InterceptorFunction<S>): this;
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
    connect({ retry }?: {
        retry?: boolean;
    }): Promise<void>;
    /** Whether a connection is open now. */
    isConnected(): boolean;
    /** The uuid the server's welcome gave this connection, or null while disconnected or from a server that sends none. */
    get uuid(): string | null;
    /** The dispatcher handlers get: sends now, or queues while disconnected. */
    get dispatcher(): Dispatcher;
    /**
     * Counters: replies that no request waited for (dropped), invalid texts dropped for want of
     * an `INVALID` route, sends waiting for a connection, received messages waiting for the
     * handlers, requests waiting for replies, sent messages the server has not acknowledged yet
     * (kept for a resume), console warnings left unsaid (rate-limited).
     */
    get stats(): {
        ignoredReplies: number;
        droppedInvalid: number;
        queuedMessages: number;
        receivedWaiting: number;
        pendingRequests: number;
        unacknowledged: number;
        suppressedWarnings: number;
    };
    /**
     * Sends a message (its canonical text) or raw text exactly as written, through the outgoing
     * interceptors. While disconnected it waits, in order, for the next connection.
     *
     * @param {Message | string} message
     * @returns {boolean} false if closed, dropped by an interceptor, the queue is full, over
     *   `maxOutboundBytes` wait unsent (the connection then closes with 1008), or the session
     *   keeps as many unacknowledged as it may
     */
    send(message: Message | string): boolean;
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
    request(message: Message | string, { timeout }?: {
        timeout?: number;
    }): Promise<Message>;
    /**
     * Closes the connection with 1000 and stops reconnecting; waiting sends are dropped and
     * pending requests fail. `DISCONNECTED` runs if a connection was open (or a session was
     * resuming): once the server answers the close, or after `closeTimeout` if it does not.
     *
     * @returns {Promise<void>} resolves once the connection is closed and the handlers are done;
     *   a handler must not await it (it would wait for itself)
     */
    close(): Promise<void>;
    #private;
}
export type ConnectorOptions = {
    /**
     * `{min, max}` ms of backoff
     * (250 and 30,000 by default), or false to never reconnect
     */
    reconnect?: import("./reconnect.js").ReconnectOption | undefined;
    /**
     * sends waiting for a connection (1,024; past it `send` returns
     * false), and received messages waiting for the handlers (1,024; past it a socket that can pause
     * stops reading until they are down to half, one that cannot is closed with 1008)
     */
    maxQueuedMessages?: number | undefined;
    /**
     * the largest message taken from the server, in UTF-8 bytes
     * (65,536); a bigger one closes the connection with 1009
     */
    maxMessageBytes?: number | undefined;
    /**
     * bytes the socket may hold unsent (1 MiB); past it `send`
     * returns false and closes the connection with 1008, as the server reads too slowly
     */
    maxOutboundBytes?: number | undefined;
    /**
     * ms a close waits for the server's answer before the socket
     * is cut and `DISCONNECTED` runs (5,000)
     */
    closeTimeout?: number | undefined;
    /**
     * requests waiting for replies (256); past it `request` fails at once
     */
    maxPendingRequests?: number | undefined;
    /**
     * distinct keys in a received message (128); past it the text is invalid
     */
    maxParams?: number | undefined;
    /**
     * ms for the handshake and the server's welcome (10,000)
     */
    connectTimeout?: number | undefined;
    /**
     * the WebSocket to use instead of
     * the `ws` package of the application (in Node) or the platform's
     */
    WebSocket?: import("./socket.js").WebSocketConstructor | undefined;
    /**
     * resume the session after a drop, where the server offers it (true);
     * sent messages are then kept until the server acknowledges them, at most `maxQueuedMessages`
     * and `maxOutboundBytes` of them (past either `send` returns false)
     */
    resume?: boolean | undefined;
    /**
     * credentials that expire (PROTOCOL.md
     * section 12): asked before every connection attempt, whose upgrade carries the token, and
     * again before the credentials the welcome's `ttl` gives run out, the new token going as an
     * in-band refresh. It returns the token (or a promise of it); null or undefined when the user
     * is gone, which stops the connector; it throws when it cannot tell now: tried again after the
     * backoff. A token the server refused or let expire is never sent again
     */
    token?: import("./tokens.js").TokenFunction | undefined;
    /**
     * the query param of the upgrade that carries the token (`token`);
     * the only place a browser can put it
     */
    tokenQuery?: string | undefined;
    /**
     * put the token in a header instead
     * (`Authorization`, after `Bearer `): only the ws package can set one
     */
    tokenHeader?: {
        name?: string;
        prefix?: string;
    } | undefined;
};
import { Dispatcher } from './dispatcher.js';
import { Message } from './message.js';
