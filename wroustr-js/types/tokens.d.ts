/** The `ttl` of a welcome or a refresh's reply, in ms, or null where there is none. @param {import('./params.js').Params | null} params */
export function ttlOf(params: import("./params.js").Params | null): number | null;
/** The close codes after which the token last sent is stale: refused (3000), expired (3005). */
export const CREDENTIALS_REFUSED: 3000;
export const CREDENTIALS_EXPIRED: 3005;
/** The close reason when the token function gives no token while connected. */
export const SIGNED_OUT: "signed out: no token";
/** Why a connector stops when the token function gives no token before a connection. */
export const NO_TOKEN: "the token function gave no token: the user is gone";
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
    /**
     * The credentials `options` ask for, or null where they set no `token`.
     *
     * @param {TokenOptions} options
     * @param {{min: number, max: number} | null} policy the reconnect backoff, also that of failed refreshes
     */
    static of(options: TokenOptions, policy: {
        min: number;
        max: number;
    } | null): Tokens | null;
    /**
     * @param {TokenFunction} supplier @param {string | null} query @param {{name: string, prefix: string} | null} header
     * @param {{min: number, max: number}} retry
     */
    constructor(supplier: TokenFunction, query: string | null, header: {
        name: string;
        prefix: string;
    } | null, retry: {
        min: number;
        max: number;
    });
    /** Whether the token goes in a header, which only the ws package can set. */
    get inHeader(): boolean;
    /**
     * Asks the token function. Resolves to the token, or null when the user is gone; rejects when
     * the function threw, or gave back a stale token.
     *
     * @returns {Promise<string | null>}
     */
    ask(): Promise<string | null>;
    /** `url` with the token in its query, where it goes there. @param {string} url @param {string} token */
    url(url: string, token: string): string;
    /** The upgrade's headers with the token, where it goes in one. @param {string} token @returns {Record<string, string> | undefined} */
    headers(token: string): Record<string, string> | undefined;
    /**
     * A connection ended with `code` (or an upgrade failed with `failure`): no refresh is due, and
     * after a refusal or an expiry the token last sent is stale.
     *
     * @param {number} code @param {unknown} [failure]
     */
    ended(code: number, failure?: unknown): void;
    /** The token last given is never sent again (a refused refresh's). */
    staleNow(): void;
    /**
     * Credentials good for `ttl` ms (null: they do not expire): `refresh` runs at 80 to 90 percent
     * of that time, so that clients given one expiry do not all refresh at once.
     *
     * @param {number | null} ttl @param {() => void} refresh
     */
    expiresIn(ttl: number | null, refresh: () => void): void;
    /** A refresh failed (the token function threw, or the request): `refresh` runs again after the backoff. @param {() => void} refresh */
    retryLater(refresh: () => void): void;
    /** No refresh is due (the connection closed). */
    cancel(): void;
    #private;
}
/**
 * What gives a token: a string, or null or undefined when the user is gone; or a promise of one.
 */
export type TokenFunction = () => string | null | undefined | Promise<string | null | undefined>;
export type TokenOptions = {
    token?: TokenFunction | undefined;
    tokenQuery?: string | undefined;
    tokenHeader?: {
        name?: string;
        prefix?: string;
    } | undefined;
};
