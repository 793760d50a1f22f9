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
export function parse(text: string, maxParams?: number): {
    route: string;
    params: Params;
};
/**
 * The ASCII white space of the grammar: SP HTAB LF VT FF CR. Other spaces are namechars.
 *
 * @param {number} c a UTF-16 code unit
 */
export function isWhiteSpace(c: number): boolean;
/** The default bound on a message's distinct keys (PROTOCOL.md section 3). */
export const DEFAULT_MAX_PARAMS: 128;
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
    constructor(kind: string, offset: number);
    kind: string;
    offset: number;
}
import { Params } from './params.js';
