// The parser of PROTOCOL.md sections 2 and 3, in one pass over the text's UTF-16 code units,
// so offsets are JavaScript string indexes, as the protocol counts them.
import { Params } from './params.js';

/** The default bound on a message's distinct keys (PROTOCOL.md section 3). */
export const DEFAULT_MAX_PARAMS = 128;

// Past this many params, repeated keys are found through a Map: a linear scan per key would
// make a text with many params (a receiver may raise the limit) quadratic.
const LINEAR_SCAN_LIMIT = 16;

/**
 * An invalid text: `kind` is one of the protocol's error kinds (`empty`, `not-a-route`,
 * `not-a-key`, `missing-value`, `unterminated-quote`, `bad-escape`, `junk-after-quote`,
 * `too-many-params`), `offset` where the parser noticed it.
 */
export class ParseError extends Error {
  /**
   * @param {string} kind
   * @param {number} offset
   */
  constructor(kind, offset) {
    super(`${kind} at ${offset}`);
    this.name = 'ParseError';
    this.kind = kind;
    this.offset = offset;
  }
}

/**
 * Parses one wire text.
 *
 * ```js
 * const { route, params } = parse("@LOGIN #user bob #note 'hi there'");
 * route;               // '@LOGIN'
 * params.get('note');  // 'hi there'
 * ```
 *
 * @param {string} text
 * @param {number} [maxParams] distinct keys allowed (128 by default)
 * @returns {{route: string, params: Params}}
 * @throws {ParseError} when the text is invalid
 */
export function parse(text, maxParams = DEFAULT_MAX_PARAMS) {
  const end = text.length;
  let i = skipWhiteSpace(text, 0);
  if (i === end) throw new ParseError('empty', end);

  let start = i;
  i = tokenEnd(text, start);
  if (text.charCodeAt(start) !== 64 /* @ */ || i - start === 1) throw new ParseError('not-a-route', start);
  const route = text.slice(start, i);

  /** @type {Array<[string, string]>} */
  const pairs = [];
  /** @type {Map<string, number> | null} */
  let index = null;
  while ((i = skipWhiteSpace(text, i)) < end) {
    start = i;
    i = tokenEnd(text, start);
    if (text.charCodeAt(start) !== 35 /* # */ || i - start === 1) throw new ParseError('not-a-key', start);
    const key = text.slice(start + 1, i);
    const at = index ? (index.get(key) ?? -1) : linearIndexOf(pairs, key);
    // A repeated key replaces a value and adds no param, so it never exceeds the limit.
    if (at < 0 && pairs.length >= maxParams) throw new ParseError('too-many-params', start);

    i = skipWhiteSpace(text, i);
    if (i === end) throw new ParseError('missing-value', end);
    let value;
    const first = text.charCodeAt(i);
    if (first === 39 /* ' */ || first === 34 /* " */) {
      const close = closingQuote(text, i, first);
      value = unquote(text, i + 1, close);
      i = close + 1;
      if (i < end && !isWhiteSpace(text.charCodeAt(i))) throw new ParseError('junk-after-quote', i);
    } else {
      const valueStart = i;
      i = tokenEnd(text, i);
      value = text.slice(valueStart, i);
    }

    if (at >= 0) {
      pairs[at][1] = value;
    } else {
      pairs.push([key, value]);
      if (index) index.set(key, pairs.length - 1);
      else if (pairs.length === LINEAR_SCAN_LIMIT) index = new Map(pairs.map(([k], j) => [k, j]));
    }
  }
  return { route, params: pairs.length === 0 ? Params.EMPTY : new Params(pairs) };
}

/**
 * The ASCII white space of the grammar: SP HTAB LF VT FF CR. Other spaces are namechars.
 *
 * @param {number} c a UTF-16 code unit
 */
export function isWhiteSpace(c) {
  return c === 32 || (c >= 9 && c <= 13);
}

/** @param {string} text @param {number} i */
function skipWhiteSpace(text, i) {
  const end = text.length;
  while (i < end && isWhiteSpace(text.charCodeAt(i))) i++;
  return i;
}

/** @param {string} text @param {number} i */
function tokenEnd(text, i) {
  const end = text.length;
  while (i < end && !isWhiteSpace(text.charCodeAt(i))) i++;
  return i;
}

/** @param {Array<[string, string]>} pairs @param {string} key */
function linearIndexOf(pairs, key) {
  for (let j = 0; j < pairs.length; j++) if (pairs[j][0] === key) return j;
  return -1;
}

/**
 * The index of the quote that closes the one at `open`, checking escapes on the way.
 *
 * @param {string} text
 * @param {number} open
 * @param {number} quote the quote's code unit
 */
function closingQuote(text, open, quote) {
  const end = text.length;
  for (let i = open + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === quote) return i;
    if (c === 92 /* \ */) {
      // A backslash that ends the text leaves the quote open rather than a bad escape.
      if (i + 1 === end) break;
      if (ESCAPES[text[i + 1]] === undefined) throw new ParseError('bad-escape', i);
      i++;
    }
  }
  throw new ParseError('unterminated-quote', end);
}

/** @type {Record<string, string>} */
const ESCAPES = { '\\': '\\', "'": "'", '"': '"', n: '\n', r: '\r', t: '\t' };

/**
 * The quoted content between `from` and `to`, its escapes (already checked) undone.
 *
 * @param {string} text @param {number} from @param {number} to
 */
function unquote(text, from, to) {
  let backslash = text.indexOf('\\', from);
  // Most quoted values hold no backslash: one slice.
  if (backslash < 0 || backslash >= to) return text.slice(from, to);
  let value = '';
  let copied = from;
  while (backslash >= 0 && backslash < to) {
    value += text.slice(copied, backslash) + ESCAPES[text[backslash + 1]];
    copied = backslash + 2;
    backslash = text.indexOf('\\', copied);
  }
  return value + text.slice(copied, to);
}
