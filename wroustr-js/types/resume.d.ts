/** The length of `text` in UTF-8 bytes. @param {string} text */
export function utf8Length(text: string): number;
/** Acknowledge at least every this many messages, and at the latest this long after one arrived. */
export const ACK_EVERY: 64;
export const ACK_DELAY: 500;
/**
 * What a welcome means to the session, for the Connector.
 *
 * @typedef {object} Outcome
 * @property {boolean} resumed the session resumed: raise RESUMED
 * @property {string | null} lost why the session that was away did not resume (raise DISCONNECTED
 *   with `not resumed: <why>`, then CONNECTED), or null
 * @property {boolean} refused a resume the client gave up on (its window ran out here): close
 *   this connection, which would carry on a stream the client no longer counts, and connect afresh
 */
/** One session of a Connector, from welcome to end, across the drops it resumes. */
export class Resume {
    /**
     * @param {boolean} enabled whether to offer to resume at all
     * @param {number} maxMessages the most kept unacknowledged (maxQueuedMessages)
     * @param {number} maxBytes the most UTF-8 bytes kept unacknowledged (maxOutboundBytes)
     */
    constructor(enabled: boolean, maxMessages: number, maxBytes: number);
    /** Whether a session dropped and may still come back. */
    get away(): boolean;
    /** How many sent messages are kept for the server to acknowledge. */
    get kept(): number;
    /**
     * `url` with the query of this attempt: the offer to resume, and the session to resume if one is away.
     *
     * @param {string} url
     */
    url(url: string): string;
    /**
     * A connection opened with `welcome` (its params, or null from a server that sent none).
     *
     * @param {import('./params.js').Params | null} welcome
     * @param {(text: string) => void} ackSink sends an acknowledgement on this connection
     * @param {(text: string) => void} resend sends a kept message again on this connection
     * @returns {Outcome}
     */
    opened(welcome: import("./params.js").Params | null, ackSink: (text: string) => void, resend: (text: string) => void): Outcome;
    /**
     * The open connection ended with `code`: whether the session is away now (a drop of a session
     * that may resume, when the Connector reconnects), its window running; else it ended.
     *
     * @param {number} code
     * @param {boolean} reconnecting
     * @param {() => void} expired called if the window runs out before a resume
     */
    dropped(code: number, reconnecting: boolean, expired: () => void): boolean;
    /** Ends the session: the next connection is a new one. */
    end(): void;
    /** Whether one more sent message would pass a bound: the sender is refused rather than the log overrun. */
    full(): boolean;
    /** `text` went on the wire (or was accepted for it): kept until the server acknowledges it. @param {string} text */
    sent(text: string): void;
    /**
     * A text arrived after the welcome: true if it was the server's acknowledgement, taken here
     * (no route nor interceptor sees one); else it is counted, and acknowledged in time.
     *
     * @param {string} text
     */
    took(text: string): boolean;
    #private;
}
/**
 * What a welcome means to the session, for the Connector.
 */
export type Outcome = {
    /**
     * the session resumed: raise RESUMED
     */
    resumed: boolean;
    /**
     * why the session that was away did not resume (raise DISCONNECTED
     * with `not resumed: <why>`, then CONNECTED), or null
     */
    lost: string | null;
    /**
     * a resume the client gave up on (its window ran out here): close
     * this connection, which would carry on a stream the client no longer counts, and connect afresh
     */
    refused: boolean;
};
