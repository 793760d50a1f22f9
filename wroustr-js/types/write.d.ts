/**
 * The canonical text of a message: the route, then ` #key value` per param, in order; a
 * value bare unless it is empty or holds white space, a quote or a backslash, else in single
 * quotes with `\ ' \n \r \t` escaped.
 *
 * ```js
 * write('@SAY', [['text', 'hello world']]);   // "@SAY #text 'hello world'"
 * ```
 *
 * @param {string} route `@` and a name without white space
 * @param {Params | Iterable<readonly [string, unknown]> | Record<string, unknown>} [params]
 * @returns {string}
 * @throws {Error} naming the route or key that cannot be written
 */
export function write(route: string, params?: Params | Iterable<readonly [string, unknown]> | Record<string, unknown>): string;
/**
 * A value as it goes on the wire, bare or quoted.
 *
 * @param {string} value
 */
export function writeValue(value: string): string;
/** Whether `route` can be written: `@` and a name without white space. @param {unknown} route */
export function isRoute(route: unknown): boolean;
/** @param {unknown} route */
export function checkRoute(route: unknown): void;
/** @param {unknown} key */
export function checkKey(key: unknown): void;
import { Params } from './params.js';
