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
export function intercept<S>(interceptors: ReadonlyArray<InterceptorFunction<S>>, text: string, uuid: string | null, state: S): string | null;
/**
 * An interceptor: gets the text, the connection's uuid (from the welcome, else null) and the
 * state; returns the text to go on with, or null (or `Interceptor.cancel()`) to drop this one
 * message. Synchronous: it runs as the text arrives or is sent, so order is kept for free.
 *
 * @template S
 * @typedef {(text: string, uuid: string | null, state: S) => string | null | undefined} InterceptorFunction
 */
export const Interceptor: Readonly<{
    /** Goes on with `text`. @param {string} text */
    pass(text: string): string;
    /** Drops this message; the connection stays open. @returns {null} */
    cancel(): null;
}>;
/**
 * An interceptor: gets the text, the connection's uuid (from the welcome, else null) and the
 * state; returns the text to go on with, or null (or `Interceptor.cancel()`) to drop this one
 * message. Synchronous: it runs as the text arrives or is sent, so order is kept for free.
 */
export type InterceptorFunction<S> = (text: string, uuid: string | null, state: S) => string | null | undefined;
