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
  /** @type {ReadonlyArray<readonly [string, string]>} */
  #pairs;

  /**
   * Takes `pairs` as they are: keys must be unique. Use {@link Params.of} or
   * {@link Params.from} for anything built by hand.
   *
   * @param {Array<[string, string]>} pairs
   */
  constructor(pairs) {
    this.#pairs = pairs;
  }

  /** @type {Params} */
  static EMPTY = new Params([]);

  /**
   * Params from alternating keys and values: `Params.of('k', 'v', 'n', 1)`.
   * Values become strings; a repeated key keeps its last value at its first place.
   *
   * @param {...unknown} keysAndValues
   * @returns {Params}
   */
  static of(...keysAndValues) {
    if (keysAndValues.length % 2 !== 0) throw new Error('Params.of needs a value for every key');
    let params = Params.EMPTY;
    for (let i = 0; i < keysAndValues.length; i += 2) {
      params = params.with(String(keysAndValues[i]), keysAndValues[i + 1]);
    }
    return params;
  }

  /**
   * Params from `[key, value]` pairs, a `Map`, a plain object or other Params.
   *
   * @param {Params | Iterable<readonly [string, unknown]> | Record<string, unknown>} source
   * @returns {Params}
   */
  static from(source) {
    if (source instanceof Params) return source;
    const pairs = Symbol.iterator in Object(source)
      ? /** @type {Iterable<readonly [string, unknown]>} */ (source)
      : Object.entries(source);
    let params = Params.EMPTY;
    for (const [key, value] of pairs) params = params.with(key, value);
    return params;
  }

  /** How many params. */
  get size() {
    return this.#pairs.length;
  }

  /**
   * The value of `key`, or `fallback` (undefined unless given) when there is none.
   *
   * @template [F=undefined]
   * @param {string} key
   * @param {F} [fallback]
   * @returns {string | F}
   */
  get(key, fallback) {
    const i = this.#indexOf(key);
    return i < 0 ? /** @type {F} */ (fallback) : this.#pairs[i][1];
  }

  /**
   * The value of `key`; throws when there is none, naming the key.
   *
   * @param {string} key
   * @returns {string}
   */
  require(key) {
    const i = this.#indexOf(key);
    if (i < 0) throw new Error(`missing param #${key}`);
    return this.#pairs[i][1];
  }

  /** @param {string} key */
  has(key) {
    return this.#indexOf(key) >= 0;
  }

  /**
   * These params with `key` set to `String(value)`: in its place if present, else last.
   *
   * @param {string} key
   * @param {unknown} value
   * @returns {Params}
   */
  with(key, value) {
    const text = String(value);
    const i = this.#indexOf(key);
    const pairs = this.#pairs.map((pair) => /** @type {[string, string]} */ ([pair[0], pair[1]]));
    if (i < 0) pairs.push([key, text]);
    else pairs[i] = [key, text];
    return new Params(pairs);
  }

  /**
   * These params without `key` (the same Params if it has none).
   *
   * @param {string} key
   * @returns {Params}
   */
  without(key) {
    const i = this.#indexOf(key);
    if (i < 0) return this;
    return new Params(/** @type {Array<[string, string]>} */ (this.#pairs.filter((_, j) => j !== i)));
  }

  /** The key at `index` (0 first), or undefined. @param {number} index */
  keyAt(index) {
    return this.#pairs[index]?.[0];
  }

  /** The value at `index` (0 first), or undefined. @param {number} index */
  valueAt(index) {
    return this.#pairs[index]?.[1];
  }

  /**
   * A copy of the pairs, in order.
   *
   * @returns {Array<[string, string]>}
   */
  entries() {
    return this.#pairs.map((pair) => /** @type {[string, string]} */ ([pair[0], pair[1]]));
  }

  /** @returns {string[]} */
  keys() {
    return this.#pairs.map((pair) => pair[0]);
  }

  /** A plain object of the params (keys in order). @returns {Record<string, string>} */
  toObject() {
    return Object.fromEntries(this.#pairs);
  }

  /** JSON.stringify writes the pairs. */
  toJSON() {
    return this.entries();
  }

  /** @returns {Iterator<[string, string]>} */
  [Symbol.iterator]() {
    return this.entries()[Symbol.iterator]();
  }

  /** @param {string} key */
  #indexOf(key) {
    const pairs = this.#pairs;
    for (let i = 0; i < pairs.length; i++) if (pairs[i][0] === key) return i;
    return -1;
  }
}
