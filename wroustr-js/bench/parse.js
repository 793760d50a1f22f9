// The parser's speed on the typical message, against JSON.parse of the same content, in the
// same process and run, alternating round by round so both see the same machine.
//   node bench/parse.js [rounds] [ms per round]
import os from 'node:os';
import { parse, write } from '../src/index.js';

const rounds = Number(process.argv[2] ?? 5);
const roundMs = Number(process.argv[3] ?? 1000);

// The client's typical message, and the one the Java parser's benchmark (ParserBenchmark) calls typical.
/** @type {Array<[string, Array<[string, string]>]>} */
const MESSAGES = [
  ['@LOGIN', [['user', 'bob'], ['note', 'hi there'], ['success', 'true']]],
  ['@SAY', [['room', 'lobby'], ['seq', '123456'], ['text', 'hello there, how are you doing today?'], ['ok', 'true']]],
];

/** @type {Record<string, {text: string, fn: () => number}>} */
const contenders = {};
for (const [route, params] of MESSAGES) {
  const text = write(route, params);
  const json = JSON.stringify({ route, params });
  // Both read every value, so neither result can be thrown away unread.
  contenders[`${route} wroustr parse`] = { text, fn: () => parse(text).params.entries().length };
  contenders[`${route} JSON.parse`] = { text: json, fn: () => JSON.parse(json).params.map((/** @type {string[]} */ p) => p[1]).length };
}

let sunk = 0;

/** Messages per second of `fn` over about `ms` milliseconds. @param {() => number} fn @param {number} ms */
function measure(fn, ms) {
  let count = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < end) {
    // Batches of 1,000 keep the clock out of the measurement.
    for (let i = 0; i < 1000; i++) sink += fn();
    count += 1000;
    now = process.hrtime.bigint();
  }
  // Kept where the optimiser cannot prove it unused.
  sunk += sink;
  return count / (Number(now - start) / 1e9);
}

for (const { fn } of Object.values(contenders)) measure(fn, 300); // warmup: let the JIT settle

/** @type {Record<string, number[]>} */
const results = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, { fn }] of Object.entries(contenders)) results[name].push(measure(fn, roundMs));
}

const fmt = (/** @type {number} */ n) => Math.round(n).toLocaleString('en-US');
const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${rounds} rounds of ${roundMs} ms`);
for (const [name, { text }] of Object.entries(contenders)) console.log(`${name.padEnd(24)}${text}`);
console.log(`\n${'contender'.padEnd(24)}${'median msg/s'.padStart(14)}${'min'.padStart(14)}${'max'.padStart(14)}   rounds`);
for (const [name, xs] of Object.entries(results)) {
  console.log(`${name.padEnd(24)}${fmt(median(xs)).padStart(14)}${fmt(Math.min(...xs)).padStart(14)}${fmt(Math.max(...xs)).padStart(14)}   ${xs.map(fmt).join(' ')}`);
}
console.log('');
for (const [route] of MESSAGES) {
  const ours = median(results[`${route} wroustr parse`]);
  const baseline = median(results[`${route} JSON.parse`]);
  console.log(`${route}: wroustr parse ${(ours / baseline).toFixed(2)}x JSON.parse, ${(1e9 / ours).toFixed(0)} ns vs ${(1e9 / baseline).toFixed(0)} ns a message`);
}
if (sunk === 0) throw new Error('nothing was parsed');
