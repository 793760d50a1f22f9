// The canonical writer of PROTOCOL.md section 8: what every wroustr peer sends, so that
// parse(write(m)) gives m back whatever the values hold.
import { Params } from './params.js';

// Unicode White_Space (not JavaScript's \s, which adds U+FEFF and leaves out U+0085), and the
// characters a bare value cannot hold: quotes and the backslash.
const NEEDS_QUOTES = /[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000'"\\]/;
const TO_ESCAPE = /[\\'\n\r\t]/g;
/** @type {Record<string, string>} */
const ESCAPED = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const ASCII_WHITE_SPACE = /[\t-\r ]/;

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
export function write(route, params = Params.EMPTY) {
  checkRoute(route);
  let text = route;
  const pairs = params instanceof Params ? params
    : Symbol.iterator in Object(params) ? /** @type {Iterable<readonly [string, unknown]>} */ (params)
      : Object.entries(params);
  for (const [key, value] of pairs) {
    checkKey(key);
    text += ' #' + key + ' ' + writeValue(String(value));
  }
  return text;
}

/**
 * A value as it goes on the wire, bare or quoted.
 *
 * @param {string} value
 */
export function writeValue(value) {
  if (value !== '' && !NEEDS_QUOTES.test(value)) return value;
  return "'" + value.replace(TO_ESCAPE, (c) => ESCAPED[c]) + "'";
}

/** Whether `route` can be written: `@` and a name without white space. @param {unknown} route */
export function isRoute(route) {
  return typeof route === 'string' && route.length >= 2 && route[0] === '@' && !ASCII_WHITE_SPACE.test(route);
}

/** @param {unknown} route */
export function checkRoute(route) {
  if (!isRoute(route)) {
    throw new Error(`route must start with '@' and hold no white space: ${JSON.stringify(route)}`);
  }
}

/** @param {unknown} key */
export function checkKey(key) {
  if (typeof key !== 'string' || key === '' || ASCII_WHITE_SPACE.test(key)) {
    throw new Error(`key must not be empty nor hold white space: ${JSON.stringify(key)}`);
  }
}
