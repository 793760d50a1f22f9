// A queue of what arrived, to wait on: take() fails after a while saying what did arrive.

/** @template T */
export class Recorder {
  /** @type {T[]} */
  #items = [];
  /** @type {Array<(item: T) => void>} */
  #waiters = [];
  /** @type {T[]} everything added, for failure messages */
  #seen = [];

  /** @param {T} item */
  add = (item) => {
    this.#seen.push(item);
    const waiter = this.#waiters.shift();
    if (waiter) waiter(item);
    else this.#items.push(item);
  };

  /**
   * The next item, waiting up to `timeout` ms for it.
   *
   * @param {number} [timeout]
   * @returns {Promise<T>}
   */
  take(timeout = 5000) {
    if (this.#items.length > 0) return Promise.resolve(/** @type {T} */ (this.#items.shift()));
    return new Promise((resolve, reject) => {
      const waiter = (/** @type {T} */ item) => {
        clearTimeout(timer);
        resolve(item);
      };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`nothing arrived within ${timeout} ms; all that arrived: ${JSON.stringify(this.#seen)}`));
      }, timeout);
      this.#waiters.push(waiter);
    });
  }

  /** Fails if anything arrived that was not taken. */
  assertExhausted() {
    if (this.#items.length > 0) throw new Error(`not taken: ${JSON.stringify(this.#items)}`);
  }
}

/** Resolves after `ms`. @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
