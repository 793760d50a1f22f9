// Warnings that wire input can cause, rate-limited so that a peer cannot flood the console.

const PERIOD_MS = 60_000;

/**
 * Logs with console.warn at most once a minute per key, saying how many it left unsaid since.
 */
export class WarnOnce {
  /** @type {Map<string, {at: number, skipped: number}>} */
  #last = new Map();

  /**
   * @param {string} key what is rate-limited together (a route, an error kind)
   * @param {string} message
   * @param {unknown} [error]
   */
  warn(key, message, error) {
    const now = Date.now();
    const last = this.#last.get(key);
    if (last && now - last.at < PERIOD_MS) {
      last.skipped++;
      return;
    }
    // A peer sending ever new routes would otherwise grow the map without end.
    if (!last && this.#last.size >= 1000) this.#last.clear();
    const more = last && last.skipped > 0 ? ` (and ${last.skipped} more like it in the last minute)` : '';
    this.#last.set(key, { at: now, skipped: 0 });
    if (error === undefined) console.warn(`wroustr: ${message}${more}`);
    else console.warn(`wroustr: ${message}${more}`, error);
  }
}
