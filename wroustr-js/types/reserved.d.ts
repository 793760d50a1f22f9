/**
 * @typedef {'message' | 'request' | 'reply' | 'error-reply' | 'welcome' | 'ack' | 'refresh'} Kind
 * @typedef {{kind: Kind, route: string, params: Params, id?: string}} Classified
 */
/**
 * What a parsed message is. Only the first param marks a request or a reply, and `$id` only
 * when it is 1 to 18 ASCII digits. A request on `@$refresh` is a `refresh` (section 12). For
 * requests, refreshes and replies, `id` is that param's value and `params` are the rest.
 *
 * @param {string} route
 * @param {Params} params
 * @returns {Classified}
 */
export function classify(route: string, params: Params): Classified;
/** Whether `id` can be a request's id: 1 to 18 ASCII digits. @param {unknown} id */
export function isRequestId(id: unknown): boolean;
/**
 * `params` with `key` put first (a request's `$id`, a reply's `$re`).
 *
 * @param {Params} params @param {string} key @param {string} value
 */
export function withFirst(params: Params, key: string, value: string): Params;
export const REQUEST_KEY: "$id";
export const REPLY_KEY: "$re";
export const ERROR_ROUTE: "@$error";
export const WELCOME_ROUTE: "@$welcome";
export const ACK_ROUTE: "@$ack";
export const REFRESH_ROUTE: "@$refresh";
export type Kind = "message" | "request" | "reply" | "error-reply" | "welcome" | "ack" | "refresh";
export type Classified = {
    kind: Kind;
    route: string;
    params: Params;
    id?: string;
};
import { Params } from './params.js';
