/** @param {unknown} route */
export function isNamedRoute(route: unknown): boolean;
/**
 * Throws unless `route` is a named route or a custom one (`@` and a name without white space)
 * that does not start with `@$`, which the protocol keeps for itself.
 *
 * @param {unknown} route
 */
export function checkRouteName(route: unknown): void;
/**
 * The named routes a client raises (PROTOCOL.md section 4), and `CONNECT-FAILED`, this client's
 * own. `LIMITED` is the server's only.
 */
export const NAMED_ROUTES: readonly string[];
