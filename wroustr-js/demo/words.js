// What the page tells its user, in plain words: the server's error reasons and close codes are
// written for programmers (`join first: @JOIN #name N`, `1001`), and never shown as they are.

/** @type {Array<[RegExp, string]>} the demo's `@ERROR #reason`s, most specific first */
const REASONS = [
  [/^no such client/, 'That person has left, so your message was not delivered.'],
  [/^name too long/, 'That name is too long. Try a shorter one.'],
  [/^name taken/, 'That name is taken, and so are its numbered variants. Try another one.'],
  [/^missing #name/, 'Type a name first.'],
  [/^join first/, 'Pick a name first.'],
  [/^too many rooms/, 'You are in as many rooms as you can be (64). Leave one first.'],
  [/^room name must/, 'A room name can have letters, digits and - _ . : / @ # (no spaces), up to 128 of them.'],
  [/^rooms named name:/, 'Room names cannot start with “name:”. Pick another.'],
  [/^join the room first/, 'You are not in that room any more. Open it again to join.'],
  [/^internal error/, 'The server ran into a problem with that. Please try again.'],
];

/**
 * The server's error reason in plain words; a reason the page does not know is not shown as it
 * is either.
 *
 * @param {string | undefined} reason
 */
export function plainError(reason) {
  for (const [pattern, words] of REASONS) if (pattern.test(reason ?? '')) return words;
  return 'The server could not do that.';
}

/** @param {string | undefined} route the route sent too often */
export function plainLimited(route) {
  const what = route === '@JOIN' ? 'changing names' : route === '@ROOM-JOIN' || route === '@ROOM-LEAVE' ? 'switching rooms' : 'sending';
  return `You are ${what} too fast. Wait a moment, then try again.`;
}

/**
 * Why the session ended, from its close code and reason.
 *
 * @param {number} code
 * @param {string} reason
 */
export function plainClose(code, reason) {
  // After a drop the client tries to resume; these say why it could not (PROTOCOL.md section 11).
  if (reason === 'not resumed: expired') return 'You were away too long to pick up where you left off.';
  if (reason === 'not resumed: unknown') return 'The server no longer knew this page’s session: it may have restarted.';
  if (reason.startsWith('not resumed')) return 'The session could not be picked up where it left off.';
  switch (code) {
    case 1000: return 'The connection was closed.';
    case 1001: return 'The server is restarting or shutting down.';
    case 1008: return 'The server closed the connection: this page broke one of its rules.';
    case 1009: return 'A message was too large for the connection.';
    case 1011: return 'The server ran into a problem.';
    case 1012: case 1013: return 'The server is busy or restarting.';
    case 3000: return 'The server did not accept this page’s sign-in.';
    case 3005: return 'This page’s sign-in expired.';
    default: return 'The connection was lost.';
  }
}

/**
 * Why a request failed (a `RequestError`'s kind), in plain words.
 *
 * @param {unknown} error
 */
export function plainFailure(error) {
  const kind = error && typeof error === 'object' && 'kind' in error ? error.kind : '';
  if (kind === 'timeout') return 'The server did not answer in time. Please try again.';
  if (kind === 'closed') return 'The connection dropped before the server answered. Please try again.';
  if (kind === 'not-sent') return 'You are offline right now. Try again once the connection is back.';
  if (kind === 'too-many-pending') return 'Too many things are waiting for the server. Wait a moment, then try again.';
  return 'That did not work. Please try again.';
}
