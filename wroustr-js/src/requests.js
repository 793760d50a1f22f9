// The requests this side waits on (PROTOCOL.md section 9): ids, timeouts and the bound.
import { Message } from './message.js';

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
  constructor(route, kind, message) {
    super(message);
    this.name = 'RequestError';
    this.route = route;
    this.kind = kind;
  }
}

// Ids stay below 2^53, so they count exactly; 18 digits would be allowed.
const MAX_ID = 1e15;

/**
 * @typedef {{route: string, started: number, stopTimer: () => void,
 *   resolve: (reply: Message) => void, reject: (error: RequestError) => void}} Pending
 */

/** One connection's pending requests. */
export class Requests {
  /** @type {Map<string, Pending>} */
  #pending = new Map();
  #next = 0;
  #max;

  /** @param {number} max how many may wait at once */
  constructor(max) {
    this.#max = max;
  }

  get size() {
    return this.#pending.size;
  }

  /**
   * A new pending request on `route` with its own id; it fails with `timeout` after `timeout` ms.
   *
   * @param {string} route
   * @param {number} timeout
   * @returns {{id: string, reply: Promise<Message>}}
   * @throws {RequestError} `too-many-pending` at once when the bound is reached
   */
  open(route, timeout) {
    if (this.#pending.size >= this.#max) {
      throw new RequestError(route, 'too-many-pending', `request ${route} not sent: ${this.#max} requests already wait for replies`);
    }
    let id;
    do {
      this.#next = this.#next >= MAX_ID ? 1 : this.#next + 1;
      id = String(this.#next);
    } while (this.#pending.has(id));
    const started = Date.now();
    /** @type {Pending | undefined} */
    let pending;
    /** @type {Promise<Message>} */
    const reply = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new RequestError(route, 'timeout', `request ${route} timed out after ${Date.now() - started} ms`));
      }, timeout);
      pending = { route, started, stopTimer: () => clearTimeout(timer), resolve, reject };
    });
    // The executor has run: Promise calls it at once.
    this.#pending.set(id, /** @type {Pending} */ (pending));
    return { id, reply };
  }

  /**
   * Completes request `id` with `reply`, or fails it with the peer's `errorKind`.
   *
   * @param {string} id
   * @param {Message | null} reply null for an error reply
   * @param {string | null} errorKind
   * @returns {boolean} false if no request waits for `id` (the caller counts it)
   */
  answer(id, reply, errorKind) {
    const pending = this.#pending.get(id);
    if (!pending) return false;
    this.#pending.delete(id);
    pending.stopTimer();
    if (reply) {
      pending.resolve(reply);
    } else {
      pending.reject(new RequestError(pending.route, errorKind ?? 'handler-failed',
        `request ${pending.route} failed after ${Date.now() - pending.started} ms: the peer answered ${errorKind}`));
    }
    return true;
  }

  /**
   * Fails request `id` at once (it could not be sent).
   *
   * @param {string} id @param {string} kind @param {string} why
   */
  fail(id, kind, why) {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    pending.stopTimer();
    pending.reject(new RequestError(pending.route, kind, `request ${pending.route} ${why}`));
  }

  /**
   * Fails every pending request: the connection is gone, so no reply can come.
   *
   * @param {string} kind @param {string} why
   */
  failAll(kind, why) {
    for (const id of [...this.#pending.keys()]) {
      const pending = /** @type {Pending} */ (this.#pending.get(id));
      this.fail(id, kind, `${why} after ${Date.now() - pending.started} ms`);
    }
  }
}
