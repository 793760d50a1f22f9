/**
 * A route's handler. It may be async: the next message waits for its promise.
 *
 * @template S
 * @typedef {(params: Params, dispatcher: Dispatcher, state: S) => unknown} Handler
 */
/**
 * A layer's function: `Layer.pass(params)` or `Layer.cancel()`, or a promise of either.
 *
 * @template S
 * @typedef {(params: Params, dispatcher: Dispatcher, state: S) =>
 *   import('./layer.js').LayerResult | Promise<import('./layer.js').LayerResult>} LayerFunction
 */
/** @typedef {'handled' | 'cancelled' | 'failed'} Outcome */
/** @template S */
export class Router<S> {
    /** @param {S} state */
    constructor(state: S);
    /** Invalid texts dropped for want of an INVALID route. */
    droppedInvalid: number;
    /** Console warnings left unsaid by the once-a-minute rule. */
    get suppressedWarnings(): number;
    /**
     * @param {string} route
     * @param {Handler<S>} handler
     */
    route(route: string, handler: Handler<S>): void;
    /**
     * @param {import('./layer.js').Layer} layer
     * @param {LayerFunction<S>} fn
     */
    layer(layer: import("./layer.js").Layer, fn: LayerFunction<S>): void;
    /**
     * A custom route's message, or a request (`dispatcher` then answers it).
     *
     * @param {string} route
     * @param {Params} params
     * @param {Dispatcher} dispatcher
     */
    onMessage(route: string, params: Params, dispatcher: Dispatcher): Promise<void>;
    /**
     * @param {import('./parse.js').ParseError} error
     * @param {string} raw
     * @param {Dispatcher} dispatcher
     */
    onInvalid(error: import("./parse.js").ParseError, raw: string, dispatcher: Dispatcher): Promise<void>;
    /**
     * @param {string | null} uuid from the welcome
     * @param {Dispatcher} dispatcher
     */
    onConnected(uuid: string | null, dispatcher: Dispatcher): Promise<void>;
    /**
     * A dropped connection resumed its session (PROTOCOL.md section 11): instead of DISCONNECTED and CONNECTED.
     *
     * @param {string | null} uuid the session's, from the welcome
     * @param {Dispatcher} dispatcher
     */
    onResumed(uuid: string | null, dispatcher: Dispatcher): Promise<void>;
    /**
     * @param {number} code
     * @param {string} reason
     * @param {Dispatcher} dispatcher
     */
    onDisconnected(code: number, reason: string, dispatcher: Dispatcher): Promise<void>;
    /**
     * An attempt to connect failed: to `CONNECT-FAILED`, or, when another attempt follows, to the
     * console, once a minute (a failure that ends the connector fails `connect()` instead).
     *
     * @param {string} error why
     * @param {number} attempt failed attempts in a row
     * @param {number | null} retryIn ms to the next attempt, or null if none follows
     * @param {Dispatcher} dispatcher
     */
    onConnectFailed(error: string, attempt: number, retryIn: number | null, dispatcher: Dispatcher): Promise<void>;
    /**
     * A failure of a handler, layer or interceptor (`route` '' for an interceptor): to `ERROR`,
     * or to the console where there is none.
     *
     * @param {string} route
     * @param {unknown} failure
     * @param {Dispatcher} dispatcher
     */
    raiseError(route: string, failure: unknown, dispatcher: Dispatcher): Promise<void>;
    #private;
}
/**
 * A route's handler. It may be async: the next message waits for its promise.
 */
export type Handler<S> = (params: Params, dispatcher: Dispatcher, state: S) => unknown;
/**
 * A layer's function: `Layer.pass(params)` or `Layer.cancel()`, or a promise of either.
 */
export type LayerFunction<S> = (params: Params, dispatcher: Dispatcher, state: S) => import("./layer.js").LayerResult | Promise<import("./layer.js").LayerResult>;
export type Outcome = "handled" | "cancelled" | "failed";
import { Params } from './params.js';
import { Dispatcher } from './dispatcher.js';
