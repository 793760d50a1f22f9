/**
 * A message's params: ordered `[key, value]` pairs with unique keys, values always strings.
 * Immutable: `with` and `without` return new Params. Mirrors the Java `Params`.
 *
 * ```js
 * const params = Params.of('user', 'bob', 'note', 'hi there');
 * params.get('user');              // 'bob'
 * params.get('missing');           // undefined
 * params.get('missing', 'anon');   // 'anon'
 * params.require('user');          // 'bob'; a missing key throws, naming it
 * [...params];                     // [['user', 'bob'], ['note', 'hi there']]
 * ```
 */
export class Params {
    /** @type {Params} */
    static EMPTY: Params;
    /**
     * Params from alternating keys and values: `Params.of('k', 'v', 'n', 1)`.
     * Values become strings; a repeated key keeps its last value at its first place.
     *
     * @param {...unknown} keysAndValues
     * @returns {Params}
     */
    static of(...keysAndValues: unknown[]): Params;
    /**
     * Params from `[key, value]` pairs, a `Map`, a plain object or other Params.
     *
     * @param {Params | Iterable<readonly [string, unknown]> | Record<string, unknown>} source
     * @returns {Params}
     */
    static from(source: Params | Iterable<readonly [string, unknown]> | Record<string, unknown>): Params;
    /**
     * Takes `pairs` as they are: keys must be unique. Use {@link Params.of} or
     * {@link Params.from} for anything built by hand.
     *
     * @param {Array<[string, string]>} pairs
     */
    constructor(pairs: Array<[string, string]>);
    /** How many params. */
    get size(): number;
    /**
     * The value of `key`, or `fallback` (undefined unless given) when there is none.
     *
     * @template [F=undefined]
     * @param {string} key
     * @param {F} [fallback]
     * @returns {string | F}
     */
    get<F = undefined>(key: string, fallback?: F): string | F;
    /**
     * The value of `key`; throws when there is none, naming the key.
     *
     * @param {string} key
     * @returns {string}
     */
    require(key: string): string;
    /** @param {string} key */
    has(key: string): boolean;
    /**
     * These params with `key` set to `String(value)`: in its place if present, else last.
     *
     * @param {string} key
     * @param {unknown} value
     * @returns {Params}
     */
    with(key: string, value: unknown): Params;
    /**
     * These params without `key` (the same Params if it has none).
     *
     * @param {string} key
     * @returns {Params}
     */
    without(key: string): Params;
    /** The key at `index` (0 first), or undefined. @param {number} index */
    keyAt(index: number): string;
    /** The value at `index` (0 first), or undefined. @param {number} index */
    valueAt(index: number): string;
    /**
     * A copy of the pairs, in order.
     *
     * @returns {Array<[string, string]>}
     */
    entries(): Array<[string, string]>;
    /** @returns {string[]} */
    keys(): string[];
    /** A plain object of the params (keys in order). @returns {Record<string, string>} */
    toObject(): Record<string, string>;
    /** JSON.stringify writes the pairs. */
    toJSON(): [string, string][];
    /** @returns {Iterator<[string, string]>} */
    [Symbol.iterator](): Iterator<[string, string]>;
    #private;
}
