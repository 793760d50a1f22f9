/**
 * The WebSocket constructor to use: `given` if set; in Node the `ws` package as the application
 * resolves it, loaded on first use only; else `globalThis.WebSocket`.
 *
 * @param {WebSocketConstructor} [given]
 * @returns {Promise<WebSocketConstructor>}
 */
export function webSocketConstructor(given?: WebSocketConstructor): Promise<WebSocketConstructor>;
/**
 * A WebSocket constructor: a browser's, Node's own, or the `ws` package's `WebSocket` (which
 * takes options third).
 */
export type WebSocketConstructor = new (url: string, protocols?: string | string[], ...more: any[]) => unknown;
