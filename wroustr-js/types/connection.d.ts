/** Offered on every connection, so that a wroustr server welcomes the client with its uuid. */
export const SUBPROTOCOL: "wroustr.v1";
/**
 * What an attempt reports, in this order: `opened` at most once (it returns false to refuse
 * the connection: no more reports but `ended`), `received` for each text after it, `ended` once.
 * `code` and `reason` are those of the close this side decided on, if it did, else the socket's.
 *
 * @typedef {object} ConnectionListener
 * @property {(connection: Connection, welcome: import('./params.js').Params | null) => boolean} opened the
 *   welcome's params (`uuid`, and section 11's), or null from a server that sent none
 * @property {(text: string) => void} received
 * @property {(connection: Connection, end: {wasOpen: boolean, code: number, reason: string,
 *   failure?: Error, refusedSubprotocol: boolean}) => void} ended
 */
/**
 * @typedef {object} ConnectionOptions
 * @property {boolean} offerSubprotocol
 * @property {number} connectTimeout ms for the handshake and the welcome
 * @property {number} maxMessageBytes the largest message taken from the server, in UTF-8 bytes
 * @property {number} maxOutboundBytes bytes the socket may hold unsent before a send closes it
 * @property {number} closeTimeout ms a close may wait for the server's answer before the socket is cut
 * @property {Record<string, string>} [headers] of the upgrade request (the ws package's only)
 */
/** One WebSocket connection and its bounds. */
export class Connection {
    /**
     * Starts connecting.
     *
     * @param {import('./socket.js').WebSocketConstructor} WebSocketImpl
     * @param {string} url
     * @param {ConnectionOptions} options
     * @param {ConnectionListener} listener
     */
    constructor(WebSocketImpl: import("./socket.js").WebSocketConstructor, url: string, options: ConnectionOptions, listener: ConnectionListener);
    /** Whether the connection is open and this side has not decided to close it. */
    get isOpen(): boolean;
    /** Whether the socket can stop reading (the ws package's can; a browser's cannot). */
    get canPause(): boolean;
    /**
     * Sends `text`, unless more than `maxOutboundBytes` wait unsent already: the server then
     * reads too slowly, or not at all, and the connection is closed with 1008.
     *
     * @param {string} text
     * @param {boolean} [accepted] queued while disconnected, so accepted already: sent whatever waits
     * @returns {boolean} false if not sent
     */
    send(text: string, accepted?: boolean): boolean;
    /**
     * Closes with `code` (what `ended` reports, whatever the server answers). A server that does
     * not answer within `closeTimeout` is not waited for: the socket is cut and `ended` reported.
     * Nothing received after this is reported.
     *
     * @param {number} code @param {string} reason
     */
    close(code: number, reason: string): void;
    /** Stops reading (TCP then slows the server) until `resume`, where the socket can. */
    pause(): void;
    resume(): void;
    #private;
}
/**
 * What an attempt reports, in this order: `opened` at most once (it returns false to refuse
 * the connection: no more reports but `ended`), `received` for each text after it, `ended` once.
 * `code` and `reason` are those of the close this side decided on, if it did, else the socket's.
 */
export type ConnectionListener = {
    /**
     * the
     * welcome's params (`uuid`, and section 11's), or null from a server that sent none
     */
    opened: (connection: Connection, welcome: import("./params.js").Params | null) => boolean;
    received: (text: string) => void;
    ended: (connection: Connection, end: {
        wasOpen: boolean;
        code: number;
        reason: string;
        failure?: Error;
        refusedSubprotocol: boolean;
    }) => void;
};
export type ConnectionOptions = {
    offerSubprotocol: boolean;
    /**
     * ms for the handshake and the welcome
     */
    connectTimeout: number;
    /**
     * the largest message taken from the server, in UTF-8 bytes
     */
    maxMessageBytes: number;
    /**
     * bytes the socket may hold unsent before a send closes it
     */
    maxOutboundBytes: number;
    /**
     * ms a close may wait for the server's answer before the socket is cut
     */
    closeTimeout: number;
    /**
     * of the upgrade request (the ws package's only)
     */
    headers?: Record<string, string> | undefined;
};
