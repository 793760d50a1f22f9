// Layers (PROTOCOL.md section 7): which routes a layer function runs on, and what it decides.
import { checkRouteName } from './names.js';

/**
 * What a layer function decided: the params to pass on, or a cancel.
 *
 * @typedef {{passed: true, params: import('./params.js').Params} | {passed: false}} LayerResult
 */

/** @type {LayerResult} */
const CANCEL = Object.freeze({ passed: false });

/**
 * A name and two lists of routes, `allow` and `block`. A layer applies to route R when `allow`
 * is empty or holds R, and `block` does not hold R; one that does not apply is skipped. Layers
 * see custom routes and `CONNECTED` / `DISCONNECTED`. Immutable: each call returns a new layer.
 *
 * ```js
 * connector.layer(Layer.named('AUTH').allow('@SECRET').block('CONNECTED', 'DISCONNECTED'),
 *   (params, dispatcher, state) => state.token ? Layer.pass(params.with('token', state.token)) : Layer.cancel());
 * ```
 */
export class Layer {
  /**
   * @param {string} name
   * @param {ReadonlySet<string>} allowed
   * @param {ReadonlySet<string>} blocked
   */
  constructor(name, allowed, blocked) {
    /** @readonly */
    this.name = name;
    /** @readonly */
    this.allowed = allowed;
    /** @readonly */
    this.blocked = blocked;
    Object.freeze(this);
  }

  /**
   * A layer that applies to every route until `allow` or `block` narrows it.
   *
   * @param {string} name for logs
   */
  static named(name) {
    if (typeof name !== 'string' || name.trim() === '') throw new Error(`layer name is blank: ${JSON.stringify(name)}`);
    return new Layer(name, new Set(), new Set());
  }

  /**
   * This layer, also allowed on `routes`; once any route is allowed, only allowed routes run it.
   * Throws on a string that is no route, such as `'CONNECTED, DISCONNECTED'` (one per argument).
   *
   * @param {...string} routes
   */
  allow(...routes) {
    return new Layer(this.name, union(this.allowed, routes), this.blocked);
  }

  /**
   * This layer, never run on `routes`. Throws as `allow` does.
   *
   * @param {...string} routes
   */
  block(...routes) {
    return new Layer(this.name, this.allowed, union(this.blocked, routes));
  }

  /** Whether this layer runs on `route`. @param {string} route */
  appliesTo(route) {
    return (this.allowed.size === 0 || this.allowed.has(route)) && !this.blocked.has(route);
  }

  /**
   * Passes the message on to the next layer or the handler with `params`.
   *
   * @param {import('./params.js').Params} params
   * @returns {LayerResult}
   */
  static pass(params) {
    if (params == null) throw new Error('Layer.pass needs the params to pass on');
    return { passed: true, params };
  }

  /** Stops the message here: later layers and the handler do not run. @returns {LayerResult} */
  static cancel() {
    return CANCEL;
  }

  /**
   * A layer function in the original's form, a yes/no check: true (or a promise of true)
   * passes the params on unchanged, anything else cancels.
   *
   * @template D, S
   * @param {(params: import('./params.js').Params, dispatcher: D, state: S) => boolean | Promise<boolean>} check
   * @returns {(params: import('./params.js').Params, dispatcher: D, state: S) => Promise<LayerResult>}
   */
  static check(check) {
    if (typeof check !== 'function') throw new Error('Layer.check needs a function');
    return async (params, dispatcher, state) => ((await check(params, dispatcher, state)) === true ? Layer.pass(params) : CANCEL);
  }

  toString() {
    return `Layer[${this.name}, allow=[${[...this.allowed]}], block=[${[...this.blocked]}]]`;
  }
}

/** @param {ReadonlySet<string>} base @param {string[]} routes */
function union(base, routes) {
  // Any name a handler can be registered for, and no other: the original's own example wrote
  // vec!["CONNECTED, DISCONNECTED"], one string that matches nothing.
  for (const route of routes) checkRouteName(route);
  return new Set([...base, ...routes]);
}
