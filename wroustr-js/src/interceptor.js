// Interceptors see raw text: incoming before parsing, outgoing after writing.

/**
 * An interceptor: gets the text, the connection's uuid (from the welcome, else null) and the
 * state; returns the text to go on with, or null (or `Interceptor.cancel()`) to drop this one
 * message. Synchronous: it runs as the text arrives or is sent, so order is kept for free.
 *
 * @template S
 * @typedef {(text: string, uuid: string | null, state: S) => string | null | undefined} InterceptorFunction
 */

export const Interceptor = Object.freeze({
  /** Goes on with `text`. @param {string} text */
  pass(text) {
    return text;
  },
  /** Drops this message; the connection stays open. @returns {null} */
  cancel() {
    return null;
  },
});

/**
 * Runs `text` through `interceptors` in order.
 *
 * @template S
 * @param {ReadonlyArray<InterceptorFunction<S>>} interceptors
 * @param {string} text
 * @param {string | null} uuid
 * @param {S} state
 * @returns {string | null} the text, or null if one dropped it
 * @throws what an interceptor throws, or an Error if one returned a promise
 */
export function intercept(interceptors, text, uuid, state) {
  /** @type {string | null} */
  let current = text;
  for (const interceptor of interceptors) {
    const result = /** @type {unknown} */ (interceptor(current, uuid, state));
    if (result == null || result === false) return null;
    if (typeof result !== 'string') {
      throw new Error(`an interceptor returned ${typeof result === 'object' && 'then' in result ? 'a promise' : typeof result}: interceptors are synchronous and return text or null`);
    }
    current = result;
  }
  return current;
}
