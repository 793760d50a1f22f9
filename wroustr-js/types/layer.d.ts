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
     * A layer that applies to every route until `allow` or `block` narrows it.
     *
     * @param {string} name for logs
     */
    static named(name: string): Layer;
    /**
     * Passes the message on to the next layer or the handler with `params`.
     *
     * @param {import('./params.js').Params} params
     * @returns {LayerResult}
     */
    static pass(params: import("./params.js").Params): LayerResult;
    /** Stops the message here: later layers and the handler do not run. @returns {LayerResult} */
    static cancel(): LayerResult;
    /**
     * A layer function in the original's form, a yes/no check: true (or a promise of true)
     * passes the params on unchanged, anything else cancels.
     *
     * @template D, S
     * @param {(params: import('./params.js').Params, dispatcher: D, state: S) => boolean | Promise<boolean>} check
     * @returns {(params: import('./params.js').Params, dispatcher: D, state: S) => Promise<LayerResult>}
     */
    static check<D, S>(check: (params: import("./params.js").Params, dispatcher: D, state: S) => boolean | Promise<boolean>): (params: import("./params.js").Params, dispatcher: D, state: S) => Promise<LayerResult>;
    /**
     * @param {string} name
     * @param {ReadonlySet<string>} allowed
     * @param {ReadonlySet<string>} blocked
     */
    constructor(name: string, allowed: ReadonlySet<string>, blocked: ReadonlySet<string>);
    /** @readonly */
    readonly name: string;
    /** @readonly */
    readonly allowed: ReadonlySet<string>;
    /** @readonly */
    readonly blocked: ReadonlySet<string>;
    /**
     * This layer, also allowed on `routes`; once any route is allowed, only allowed routes run it.
     * Throws on a string that is no route, such as `'CONNECTED, DISCONNECTED'` (one per argument).
     *
     * @param {...string} routes
     */
    allow(...routes: string[]): Layer;
    /**
     * This layer, never run on `routes`. Throws as `allow` does.
     *
     * @param {...string} routes
     */
    block(...routes: string[]): Layer;
    /** Whether this layer runs on `route`. @param {string} route */
    appliesTo(route: string): boolean;
    toString(): string;
}
/**
 * What a layer function decided: the params to pass on, or a cancel.
 */
export type LayerResult = {
    passed: true;
    params: import("./params.js").Params;
} | {
    passed: false;
};
