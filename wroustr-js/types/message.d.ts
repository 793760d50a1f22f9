/**
 * A message on `route`, with `params` if given (pairs, a Map, an object or Params).
 *
 * @param {string} route
 * @param {Params | Iterable<readonly [string, unknown]> | Record<string, unknown>} [params]
 * @returns {Message}
 */
export function message(route: string, params?: Params | Iterable<readonly [string, unknown]> | Record<string, unknown>): Message;
/**
 * A route and its params. Immutable: `param` returns a new message.
 *
 * ```js
 * const login = message('@LOGIN').param('user', 'bob').param('note', 'hi there');
 * login.toText();   // "@LOGIN #user bob #note 'hi there'"
 * ```
 */
export class Message {
    /**
     * The message a wire text holds.
     *
     * @param {string} text
     * @param {number} [maxParams]
     * @throws {import('./parse.js').ParseError}
     */
    static parse(text: string, maxParams?: number): Message;
    /**
     * @param {string} route `@` and a name without white space
     * @param {Params} [params]
     */
    constructor(route: string, params?: Params);
    /** @readonly */
    readonly route: string;
    /** @readonly */
    readonly params: Params;
    /**
     * This message with `key` set to `String(value)` (in its place if present, else last).
     *
     * @param {string} key
     * @param {unknown} value
     * @returns {Message}
     */
    param(key: string, value: unknown): Message;
    /** The canonical wire text. */
    toText(): string;
    toString(): string;
}
import { Params } from './params.js';
