// The protocol's reserved forms (PROTOCOL.md sections 9 to 12), told apart in one place.
import { Params } from './params.js';

export const REQUEST_KEY = '$id';
export const REPLY_KEY = '$re';
export const ERROR_ROUTE = '@$error';
export const WELCOME_ROUTE = '@$welcome';
export const ACK_ROUTE = '@$ack';
export const REFRESH_ROUTE = '@$refresh';

const REQUEST_ID = /^[0-9]{1,18}$/;

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
export function classify(route, params) {
  if (route === WELCOME_ROUTE) return { kind: 'welcome', route, params };
  if (route === ACK_ROUTE) return { kind: 'ack', route, params };
  const first = params.keyAt(0);
  if (first === REPLY_KEY) {
    return { kind: route === ERROR_ROUTE ? 'error-reply' : 'reply', route, params: params.without(REPLY_KEY), id: params.valueAt(0) };
  }
  if (first === REQUEST_KEY && isRequestId(params.valueAt(0))) {
    return { kind: route === REFRESH_ROUTE ? 'refresh' : 'request', route, params: params.without(REQUEST_KEY), id: params.valueAt(0) };
  }
  return { kind: 'message', route, params };
}

/** Whether `id` can be a request's id: 1 to 18 ASCII digits. @param {unknown} id */
export function isRequestId(id) {
  return typeof id === 'string' && REQUEST_ID.test(id);
}

/**
 * `params` with `key` put first (a request's `$id`, a reply's `$re`).
 *
 * @param {Params} params @param {string} key @param {string} value
 */
export function withFirst(params, key, value) {
  /** @type {Array<[string, string]>} */
  const pairs = [[key, value]];
  for (const pair of params) if (pair[0] !== key) pairs.push(pair);
  return new Params(pairs);
}
