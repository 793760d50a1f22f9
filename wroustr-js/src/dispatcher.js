// What handlers and layers send through: the connector's connection, and for a request the
// means to answer it.
import { Message } from './message.js';
import { REPLY_KEY, withFirst } from './reserved.js';
import { write } from './write.js';

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
export const ANSWER_ERROR = Symbol('answerError');

/**
 * Handed to every handler and layer. `send` queues while disconnected and returns false
 * when the message cannot be queued (closed, dropped by an interceptor, queue full); it
 * never throws on the connection's account.
 */
export class Dispatcher {
  #link;
  #request;

  /**
   * @param {Link} link
   * @param {{id: string, connection: number, answered: boolean} | null} [request] the request this dispatcher answers
   */
  constructor(link, request = null) {
    this.#link = link;
    this.#request = request;
  }

  /** The uuid the server's welcome gave this connection, or null (before it, or from a server that sends none). */
  get uuid() {
    return this.#link.uuid();
  }

  /** Whether a connection is open. */
  isOpen() {
    return this.#link.connection() >= 0;
  }

  /**
   * Sends a message (its canonical text) or raw text exactly as written; queues it while
   * disconnected.
   *
   * @param {Message | string} message
   * @returns {boolean} false if it was not sent nor queued
   */
  send(message) {
    return this.#link.send(message);
  }

  /**
   * Sends `message` as a request and resolves to the reply (PROTOCOL.md section 9).
   *
   * @param {Message | string} message
   * @param {{timeout?: number}} [options] timeout in ms, 10 s by default
   * @returns {Promise<Message>} rejects with a RequestError
   */
  request(message, options) {
    return this.#link.request(message, options);
  }

  /**
   * Answers the request this handler runs for: `message` goes out with the request's id as
   * its first param `$re`. Only the first reply goes out, and only on the connection the
   * request came on. For a message that was not a request, this is `send`, so one route
   * serves requests and plain messages alike.
   *
   * @param {Message | string} message
   * @returns {boolean} false if it was not sent, or the request was answered already
   */
  reply(message) {
    const request = this.#request;
    if (!request) return this.send(message);
    const { route, params } = typeof message === 'string' ? Message.parse(message) : message;
    if (request.answered) return false;
    request.answered = true;
    return this.#link.sendOn(request.connection, write(route, withFirst(params, REPLY_KEY, request.id)));
  }

  /**
   * @param {string} kind
   * @returns {boolean}
   */
  [ANSWER_ERROR](kind) {
    const request = this.#request;
    if (!request || request.answered) return false;
    request.answered = true;
    return this.#link.sendOn(request.connection, `@$error #${REPLY_KEY} ${request.id} #error ${kind}`);
  }

  /** Closes the connection with 1000 and stops reconnecting, as `connector.close()`. */
  close() {
    this.#link.close();
  }
}
