// The parser, writer, message builder, params and layers on their own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Layer, Message, Params, message, parse, write } from '../src/index.js';
import { backoffDelay, reconnectPolicy } from '../src/reconnect.js';

test('the typical message parses to route and ordered params', () => {
  const { route, params } = parse("@LOGIN #user bob #note 'hi there' #success true");
  assert.equal(route, '@LOGIN');
  assert.deepEqual([...params], [['user', 'bob'], ['note', 'hi there'], ['success', 'true']]);
  assert.equal(params.get('note'), 'hi there');
  assert.equal(params.get('nope'), undefined);
  assert.equal(params.get('nope', 'fallback'), 'fallback');
  assert.equal(params.has('user'), true);
  assert.throws(() => params.require('nope'), /missing param #nope/);
  assert.deepEqual(params.toObject(), { user: 'bob', note: 'hi there', success: 'true' });
});

test('too-many-params counts distinct keys, past a Map index too', () => {
  assert.equal(parse('@A #k 1 #k 2 #k 3', 1).params.get('k'), '3');
  const many = Array.from({ length: 200 }, (_, i) => `#k${i % 50} ${i}`).join(' ');
  const { params } = parse(`@A ${many}`, 50);
  assert.equal(params.size, 50);
  assert.equal(params.get('k0'), '150');
  assert.equal(params.keyAt(49), 'k49');
  assert.throws(() => parse(`@A ${many} #extra 1`, 50), { kind: 'too-many-params', offset: many.length + 4 });
});

test('offsets are UTF-16 string indexes', () => {
  // '😀' is two code units.
  assert.throws(() => parse("@A #k 😀 #x 'a\\qb'"), { kind: 'bad-escape', offset: 14 });
});

test('writing refuses what cannot be a route or a key, naming it', () => {
  assert.throws(() => write('LOGIN'), /route must start with '@'.*"LOGIN"/);
  assert.throws(() => write('@'), /route/);
  assert.throws(() => write('@A B'), /route/);
  assert.throws(() => write('@A', [['', 'v']]), /key must not be empty/);
  assert.throws(() => write('@A', [['a b', 'v']]), /"a b"/);
  assert.equal(write('@A', { n: 1, ok: true }), '@A #n 1 #ok true');
});

test('every value survives a round trip', () => {
  const samples = ['', ' ', "'", '"', '\\', 'a\nb', '\u00a0', '\u0085', '\u3000', '#x', 'it\'s "x" \\ y', '\t\r\n', 'Zoë', '😀', '\ufeff', '\u000b\u000c'];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let round = 0; round < 500; round++) {
    const value = Array.from({ length: Math.floor(random() * 4) }, () => samples[Math.floor(random() * samples.length)]).join('');
    const text = write('@R', [['k', value], ['z', 'end']]);
    assert.deepEqual(parse(text).params.entries(), [['k', value], ['z', 'end']], JSON.stringify(text));
  }
});

test('message() builds canonical text and is immutable', () => {
  const base = message('@LOGIN');
  const login = base.param('user', 'bob').param('note', 'hi there').param('user', 'alice');
  assert.equal(login.toText(), "@LOGIN #user alice #note 'hi there'");
  assert.equal(base.toText(), '@LOGIN');
  assert.equal(message('@A', [['k', 'v']]).toText(), '@A #k v');
  assert.equal(message('@A', { k: 2 }).toText(), '@A #k 2');
  assert.equal(Message.parse('@A #k v').params.get('k'), 'v');
  assert.throws(() => message('A'), /route/);
  assert.throws(() => message('@A').param('', 'x'), /key/);
});

test('Params.with keeps the place of a key, without drops it, both leave the original', () => {
  const params = Params.of('a', 1, 'b', 2);
  assert.deepEqual(params.with('a', 3).entries(), [['a', '3'], ['b', '2']]);
  assert.deepEqual(params.with('c', 'x').entries(), [['a', '1'], ['b', '2'], ['c', 'x']]);
  assert.deepEqual(params.without('a').entries(), [['b', '2']]);
  assert.deepEqual(params.entries(), [['a', '1'], ['b', '2']]);
  assert.equal(JSON.stringify(params), '[["a","1"],["b","2"]]');
});

test('a layer applies where allow is empty or holds the route, and block does not', () => {
  const all = Layer.named('ALL');
  assert.ok(all.appliesTo('@X') && all.appliesTo('CONNECTED'));
  const auth = Layer.named('AUTH').allow('@SECRET', '@DATA').block('@DATA');
  assert.ok(auth.appliesTo('@SECRET'));
  assert.ok(!auth.appliesTo('@DATA'));
  assert.ok(!auth.appliesTo('@OTHER'));
  assert.ok(!all.block('CONNECTED', 'DISCONNECTED').appliesTo('DISCONNECTED'));
  assert.throws(() => Layer.named('X').block('CONNECTED, DISCONNECTED'), /not a route/);
  assert.throws(() => Layer.named(' '), /blank/);
});

test('Layer.check passes on true and cancels otherwise', async () => {
  const params = Params.of('k', 'v');
  assert.deepEqual(await Layer.check(() => true)(params, null, null), Layer.pass(params));
  assert.equal((await Layer.check(async () => false)(params, null, null)).passed, false);
});

test('backoff waits between min and a doubling cap, up to max', () => {
  const policy = { min: 250, max: 30_000 };
  assert.equal(backoffDelay(policy, 1, () => 0), 250);
  assert.equal(backoffDelay(policy, 1, () => 0.9999999), 500);
  assert.equal(backoffDelay(policy, 3, () => 0.9999999), 2000);
  assert.equal(backoffDelay(policy, 30, () => 0.9999999), 30_000);
  assert.equal(reconnectPolicy(false), null);
  assert.deepEqual(reconnectPolicy(undefined), policy);
  assert.throws(() => reconnectPolicy({ min: 0 }), /positive/);
  assert.throws(() => reconnectPolicy({ min: 500, max: 100 }), /max 100 < min 500/);
});
