// Route names: the named routes the library raises, and the check every registration makes.
import { isRoute } from './write.js';

/**
 * The named routes a client raises (PROTOCOL.md section 4), and `CONNECT-FAILED`, this client's
 * own. `LIMITED` is the server's only.
 */
export const NAMED_ROUTES = Object.freeze(['CONNECTED', 'DISCONNECTED', 'RESUMED', 'UNKNOWN', 'INVALID', 'ERROR', 'CONNECT-FAILED']);

/** @param {unknown} route */
export function isNamedRoute(route) {
  return typeof route === 'string' && NAMED_ROUTES.includes(route);
}

/**
 * Throws unless `route` is a named route or a custom one (`@` and a name without white space)
 * that does not start with `@$`, which the protocol keeps for itself.
 *
 * @param {unknown} route
 */
export function checkRouteName(route) {
  if (isNamedRoute(route)) return;
  if (!isRoute(route)) {
    throw new Error(`not a route: ${JSON.stringify(route)}; give a named route (${NAMED_ROUTES.join(', ')}) or '@' and a name without white space`);
  }
  if (/** @type {string} */ (route).startsWith('@$')) {
    throw new Error(`routes starting with '@$' are reserved for the protocol: ${JSON.stringify(route)}`);
  }
}
