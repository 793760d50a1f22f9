/**
 * A request that failed. `kind` says why: `timeout`, `closed` (the connection dropped or
 * closed), `not-sent` (not connected, or an outgoing interceptor dropped it),
 * `too-many-pending`, or the peer's error reply: `handler-failed`, `unknown-route`,
 * `cancelled`, `limited`.
 */
export class RequestError extends Error {
    /**
     * @param {string} route the request's route
     * @param {string} kind
     * @param {string} message
     */
    constructor(route: string, kind: string, message: string);
    route: string;
    kind: string;
}
/**
 * @typedef {{route: string, started: number, stopTimer: () => void,
 *   resolve: (reply: Message) => void, reject: (error: RequestError) => void}} Pending
 */
/** One connection's pending requests. */
export class Requests {
    /** @param {number} max how many may wait at once */
    constructor(max: number);
    get size(): number;
    /**
     * A new pending request on `route` with its own id; it fails with `timeout` after `timeout` ms.
     *
     * @param {string} route
     * @param {number} timeout
     * @returns {{id: string, reply: Promise<Message>}}
     * @throws {RequestError} `too-many-pending` at once when the bound is reached
     */
    open(route: string, timeout: number): {
        id: string;
        reply: Promise<Message>;
    };
    /**
     * Completes request `id` with `reply`, or fails it with the peer's `errorKind`.
     *
     * @param {string} id
     * @param {Message | null} reply null for an error reply
     * @param {string | null} errorKind
     * @returns {boolean} false if no request waits for `id` (the caller counts it)
     */
    answer(id: string, reply: Message | null, errorKind: string | null): boolean;
    /**
     * Fails request `id` at once (it could not be sent).
     *
     * @param {string} id @param {string} kind @param {string} why
     */
    fail(id: string, kind: string, why: string): void;
    /**
     * Fails every pending request: the connection is gone, so no reply can come.
     *
     * @param {string} kind @param {string} why
     */
    failAll(kind: string, why: string): void;
    #private;
}
export type Pending = {
    route: string;
    started: number;
    stopTimer: () => void;
    resolve: (reply: Message) => void;
    reject: (error: RequestError) => void;
};
import { Message } from './message.js';
