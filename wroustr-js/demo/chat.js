// The demo's chat page: one Connector to the server that served the page, a route per thing
// the server says, and a form per thing the user can say. No build step, no framework.
import { Connector, message } from './src/index.js';

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ ($(id));

/** Names by uuid, learnt from @JOINED, so messages can say who rather than a uuid. */
const people = new Map();
const rooms = new Set();
let myName = '';

const nameOf = (/** @type {string} */ uuid) => people.get(uuid) ?? `${uuid.slice(0, 8)}…`;

/**
 * Adds a line to the log.
 *
 * @param {string} kind said, dm, room, joined, system or error: styles, and what tests look for
 * @param {string} text
 */
function log(kind, text) {
  const line = document.createElement('li');
  line.dataset.kind = kind;
  line.textContent = text;
  $('log').append(line);
  line.scrollIntoView({ block: 'nearest' });
}

/** @param {string} state @param {string} text */
function status(state, text) {
  $('status').dataset.state = state;
  $('status').textContent = text;
}

// The demo has no accounts: every page signs in with one token. Under `wroustr demo --token-ttl`
// the connector refreshes it before each expiry, which the page does not show unless it fails.
const connector = new Connector(`ws://${location.host}/`, null, { token: () => 'demo' })
  .route('CONNECTED', (params) => {
    status('connected', 'connected');
    $('my-uuid').textContent = params.get('uuid') ?? '?';
    // A new connection is a new uuid: join again under the same name, and the same rooms.
    if (myName) connector.send(message('@JOIN').param('name', myName));
    for (const room of rooms) connector.send(message('@ROOM-JOIN').param('room', room));
  })
  // The network dropped and the session came back: same uuid, rooms and name, nothing lost.
  .route('RESUMED', () => {
    status('resumed', 'resumed');
    log('system', 'the connection dropped and resumed: nothing was lost');
  })
  .route('DISCONNECTED', (params) => {
    const reason = params.get('reason');
    status('disconnected', `disconnected (${params.get('code')}${reason ? `, ${reason}` : ''}), reconnecting…`);
    // Refused (3000) or expired (3005), the token is never sent again: a new page gets a new start.
    const code = params.get('code');
    if (code === '3000' || code === '3005') log('error', `the server ${code === '3000' ? 'refused' : 'let expire'} this page's credentials: reload the page`);
  })
  // While the page is away it tries again and again: the status says so, not the console.
  .route('CONNECT-FAILED', (params) => {
    if (params.get('retryIn')) status('reconnecting', `no connection, trying again (attempt ${params.get('attempt')} failed)…`);
  })
  .route('@JOINED', (params) => {
    const uuid = params.require('uuid');
    const name = params.require('name');
    people.set(uuid, name);
    const option = document.createElement('option');
    option.value = uuid;
    option.label = name;
    $('people').append(option);
    log('joined', `${name} joined`);
  })
  .route('@SAID', (params) => log('said', `${params.get('name')}: ${params.get('text')}`))
  .route('@USERS', (params) => {
    $('users').textContent = `${params.get('count')} joined: ${params.get('names') || 'nobody yet'}`;
  })
  .route('@DM', (params) => log('dm', `DM from ${nameOf(params.require('from'))}: ${params.get('text')}`))
  .route('@ROOM-SAID', (params) => log('room', `[${params.get('room')}] ${nameOf(params.require('from'))}: ${params.get('text')}`))
  // Answers to the room sends made again after a reconnection, which are not requests.
  .route('@ROOM-JOINED', () => {})
  .route('@ERROR', (params) => log('error', `server: ${params.get('reason')}`))
  .route('UNKNOWN', (params) => log('system', `(no route for ${params.get('route')})`));

/**
 * Runs `form`'s action on submit, then clears its text inputs.
 *
 * @param {string} id
 * @param {() => unknown} action
 */
function onSubmit(id, action) {
  $(id).addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await action();
      for (const field of $(id).querySelectorAll('input')) if (field.id !== 'dm-to' && field.id !== 'name') field.value = '';
    } catch (e) {
      log('error', e instanceof Error ? e.message : String(e));
    }
  });
}

onSubmit('join-form', () => {
  myName = input('name').value.trim();
  connector.send(message('@JOIN').param('name', myName));
});

onSubmit('say-form', () => connector.send(message('@SAY').param('text', input('text').value)));

onSubmit('dm-form', () => {
  const to = input('dm-to').value.trim();
  const text = input('dm-text').value;
  connector.send(message('@DM').param('to', to).param('text', text));
  log('dm', `DM to ${nameOf(to)}: ${text}`);
});

// Room routes answer requests with a reply, so the page knows when a join took.
onSubmit('room-form', async () => {
  const room = input('room').value.trim();
  const joined = await connector.request(message('@ROOM-JOIN').param('room', room));
  if (rooms.has(room)) return;
  rooms.add(room);
  log('system', `joined room ${room} (${joined.params.get('members')} in it)`);
  renderRooms();
});

onSubmit('room-say-form', async () => {
  const room = /** @type {HTMLSelectElement} */ ($('room-select')).value;
  const text = input('room-text').value;
  const sent = await connector.request(message('@ROOM-SAY').param('room', room).param('text', text));
  log('room', `[${room}] you: ${text} (to ${sent.params.get('count')})`);
});

$('who').addEventListener('click', () => connector.send(message('@WHO')));

/** @param {string} room */
async function leave(room) {
  await connector.request(message('@ROOM-LEAVE').param('room', room));
  rooms.delete(room);
  log('system', `left room ${room}`);
  renderRooms();
}

function renderRooms() {
  const list = $('rooms');
  const select = $('room-select');
  list.replaceChildren();
  select.replaceChildren();
  for (const room of rooms) {
    const item = document.createElement('li');
    item.dataset.room = room;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `leave ${room}`;
    button.addEventListener('click', () => leave(room).catch((e) => log('error', e.message)));
    item.append(button);
    list.append(item);
    const option = document.createElement('option');
    option.value = room;
    option.textContent = room;
    select.append(option);
  }
}

// A page waits for its server: a restart of the demo must not leave it given up.
void connector.connect({ retry: true });
