// Takes one message through PROTOCOL.md section 6 once it is parsed: route lookup, layers,
// handler; and raises the named routes. The Connector calls it one message at a time.
import { ANSWER_ERROR, Dispatcher } from './dispatcher.js';
import { checkRouteName } from './names.js';
import { Params } from './params.js';
import { WarnOnce } from './warn.js';

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
export class Router {
  /** @type {Map<string, Handler<S>>} */
  #routes = new Map();
  /** @type {Array<{layer: import('./layer.js').Layer, fn: LayerFunction<S>}>} */
  #layers = [];
  #warnings = new WarnOnce();
  #state;
  /** Invalid texts dropped for want of an INVALID route. */
  droppedInvalid = 0;

  /** Console warnings left unsaid by the once-a-minute rule. */
  get suppressedWarnings() {
    return this.#warnings.suppressed;
  }

  /** @param {S} state */
  constructor(state) {
    this.#state = state;
  }

  /**
   * @param {string} route
   * @param {Handler<S>} handler
   */
  route(route, handler) {
    checkRouteName(route);
    if (typeof handler !== 'function') throw new Error(`the handler of ${route} is not a function`);
    if (this.#routes.has(route)) throw new Error(`route ${route} is registered already`);
    this.#routes.set(route, handler);
  }

  /**
   * @param {import('./layer.js').Layer} layer
   * @param {LayerFunction<S>} fn
   */
  layer(layer, fn) {
    if (!layer || typeof layer.appliesTo !== 'function') throw new Error('layer(Layer.named(...), fn) needs a Layer');
    if (typeof fn !== 'function') throw new Error(`the function of layer ${layer.name} is not a function`);
    this.#layers.push({ layer, fn });
  }

  /**
   * A custom route's message, or a request (`dispatcher` then answers it).
   *
   * @param {string} route
   * @param {Params} params
   * @param {Dispatcher} dispatcher
   */
  async onMessage(route, params, dispatcher) {
    const handler = this.#routes.get(route);
    if (!handler) {
      dispatcher[ANSWER_ERROR]('unknown-route');
      if (!this.#routes.has('UNKNOWN')) {
        this.#warnings.warn(route, `no route ${route} and no UNKNOWN route: dropped a message from the server`);
        return;
      }
      await this.#report('UNKNOWN', params.with('route', route), dispatcher);
      return;
    }
    const outcome = await this.#run(route, params, handler, dispatcher);
    if (outcome !== 'handled') dispatcher[ANSWER_ERROR](outcome === 'cancelled' ? 'cancelled' : 'handler-failed');
  }

  /**
   * @param {import('./parse.js').ParseError} error
   * @param {string} raw
   * @param {Dispatcher} dispatcher
   */
  async onInvalid(error, raw, dispatcher) {
    if (!this.#routes.has('INVALID')) {
      this.droppedInvalid++;
      this.#warnings.warn(`invalid:${error.kind}`, `an invalid message (${error.kind} at ${error.offset}) and no INVALID route: dropped it`);
      return;
    }
    await this.#report('INVALID', Params.of('error', error.kind, 'offset', error.offset, 'raw', raw), dispatcher);
  }

  /**
   * @param {string | null} uuid from the welcome
   * @param {Dispatcher} dispatcher
   */
  async onConnected(uuid, dispatcher) {
    const handler = this.#routes.get('CONNECTED');
    if (handler) await this.#run('CONNECTED', uuid == null ? Params.EMPTY : Params.of('uuid', uuid), handler, dispatcher);
  }

  /**
   * A dropped connection resumed its session (PROTOCOL.md section 11): instead of DISCONNECTED and CONNECTED.
   *
   * @param {string | null} uuid the session's, from the welcome
   * @param {Dispatcher} dispatcher
   */
  async onResumed(uuid, dispatcher) {
    const handler = this.#routes.get('RESUMED');
    if (handler) await this.#run('RESUMED', uuid == null ? Params.EMPTY : Params.of('uuid', uuid), handler, dispatcher);
  }

  /**
   * @param {number} code
   * @param {string} reason
   * @param {Dispatcher} dispatcher
   */
  async onDisconnected(code, reason, dispatcher) {
    const handler = this.#routes.get('DISCONNECTED');
    if (handler) await this.#run('DISCONNECTED', Params.of('code', code, 'reason', reason), handler, dispatcher);
  }

  /**
   * An attempt to connect failed: to `CONNECT-FAILED`, or, when another attempt follows, to the
   * console, once a minute (a failure that ends the connector fails `connect()` instead).
   *
   * @param {string} error why
   * @param {number} attempt failed attempts in a row
   * @param {number | null} retryIn ms to the next attempt, or null if none follows
   * @param {Dispatcher} dispatcher
   */
  async onConnectFailed(error, attempt, retryIn, dispatcher) {
    if (this.#routes.has('CONNECT-FAILED')) {
      const params = Params.of('error', error, 'attempt', attempt);
      await this.#report('CONNECT-FAILED', retryIn === null ? params : params.with('retryIn', retryIn), dispatcher);
    } else if (retryIn !== null) {
      this.#warnings.warn('connect-failed', `${error} (attempt ${attempt}, the next in ${retryIn} ms)`);
    }
  }

  /**
   * A failure of a handler, layer or interceptor (`route` '' for an interceptor): to `ERROR`,
   * or to the console where there is none.
   *
   * @param {string} route
   * @param {unknown} failure
   * @param {Dispatcher} dispatcher
   */
  async raiseError(route, failure, dispatcher) {
    const handler = this.#routes.get('ERROR');
    const what = route === '' ? 'an interceptor' : `route ${route}`;
    if (!handler || route === 'ERROR') {
      this.#warnings.warn(`error:${route}`, `${what} failed`, failure);
      return;
    }
    const error = failure instanceof Error ? failure.message : String(failure);
    try {
      await handler(Params.of('route', route, 'error', error), dispatcher, this.#state);
    } catch (e) {
      this.#warnings.warn('error:ERROR', `the ERROR route failed while reporting that ${what} failed`, e);
    }
  }

  /**
   * Layers in order, each that applies to `route`, then the handler.
   *
   * @param {string} route
   * @param {Params} params
   * @param {Handler<S>} handler
   * @param {Dispatcher} dispatcher
   * @returns {Promise<Outcome>}
   */
  async #run(route, params, handler, dispatcher) {
    for (const { layer, fn } of this.#layers) {
      if (!layer.appliesTo(route)) continue;
      let result;
      try {
        result = await fn(params, dispatcher, this.#state);
      } catch (e) {
        await this.raiseError(route, e, dispatcher);
        return 'failed';
      }
      if (!result || !result.passed) return 'cancelled';
      params = result.params;
    }
    try {
      await handler(params, dispatcher, this.#state);
      return 'handled';
    } catch (e) {
      await this.raiseError(route, e, dispatcher);
      return 'failed';
    }
  }

  /**
   * A report route (UNKNOWN, INVALID, CONNECT-FAILED): it passes no layer.
   *
   * @param {string} route
   * @param {Params} params
   * @param {Dispatcher} dispatcher
   */
  async #report(route, params, dispatcher) {
    const handler = /** @type {Handler<S>} */ (this.#routes.get(route));
    try {
      await handler(params, dispatcher, this.#state);
    } catch (e) {
      await this.raiseError(route, e, dispatcher);
    }
  }
}
