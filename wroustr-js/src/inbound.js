// The handlers' line: jobs run one at a time, in the order queued, and the received messages
// waiting in it are bounded (maxQueuedMessages), as the Java client's InboundQueue bounds them.

/** @typedef {() => Promise<unknown>} Job */

export class InboundQueue {
  #max;
  #current;
  /** Received messages whose jobs have not finished. */
  #waiting = 0;
  /** @type {Promise<unknown>} the last job of the line */
  #tail = Promise.resolve();

  /**
   * @param {number} max received messages that may wait
   * @param {() => import('./connection.js').Connection | null} current the connection open now
   */
  constructor(max, current) {
    this.#max = max;
    this.#current = current;
  }

  /** Received messages waiting for their handlers, the one running included. */
  get waiting() {
    return this.#waiting;
  }

  /** Resolves once every job queued so far has finished. */
  drained() {
    return this.#tail.then(() => {});
  }

  /** Runs `job` after every job queued before it has finished. @param {Job} job */
  run(job) {
    this.#tail = this.#tail.then(job).catch((e) => console.warn('wroustr: a handler job failed', e));
  }

  /**
   * Queues the handling of a received message. Past the bound a socket that can pause stops
   * reading until the line is down to half, and TCP slows the server; a browser's cannot, and
   * takes whatever arrives, so its connection is closed with 1008 and the message dropped.
   *
   * @param {Job} job
   */
  received(job) {
    const connection = this.#current();
    if (this.#waiting >= this.#max && connection && !connection.canPause) {
      connection.close(1008, `over ${this.#max} received messages waiting for the handlers`);
      return;
    }
    this.#waiting++;
    if (this.#waiting >= this.#max) connection?.pause();
    this.run(async () => {
      try {
        await job();
      } finally {
        this.#waiting--;
        // The connection open now: the paused one may have closed meanwhile.
        if (this.#waiting <= this.#max / 2) this.#current()?.resume();
      }
    });
  }
}
