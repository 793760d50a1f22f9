// Warnings that wire input can cause, rate-limited so that a peer cannot flood the console.

const PERIOD_MS = 60_000;
// A peer inventing route names must grow neither the table nor the console: past this many
// keys, new ones share one entry, for the connector's life.
const MAX_KEYS = 1000;
const OTHER = '(other)';

/**
 * Logs with console.warn at most once a minute per key, saying how many it left unsaid since;
 * past 1,000 keys, at most once a minute for all new keys together. As the Java client's WarnOnce.
 */
export class WarnOnce {
  /** @type {Map<string, {at: number, skipped: number}>} */
  #last = new Map();
  /** Warnings left unsaid, in all. */
  suppressed = 0;

  /**
   * @param {string} key what is rate-limited together (a route, an error kind)
   * @param {string} message
   * @param {unknown} [error]
   */
  warn(key, message, error) {
    const now = Date.now();
    const shared = this.#last.size >= MAX_KEYS && !this.#last.has(key);
    const entry = this.#last.get(shared ? OTHER : key);
    if (entry && now - entry.at < PERIOD_MS) {
      entry.skipped++;
      this.suppressed++;
      return;
    }
    const more = entry && entry.skipped > 0 ? ` (and ${entry.skipped} more like it in the last minute)` : '';
    const others = shared ? ` (past ${MAX_KEYS} kinds of warning, new ones are counted together)` : '';
    this.#last.set(shared ? OTHER : key, { at: now, skipped: 0 });
    if (error === undefined) console.warn(`wroustr: ${message}${more}${others}`);
    else console.warn(`wroustr: ${message}${more}${others}`, error);
  }
}
