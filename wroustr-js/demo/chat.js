// The demo's chat page: one Connector to the server that served the page, a route per thing the
// server says, and conversations (everyone, a room, a direct message) kept here and drawn by
// view.js. No build step, no framework.
import { Connector, message } from './src/index.js';
import { $, appendLog, drawer, input, showLog, showPeople, showRooms, status } from './view.js';
import { plainClose, plainError, plainFailure, plainLimited } from './words.js';

/** @typedef {import('./view.js').Entry} Entry */

const EVERYONE = 'everyone';
/** How often the list of rooms is read again: rooms come and go without a word to everyone. */
const ROOMS_EVERY_MS = 5_000;

/** Who is here: name by uuid, kept by @USER lists, @JOINED and @LEFT. @type {Map<string, string>} */
const people = new Map();
/** The rooms there are, with their members, from @ROOMS. @type {Map<string, number>} */
const rooms = new Map();
/** The rooms this page is in. @type {Set<string>} */
const myRooms = new Set();
/** Conversations by id (`everyone`, `room:R`, `dm:UUID`), and their unread lines. @type {Map<string, {entries: Entry[], unread: number}>} */
const conversations = new Map();
let current = EVERYONE;
let wantedName = '';
let myName = '';
let myUuid = '';
// The @USER or @ROOM lines of a list being read, taken when its summary (@USERS, @ROOMS) arrives.
/** @type {Map<string, string> | null} */ let listingPeople = null;
/** @type {Set<string> | null} */ let listedRooms = null;

/** @param {string} id */
function conversation(id) {
  let found = conversations.get(id);
  if (!found) conversations.set(id, found = { entries: [], unread: 0 });
  return found;
}

/**
 * Adds a line to a conversation: drawn if it is the one shown, else counted unread.
 *
 * @param {string} id
 * @param {Omit<Entry, 'at'> & {at?: Date}} line
 */
function add(id, line) {
  const entry = { at: new Date(), ...line };
  const into = conversation(id);
  into.entries.push(entry);
  if (id === current) appendLog(entry);
  else if (line.kind !== 'system') {
    into.unread++;
    redrawLists();
  }
}

/** Something went wrong: said in the conversation shown, in plain words. @param {string} words */
const problem = (words) => add(current, { kind: 'error', text: words });
const nameOf = (/** @type {string} */ uuid) => people.get(uuid) ?? 'someone who left';

function redrawLists() {
  const roomNames = new Set([...rooms.keys(), ...myRooms]);
  showRooms([
    { room: '', members: 0, joined: true, current: current === EVERYONE, unread: conversation(EVERYONE).unread },
    ...[...roomNames].sort().map((room) => ({
      room,
      members: rooms.get(room) ?? 0,
      joined: myRooms.has(room),
      current: current === `room:${room}`,
      unread: conversation(`room:${room}`).unread,
    })),
  ], (room) => void open(room ? `room:${room}` : EVERYONE));
  const sorted = [...people].sort(([, a], [, b]) => a.localeCompare(b));
  showPeople(sorted.map(([uuid, name]) => ({
    uuid, name, me: uuid === myUuid, current: current === `dm:${uuid}`, unread: conversations.get(`dm:${uuid}`)?.unread ?? 0,
  })), (uuid) => void open(`dm:${uuid}`));
  const unread = [...conversations].reduce((sum, [id, c]) => sum + (id === current ? 0 : c.unread), 0);
  $('menu-badge').hidden = unread === 0;
  $('menu-badge').textContent = String(unread);
}

/** Shows the conversation `id`, joining its room first if need be. @param {string} id */
async function open(id) {
  drawer(false);
  if (id === `dm:${myUuid}`) return;
  if (id.startsWith('room:') && !myRooms.has(id.slice(5))) {
    if (!await joinRoom(id.slice(5))) return;
  }
  current = id;
  conversation(id).unread = 0;
  const room = id.startsWith('room:') ? id.slice(5) : '';
  const dm = id.startsWith('dm:') ? id.slice(3) : '';
  $('title').textContent = room ? `# ${room}` : dm ? `@ ${nameOf(dm)}` : '# everyone';
  subtitle();
  $('leave-room').hidden = !room;
  input('text').placeholder = room ? `Message #${room}` : dm ? `Message ${nameOf(dm)}` : 'Message everyone';
  showLog(conversation(id).entries);
  redrawLists();
  // Not on a phone, where a focused field would bring up the keyboard over what was chosen.
  if (myName && !matchMedia('(max-width: 700px)').matches) input('text').focus();
}

/** Under the title: who sees the conversation shown. */
function subtitle() {
  const room = current.startsWith('room:') ? current.slice(5) : '';
  $('subtitle').textContent = room ? `${rooms.get(room) ?? 1} in this room`
    : current.startsWith('dm:') ? 'Direct message: only the two of you see it.' : 'Everyone here sees what is said.';
}

/** Joins `room` on the server: true if it took. @param {string} room */
async function joinRoom(room) {
  try {
    const joined = await connector.request(message('@ROOM-JOIN').param('room', room));
    if (joined.route === '@ERROR') {
      problem(plainError(joined.params.get('reason')));
      return false;
    }
    myRooms.add(room);
    rooms.set(room, Number(joined.params.get('members')));
    add(`room:${room}`, { kind: 'system', text: `You joined #${room}.` });
    return true;
  } catch (e) {
    problem(plainFailure(e));
    return false;
  }
}

/** Sends what was typed to the conversation shown. @param {string} text */
async function say(text) {
  if (current === EVERYONE) {
    connector.send(message('@SAY').param('text', text));
  } else if (current.startsWith('dm:')) {
    const to = current.slice(3);
    if (!people.has(to)) {
      problem('That person has left, so your message was not sent.');
      return;
    }
    connector.send(message('@DM').param('to', to).param('text', text));
    add(current, { kind: 'mine', who: myName, whoUuid: myUuid, text });
  } else {
    const room = current.slice(5);
    const sent = await connector.request(message('@ROOM-SAY').param('room', room).param('text', text));
    if (sent.route === '@ERROR') {
      myRooms.delete(room);
      problem(plainError(sent.params.get('reason')));
      return;
    }
    const others = Number(sent.params.get('count'));
    add(`room:${room}`, { kind: 'mine', who: myName, whoUuid: myUuid, text, note: others === 0 ? 'nobody else is here' : `to ${others}` });
  }
}

// A drop of a session that can resume raises no route until it is back: the socket says so.
let socketOpen = false;
let resumedTimer = 0;
class WatchedWebSocket extends WebSocket {
  /** @param {string | URL} url @param {string | string[]} [protocols] */
  constructor(url, protocols) {
    super(url, protocols);
    this.addEventListener('open', () => { socketOpen = true; });
    this.addEventListener('close', () => {
      if (!socketOpen) return;
      socketOpen = false;
      status('reconnecting', 'reconnecting…');
      add(current, { kind: 'system', text: 'Connection lost. Reconnecting…' });
    });
  }
}

const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
// The demo has no accounts: every page signs in with one token. Under `wroustr demo --token-ttl`
// the connector refreshes it before each expiry, which the page does not show unless it fails.
const connector = new Connector(`${scheme}://${location.host}/`, null, { token: () => 'demo', WebSocket: WatchedWebSocket })
  .route('CONNECTED', (params) => {
    const again = myUuid !== '';
    myUuid = params.get('uuid') ?? '';
    $('app').dataset.uuid = myUuid;
    status('connected', 'connected');
    if (again) add(current, { kind: 'system', text: 'Connected again, as a new session: messages sent meanwhile may be missing.' });
    // A new session is a new uuid: join again under the same name, and the same rooms.
    people.clear();
    if (wantedName) connector.send(message('@JOIN').param('name', wantedName));
    for (const room of myRooms) connector.send(message('@ROOM-JOIN').param('room', room));
    connector.send(message('@WHO'));
    connector.send(message('@ROOMS'));
  })
  // The network dropped and the session came back: same uuid, rooms and name, nothing lost.
  .route('RESUMED', () => {
    status('resumed', 'resumed: nothing missed');
    add(current, { kind: 'system', text: 'Back online. Nothing was missed.' });
    clearTimeout(resumedTimer);
    resumedTimer = window.setTimeout(() => {
      if ($('status').dataset.state === 'resumed') status('connected', 'connected');
    }, 5000);
  })
  .route('DISCONNECTED', (params) => {
    const code = Number(params.get('code'));
    const words = plainClose(code, params.get('reason') ?? '');
    // Refused (3000) or expired (3005), the token is never sent again: a new page gets a new start.
    const over = code === 3000 || code === 3005;
    status(over ? 'disconnected' : 'reconnecting', over ? 'disconnected' : 'reconnecting…');
    add(current, { kind: over ? 'error' : 'system', text: over ? `${words} Reload the page to start again.` : `${words} Reconnecting…` });
  })
  // While the page is away it tries again and again: the status says so, not the console.
  .route('CONNECT-FAILED', (params) => {
    if (!params.get('retryIn')) return;
    const waiting = myUuid === '' ? 'connecting' : 'reconnecting';
    status(waiting, `${waiting}… (the server cannot be reached, trying again)`);
  })
  .route('@JOINED', (params) => {
    const uuid = params.require('uuid');
    const name = params.require('name');
    const before = people.get(uuid);
    people.set(uuid, name);
    if (uuid === myUuid) {
      const first = myName === '';
      myName = name;
      $('me').hidden = false;
      $('me').textContent = name;
      $('app').dataset.joined = 'true';
      const taken = name !== wantedName ? ` (“${wantedName}” was taken)` : '';
      if (first || before !== name) add(EVERYONE, { kind: 'system', text: `You joined as ${name}${taken}.` });
      if (first) void open(current);
    } else if (before !== name) {
      add(EVERYONE, { kind: 'system', text: before ? `${before} is now ${name}.` : `${name} joined.` });
    }
    redrawLists();
  })
  .route('@LEFT', (params) => {
    const uuid = params.require('uuid');
    people.delete(uuid);
    listingPeople?.delete(uuid);
    add(EVERYONE, { kind: 'system', text: `${params.get('name')} left.` });
    if (conversations.has(`dm:${uuid}`)) add(`dm:${uuid}`, { kind: 'system', text: `${params.get('name')} left.` });
    redrawLists();
  })
  .route('@USER', (params) => {
    (listingPeople ??= new Map()).set(params.require('uuid'), params.require('name'));
  })
  .route('@USERS', () => {
    people.clear();
    for (const [uuid, name] of listingPeople ?? []) people.set(uuid, name);
    if (myName) people.set(myUuid, myName);
    listingPeople = null;
    redrawLists();
  })
  .route('@ROOM', (params) => {
    rooms.set(params.require('room'), Number(params.get('members')));
    (listedRooms ??= new Set()).add(params.require('room'));
  })
  // The rooms the list did not name have no members left.
  .route('@ROOMS', () => {
    for (const room of rooms.keys()) if (!listedRooms?.has(room)) rooms.delete(room);
    listedRooms = null;
    redrawLists();
    subtitle();
  })
  .route('@SAID', (params) => {
    const name = params.get('name') ?? '';
    const uuid = [...people].find(([, held]) => held === name)?.[0];
    add(EVERYONE, { kind: name === myName ? 'mine' : 'said', who: name, whoUuid: uuid, text: params.get('text') ?? '' });
  })
  .route('@DM', (params) => {
    const from = params.require('from');
    add(`dm:${from}`, { kind: 'dm', who: nameOf(from), whoUuid: from, text: params.get('text') ?? '' });
  })
  .route('@ROOM-SAID', (params) => {
    const from = params.require('from');
    add(`room:${params.require('room')}`, { kind: 'room', who: nameOf(from), whoUuid: from, text: params.get('text') ?? '' });
  })
  // Answers to the joins made again after a new session, which are not requests.
  .route('@ROOM-JOINED', () => {})
  .route('@ERROR', (params) => {
    const words = plainError(params.get('reason'));
    if (!myName && wantedName) joinError(words);
    else problem(words);
  })
  .route('@LIMITED', (params) => problem(plainLimited(params.get('route'))))
  .route('UNKNOWN', () => problem('The server did not understand something this page sent.'))
  .route('ERROR', () => problem('Something went wrong on this page. Reloading it may help.'));

/** @param {string} words why the join did not take, under the name field */
function joinError(words) {
  wantedName = '';
  $('join-error').hidden = false;
  $('join-error').textContent = words;
}

$('join-form').addEventListener('submit', (event) => {
  event.preventDefault();
  wantedName = input('name').value.trim();
  $('join-error').hidden = true;
  if (!wantedName) {
    joinError('Type a name first.');
    return;
  }
  connector.send(message('@JOIN').param('name', wantedName));
});

$('say-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input('text').value;
  if (!text.trim()) return;
  input('text').value = '';
  say(text).catch((e) => problem(plainFailure(e)));
});

$('room-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const room = input('room').value.trim();
  input('room').value = '';
  if (room) void open(`room:${room}`);
});

$('leave-room').addEventListener('click', async () => {
  const room = current.slice(5);
  try {
    await connector.request(message('@ROOM-LEAVE').param('room', room));
    myRooms.delete(room);
    add(`room:${room}`, { kind: 'system', text: `You left #${room}.` });
    connector.send(message('@ROOMS'));
    await open(EVERYONE);
  } catch (e) {
    problem(plainFailure(e));
  }
});

$('menu').addEventListener('click', () => drawer($('app').dataset.drawer !== 'open'));
$('chat').addEventListener('click', (event) => {
  if ($('app').dataset.drawer !== 'open') return;
  event.preventDefault();
  drawer(false);
}, { capture: true });

window.setInterval(() => {
  if (connector.isConnected()) connector.send(message('@ROOMS'));
}, ROOMS_EVERY_MS);

redrawLists();
// A page waits for its server: a restart of the demo must not leave it given up.
void connector.connect({ retry: true });
