// Resume (PROTOCOL.md section 11), the client's side: the session the server's welcome offers,
// what was sent on it and not yet acknowledged, what was received and when to acknowledge it,
// and the window a dropped session has to come back in. The Connector asks it what to do; it
// neither routes nor raises anything itself.
import { ACK_ROUTE } from './reserved.js';

/** The query parameters of a client that can resume, and of a connection that asks to. */
const OFFER_QUERY = 'wroustr-resume';
const SESSION_QUERY = 'wroustr-session';
const RECEIVED_QUERY = 'wroustr-received';
/** Acknowledge at least every this many messages, and at the latest this long after one arrived. */
export const ACK_EVERY = 64;
export const ACK_DELAY = 500;
const ACK_PREFIX = `${ACK_ROUTE} #received `;

/** The close codes of a drop: no close frame (1006), or a peer going away (1001). */
const DROPS = [1006, 1001];

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
  #enabled;
  #maxMessages;
  #maxBytes;
  /** @type {string | null} the secret of the session, or null while none was offered */
  #secret = null;
  #window = 0;
  #away = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #windowTimer;
  /** @type {string[]} sent and not yet acknowledged, oldest first */
  #kept = [];
  #keptBytes = 0;
  #sent = 0;
  #received = 0;
  #acknowledged = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #ackTimer;
  /** @type {((text: string) => void) | null} sends an acknowledgement on the connection open now */
  #ackSink = null;

  /**
   * @param {boolean} enabled whether to offer to resume at all
   * @param {number} maxMessages the most kept unacknowledged (maxQueuedMessages)
   * @param {number} maxBytes the most UTF-8 bytes kept unacknowledged (maxOutboundBytes)
   */
  constructor(enabled, maxMessages, maxBytes) {
    this.#enabled = enabled;
    this.#maxMessages = maxMessages;
    this.#maxBytes = maxBytes;
  }

  /** Whether a session dropped and may still come back. */
  get away() {
    return this.#away;
  }

  /** How many sent messages are kept for the server to acknowledge. */
  get kept() {
    return this.#kept.length;
  }

  /**
   * `url` with the query of this attempt: the offer to resume, and the session to resume if one is away.
   *
   * @param {string} url
   */
  url(url) {
    if (!this.#enabled) return url;
    const withQuery = new URL(url);
    withQuery.searchParams.set(OFFER_QUERY, '1');
    if (this.#away && this.#secret !== null) {
      withQuery.searchParams.set(SESSION_QUERY, this.#secret);
      withQuery.searchParams.set(RECEIVED_QUERY, String(this.#received));
    }
    return withQuery.href;
  }

  /**
   * A connection opened with `welcome` (its params, or null from a server that sent none).
   *
   * @param {import('./params.js').Params | null} welcome
   * @param {(text: string) => void} ackSink sends an acknowledgement on this connection
   * @param {(text: string) => void} resend sends a kept message again on this connection
   * @returns {Outcome}
   */
  opened(welcome, ackSink, resend) {
    const wasAway = this.#away;
    const resumed = welcome?.get('resumed') === 'true';
    if (resumed && !wasAway) return { resumed: false, lost: null, refused: true };
    clearTimeout(this.#windowTimer);
    this.#away = false;
    /** @type {string | null} */
    let lost = null;
    if (resumed) {
      // What the server got is let go; the rest goes again, first.
      const received = count(welcome?.get('received'));
      this.#acknowledgedUpTo(received);
      for (const text of this.#kept) resend(text);
    } else {
      if (wasAway) lost = welcome?.get('why') ?? 'unknown';
      this.end();
    }
    const secret = welcome?.get('session');
    if (this.#enabled && secret) {
      this.#secret = secret;
      this.#window = count(welcome?.get('window'));
      this.#ackSink = ackSink;
    }
    return { resumed, lost, refused: false };
  }

  /**
   * The open connection ended with `code`: whether the session is away now (a drop of a session
   * that may resume, when the Connector reconnects), its window running; else it ended.
   *
   * @param {number} code
   * @param {boolean} reconnecting
   * @param {() => void} expired called if the window runs out before a resume
   */
  dropped(code, reconnecting, expired) {
    this.#stopAcks();
    if (!reconnecting || this.#secret === null || !DROPS.includes(code)) {
      this.end();
      return false;
    }
    this.#away = true;
    this.#windowTimer = setTimeout(() => {
      this.end();
      expired();
    }, this.#window);
    return true;
  }

  /** Ends the session: the next connection is a new one. */
  end() {
    clearTimeout(this.#windowTimer);
    this.#stopAcks();
    this.#away = false;
    this.#secret = null;
    this.#kept = [];
    this.#keptBytes = 0;
    this.#sent = 0;
    this.#received = 0;
    this.#acknowledged = 0;
  }

  /** Whether one more sent message would pass a bound: the sender is refused rather than the log overrun. */
  full() {
    return this.#secret !== null && (this.#kept.length >= this.#maxMessages || this.#keptBytes >= this.#maxBytes);
  }

  /** `text` went on the wire (or was accepted for it): kept until the server acknowledges it. @param {string} text */
  sent(text) {
    if (this.#secret === null) return;
    this.#sent++;
    this.#kept.push(text);
    this.#keptBytes += utf8Length(text);
  }

  /**
   * A text arrived after the welcome: true if it was the server's acknowledgement, taken here
   * (no route nor interceptor sees one); else it is counted, and acknowledged in time.
   *
   * @param {string} text
   */
  took(text) {
    if (this.#secret === null) return false;
    if (text.startsWith(ACK_ROUTE) && (text.length === ACK_ROUTE.length || text[ACK_ROUTE.length] === ' ')) {
      if (text.startsWith(ACK_PREFIX)) this.#acknowledgedUpTo(count(text.slice(ACK_PREFIX.length).trim()));
      return true;
    }
    this.#received++;
    if (this.#received - this.#acknowledged >= ACK_EVERY) this.#acknowledge();
    else this.#ackTimer ??= setTimeout(() => this.#acknowledge(), ACK_DELAY);
    return false;
  }

  #acknowledge() {
    clearTimeout(this.#ackTimer);
    this.#ackTimer = undefined;
    if (this.#received === this.#acknowledged || !this.#ackSink) return;
    this.#acknowledged = this.#received;
    this.#ackSink(`${ACK_PREFIX}${this.#received}`);
  }

  #stopAcks() {
    clearTimeout(this.#ackTimer);
    this.#ackTimer = undefined;
    this.#ackSink = null;
  }

  /** The server has the first `received` of what this side sent. @param {number} received */
  #acknowledgedUpTo(received) {
    const first = this.#sent - this.#kept.length + 1;
    const release = Math.max(0, Math.min(received, this.#sent) - first + 1);
    for (const text of this.#kept.splice(0, release)) this.#keptBytes -= utf8Length(text);
  }
}

/** A count from the wire, 0 if it is none. @param {string | null | undefined} value */
function count(value) {
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

/** The length of `text` in UTF-8 bytes. @param {string} text */
export function utf8Length(text) {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // 2 bytes below U+0800, 3 above; a surrogate pair's two units make 4.
    if (unit >= 0x80) bytes += unit < 0x800 || (unit >= 0xd800 && unit < 0xe000) ? 1 : 2;
  }
  return bytes;
}
