/**
 * What the Connector lends its dispatchers. Not API.
 *
 * @typedef {object} Link
 * @property {(message: Message | string) => boolean} send
 * @property {(message: Message | string, options?: {timeout?: number}) => Promise<Message>} request
 * @property {(connection: number, text: string) => boolean} sendOn sends on that connection only
 * @property {() => number} connection the number of the open connection, or -1
 * @property {() => string | null} uuid
 * @property {() => void} close
 */
/** Sends the error reply of a request not answered by its handler. Not API. */
export const ANSWER_ERROR: unique symbol;
/**
 * Handed to every handler and layer. `send` queues while disconnected and returns false
 * when the message cannot be queued (closed, dropped by an interceptor, queue full); it
 * never throws on the connection's account.
 */
export class Dispatcher {
    /**
     * @param {Link} link
     * @param {{id: string, connection: number, answered: boolean} | null} [request] the request this dispatcher answers
     */
    constructor(link: Link, request?: {
        id: string;
        connection: number;
        answered: boolean;
    } | null);
    /** The uuid the server's welcome gave this connection, or null (before it, or from a server that sends none). */
    get uuid(): string | null;
    /** Whether a connection is open. */
    isOpen(): boolean;
    /**
     * Sends a message (its canonical text) or raw text exactly as written; queues it while
     * disconnected.
     *
     * @param {Message | string} message
     * @returns {boolean} false if it was not sent nor queued
     */
    send(message: Message | string): boolean;
    /**
     * Sends `message` as a request and resolves to the reply (PROTOCOL.md section 9).
     *
     * @param {Message | string} message
     * @param {{timeout?: number}} [options] timeout in ms, 10 s by default
     * @returns {Promise<Message>} rejects with a RequestError
     */
    request(message: Message | string, options?: {
        timeout?: number;
    }): Promise<Message>;
    /**
     * Answers the request this handler runs for: `message` goes out with the request's id as
     * its first param `$re`. Only the first reply goes out, and only on the connection the
     * request came on. For a message that was not a request, this is `send`, so one route
     * serves requests and plain messages alike.
     *
     * @param {Message | string} message
     * @returns {boolean} false if it was not sent, or the request was answered already
     */
    reply(message: Message | string): boolean;
    /** Closes the connection with 1000 and stops reconnecting, as `connector.close()`. */
    close(): void;
    /**
     * @param {string} kind
     * @returns {boolean}
     */
    [ANSWER_ERROR](kind: string): boolean;
    #private;
}
/**
 * What the Connector lends its dispatchers. Not API.
 */
export type Link = {
    send: (message: Message | string) => boolean;
    request: (message: Message | string, options?: {
        timeout?: number;
    }) => Promise<Message>;
    /**
     * sends on that connection only
     */
    sendOn: (connection: number, text: string) => boolean;
    /**
     * the number of the open connection, or -1
     */
    connection: () => number;
    uuid: () => string | null;
    close: () => void;
};
import { Message } from './message.js';
