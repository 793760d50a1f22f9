// Credentials that expire (PROTOCOL.md section 12), the client's side: asks the application's
// token function for each connection's upgrade and, where the welcome says the credentials
// expire, again before they do. A token the server refused or let expire is stale: it is never
// sent again, even if the function gives it once more. Mirrors the Java client's ClientTokens.
import { backoffDelay } from './reconnect.js';

/** The close codes after which the token last sent is stale: refused (3000), expired (3005). */
export const CREDENTIALS_REFUSED = 3000;
export const CREDENTIALS_EXPIRED = 3005;
/** The close reason when the token function gives no token while connected. */
export const SIGNED_OUT = 'signed out: no token';
/** Why a connector stops when the token function gives no token before a connection. */
export const NO_TOKEN = 'the token function gave no token: the user is gone';
/** How many stale tokens are remembered: a token function gives back the last one or two, not older ones. */
const STALE_KEPT = 16;
/** The backoff of a refresh whose token function or request failed, when reconnects are off. */
const RETRY = Object.freeze({ min: 250, max: 30_000 });

/**
 * What gives a token: a string, or null or undefined when the user is gone; or a promise of one.
 *
 * @typedef {() => string | null | undefined | Promise<string | null | undefined>} TokenFunction
 */

/**
 * @typedef {object} TokenOptions
 * @property {TokenFunction} [token]
 * @property {string} [tokenQuery]
 * @property {{name?: string, prefix?: string}} [tokenHeader]
 */

/** The credentials of one Connector. */
export class Tokens {
  #supplier;
  /** @type {string | null} */
  #query;
  /** @type {{name: string, prefix: string} | null} */
  #header;
  #retry;
  /** @type {string[]} */
  #stale = [];
  /** @type {string | null} the token last given */
  #current = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #timer;
  #failures = 0;

  /**
   * The credentials `options` ask for, or null where they set no `token`.
   *
   * @param {TokenOptions} options
   * @param {{min: number, max: number} | null} policy the reconnect backoff, also that of failed refreshes
   */
  static of(options, policy) {
    const { token, tokenQuery, tokenHeader } = options;
    if (token === undefined || token === null) {
      if (tokenQuery !== undefined || tokenHeader !== undefined) throw new Error('tokenQuery and tokenHeader need a token function');
      return null;
    }
    if (typeof token !== 'function') throw new Error(`token must be a function: ${typeof token}`);
    if (tokenQuery !== undefined && tokenHeader !== undefined) throw new Error('the token goes in tokenQuery or in tokenHeader, not both');
    if (tokenQuery !== undefined && (typeof tokenQuery !== 'string' || tokenQuery === '')) throw new Error(`tokenQuery must be a name: ${JSON.stringify(tokenQuery)}`);
    const header = tokenHeader === undefined ? null : { name: tokenHeader.name ?? 'Authorization', prefix: tokenHeader.prefix ?? 'Bearer ' };
    return new Tokens(token, header === null ? tokenQuery ?? 'token' : null, header, policy ?? RETRY);
  }

  /**
   * @param {TokenFunction} supplier @param {string | null} query @param {{name: string, prefix: string} | null} header
   * @param {{min: number, max: number}} retry
   */
  constructor(supplier, query, header, retry) {
    this.#supplier = supplier;
    this.#query = query;
    this.#header = header;
    this.#retry = retry;
  }

  /** Whether the token goes in a header, which only the ws package can set. */
  get inHeader() {
    return this.#header !== null;
  }

  /**
   * Asks the token function. Resolves to the token, or null when the user is gone; rejects when
   * the function threw, or gave back a stale token.
   *
   * @returns {Promise<string | null>}
   */
  async ask() {
    const token = await this.#supplier();
    if (token === null || token === undefined) return null;
    if (typeof token !== 'string') throw new Error(`the token function gave a ${typeof token}, not a string`);
    if (this.#stale.includes(token)) throw new Error('the token function gave back a token the server refused or let expire');
    this.#current = token;
    return token;
  }

  /** `url` with the token in its query, where it goes there. @param {string} url @param {string} token */
  url(url, token) {
    if (this.#query === null) return url;
    const withQuery = new URL(url);
    withQuery.searchParams.set(this.#query, token);
    return withQuery.href;
  }

  /** The upgrade's headers with the token, where it goes in one. @param {string} token @returns {Record<string, string> | undefined} */
  headers(token) {
    return this.#header === null ? undefined : { [this.#header.name]: this.#header.prefix + token };
  }

  /**
   * A connection ended with `code` (or an upgrade failed with `failure`): no refresh is due, and
   * after a refusal or an expiry the token last sent is stale.
   *
   * @param {number} code @param {unknown} [failure]
   */
  ended(code, failure) {
    this.cancel();
    const refusedAtUpgrade = failure instanceof Error && /Unexpected server response: 401\b/.test(failure.message);
    if (code === CREDENTIALS_REFUSED || code === CREDENTIALS_EXPIRED || refusedAtUpgrade) this.staleNow();
  }

  /** The token last given is never sent again (a refused refresh's). */
  staleNow() {
    if (this.#current === null) return;
    this.#stale = this.#stale.filter((token) => token !== this.#current);
    this.#stale.push(this.#current);
    if (this.#stale.length > STALE_KEPT) this.#stale.shift();
    this.#current = null;
  }

  /**
   * Credentials good for `ttl` ms (null: they do not expire): `refresh` runs at 80 to 90 percent
   * of that time, so that clients given one expiry do not all refresh at once.
   *
   * @param {number | null} ttl @param {() => void} refresh
   */
  expiresIn(ttl, refresh) {
    this.cancel();
    this.#failures = 0;
    if (ttl === null) return;
    this.#timer = setTimeout(refresh, Math.floor(ttl * (0.8 + 0.1 * Math.random())));
  }

  /** A refresh failed (the token function threw, or the request): `refresh` runs again after the backoff. @param {() => void} refresh */
  retryLater(refresh) {
    this.cancel();
    this.#timer = setTimeout(refresh, backoffDelay(this.#retry, ++this.#failures));
  }

  /** No refresh is due (the connection closed). */
  cancel() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** The `ttl` of a welcome or a refresh's reply, in ms, or null where there is none. @param {import('./params.js').Params | null} params */
export function ttlOf(params) {
  const ttl = params?.get('ttl');
  return ttl != null && /^[0-9]{1,15}$/.test(ttl) ? Number(ttl) : null;
}
