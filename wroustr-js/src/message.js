// A message to send, built with its params rather than by hand, so values are quoted as needed.
import { Params } from './params.js';
import { parse } from './parse.js';
import { checkKey, checkRoute, write } from './write.js';

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
   * @param {string} route `@` and a name without white space
   * @param {Params} [params]
   */
  constructor(route, params = Params.EMPTY) {
    checkRoute(route);
    /** @readonly */
    this.route = route;
    /** @readonly */
    this.params = params;
  }

  /**
   * This message with `key` set to `String(value)` (in its place if present, else last).
   *
   * @param {string} key
   * @param {unknown} value
   * @returns {Message}
   */
  param(key, value) {
    checkKey(key);
    return new Message(this.route, this.params.with(key, value));
  }

  /** The canonical wire text. */
  toText() {
    return write(this.route, this.params);
  }

  toString() {
    return this.toText();
  }

  /**
   * The message a wire text holds.
   *
   * @param {string} text
   * @param {number} [maxParams]
   * @throws {import('./parse.js').ParseError}
   */
  static parse(text, maxParams) {
    const { route, params } = parse(text, maxParams);
    return new Message(route, params);
  }
}

/**
 * A message on `route`, with `params` if given (pairs, a Map, an object or Params).
 *
 * @param {string} route
 * @param {Params | Iterable<readonly [string, unknown]> | Record<string, unknown>} [params]
 * @returns {Message}
 */
export function message(route, params) {
  return new Message(route, params === undefined ? Params.EMPTY : Params.from(params));
}
