// The page's drawing: the status, the lists of rooms and people, and the conversation, from
// what chat.js keeps. Nothing here talks to the server.

/**
 * One line of a conversation.
 *
 * @typedef {object} Entry
 * @property {string} kind said, mine, dm, room, system or error: styles, and what tests look for
 * @property {string} text
 * @property {Date} at when it arrived (or was sent)
 * @property {string} [who] the name of who said it
 * @property {string} [whoUuid] their uuid, for their colour
 * @property {string} [note] small print after the text
 */

/** @param {string} id */
export const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {string} id */
export const input = (id) => /** @type {HTMLInputElement} */ ($(id));

const clock = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

/** @param {string} tag @param {string} [className] @param {string} [text] */
function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

/** A colour of its own for each uuid, so two people with alike names still look apart. @param {string} uuid */
export function colourOf(uuid) {
  let hash = 0;
  for (const char of uuid) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `hsl(${hash % 360} 55% 40%)`;
}

/** @param {string} state connecting, connected, reconnecting, resumed or disconnected @param {string} text */
export function status(state, text) {
  $('status').dataset.state = state;
  $('status').textContent = text;
}

/** @param {Entry} entry */
function entryElement(entry) {
  const line = element('li');
  line.dataset.kind = entry.kind;
  const time = /** @type {HTMLTimeElement} */ (element('time', '', clock.format(entry.at)));
  time.dateTime = entry.at.toISOString();
  time.title = entry.at.toLocaleString();
  const body = element('div', 'body');
  if (entry.who !== undefined) {
    const who = element('span', 'who', entry.who);
    if (entry.whoUuid) who.style.color = colourOf(entry.whoUuid);
    body.append(who, ' ');
  }
  body.append(element('span', 'text', entry.text));
  if (entry.note) body.append(' ', element('small', 'note', entry.note));
  // Spaces between the parts, so the line reads as one to a screen reader and to a copy.
  line.append(time, ' ', body);
  return line;
}

/** Whether the log shows its end, so a new line should keep it there. */
function atEnd() {
  const log = $('log');
  return log.scrollHeight - log.scrollTop - log.clientHeight < 40;
}

/** @param {Entry[]} entries the whole conversation, drawn again */
export function showLog(entries) {
  $('log').replaceChildren(...entries.map(entryElement));
  $('log').scrollTop = $('log').scrollHeight;
}

/** @param {Entry} entry a line added to the conversation shown */
export function appendLog(entry) {
  const follow = atEnd();
  $('log').append(entryElement(entry));
  if (follow) $('log').scrollTop = $('log').scrollHeight;
}

/**
 * One item of a side list: a button that opens a conversation.
 *
 * @param {{label: string, current: boolean, unread: number, mark?: string, detail?: string, colour?: string, data: Record<string, string>,
 *   onOpen: () => void}} item
 */
function listItem(item) {
  const li = element('li');
  Object.assign(li.dataset, item.data);
  const button = /** @type {HTMLButtonElement} */ (element('button'));
  button.type = 'button';
  if (item.current) button.setAttribute('aria-current', 'true');
  const mark = element('span', 'mark', item.mark ?? '#');
  if (item.colour) mark.style.background = item.colour;
  button.append(mark, element('span', 'label', item.label));
  if (item.detail) button.append(element('span', 'detail', item.detail));
  if (item.unread > 0) button.append(element('span', 'badge', String(item.unread)));
  button.addEventListener('click', item.onOpen);
  li.append(button);
  return li;
}

/**
 * @param {Array<{room: string, members: number, joined: boolean, current: boolean, unread: number}>} rooms
 *   the room everyone is in first, as ''
 * @param {(room: string) => void} onOpen
 */
export function showRooms(rooms, onOpen) {
  $('rooms').replaceChildren(...rooms.map((room) => listItem({
    label: room.room || 'everyone',
    current: room.current,
    unread: room.unread,
    detail: room.room && room.members > 0 ? `${room.members}` : undefined,
    data: { room: room.room || 'everyone', joined: String(room.joined) },
    onOpen: () => onOpen(room.room),
  })));
}

/**
 * @param {Array<{uuid: string, name: string, me: boolean, current: boolean, unread: number}>} people sorted
 * @param {(uuid: string) => void} onOpen
 */
export function showPeople(people, onOpen) {
  $('people-count').textContent = people.length ? String(people.length) : '';
  $('people').replaceChildren(...people.map((person) => listItem({
    label: person.name,
    current: person.current,
    unread: person.unread,
    mark: person.name.slice(0, 1).toUpperCase(),
    colour: colourOf(person.uuid),
    detail: person.me ? 'you' : undefined,
    data: { uuid: person.uuid, name: person.name },
    onOpen: () => onOpen(person.uuid),
  })));
}

/** @param {boolean} open the side lists over the conversation, on a narrow screen */
export function drawer(open) {
  $('app').dataset.drawer = open ? 'open' : 'closed';
  $('menu').setAttribute('aria-expanded', String(open));
}
