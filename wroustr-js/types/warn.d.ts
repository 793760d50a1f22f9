/**
 * Logs with console.warn at most once a minute per key, saying how many it left unsaid since;
 * past 1,000 keys, at most once a minute for all new keys together. As the Java client's WarnOnce.
 */
export class WarnOnce {
    /** Warnings left unsaid, in all. */
    suppressed: number;
    /**
     * @param {string} key what is rate-limited together (a route, an error kind)
     * @param {string} message
     * @param {unknown} [error]
     */
    warn(key: string, message: string, error?: unknown): void;
    #private;
}
