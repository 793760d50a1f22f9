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
export function backoffDelay({ min, max }: {
    min: number;
    max: number;
}, attempt: number, random?: () => number): number;
/**
 * The backoff an option asks for, checked, or null for no reconnection.
 *
 * @param {ReconnectOption | undefined} option
 * @returns {{min: number, max: number} | null}
 */
export function reconnectPolicy(option: ReconnectOption | undefined): {
    min: number;
    max: number;
} | null;
/**
 * How to reconnect: `{min, max}` in milliseconds for exponential backoff with jitter, or
 * `false` for never.
 *
 * @typedef {{min?: number, max?: number} | false} ReconnectOption
 */
export const DEFAULT_RECONNECT: Readonly<{
    min: 250;
    max: 30000;
}>;
/**
 * How to reconnect: `{min, max}` in milliseconds for exponential backoff with jitter, or
 * `false` for never.
 */
export type ReconnectOption = {
    min?: number;
    max?: number;
} | false;
