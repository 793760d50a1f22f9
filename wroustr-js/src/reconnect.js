// When a Connector tries again after a connection fails or drops.

/**
 * How to reconnect: `{min, max}` in milliseconds for exponential backoff with jitter, or
 * `false` for never.
 *
 * @typedef {{min?: number, max?: number} | false} ReconnectOption
 */

export const DEFAULT_RECONNECT = Object.freeze({ min: 250, max: 30_000 });

/**
 * The wait before retry `attempt` (1 for the first): a random time between `min` and a cap of
 * twice `min` that doubles with each failed attempt up to `max`. The randomness (full jitter
 * above `min`) keeps a server restart from bringing every client back in the same instant,
 * not even for the first retry. Mirrors the Java `Reconnect.backoff`.
 *
 * @param {{min: number, max: number}} backoff
 * @param {number} attempt
 * @param {() => number} [random] in [0, 1)
 * @returns {number} milliseconds
 */
export function backoffDelay({ min, max }, attempt, random = Math.random) {
  const doublings = Math.min(Math.max(attempt, 1), 40);
  const cap = Math.min(max, min * 2 ** doublings);
  return min + Math.floor(random() * (cap - min + 1));
}

/**
 * The backoff an option asks for, checked, or null for no reconnection.
 *
 * @param {ReconnectOption | undefined} option
 * @returns {{min: number, max: number} | null}
 */
export function reconnectPolicy(option) {
  if (option === false) return null;
  const min = option?.min ?? DEFAULT_RECONNECT.min;
  const max = option?.max ?? Math.max(DEFAULT_RECONNECT.max, min);
  if (!(min > 0)) throw new Error(`reconnect.min must be positive: ${min}`);
  if (!(max >= min)) throw new Error(`reconnect.max ${max} < min ${min}`);
  return { min, max };
}
