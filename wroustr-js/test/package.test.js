// The package as a user gets it: packed with `npm pack` and installed from the tarball, or
// installed from its directory (`npm install <path>`, a link), into scratch projects with `ws`;
// the README's example run as written against the Java demo, a consumer type-checked under
// `tsc --strict`, and the failures (wrong URL, server down, no ws) reported, not hung.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startDemo } from './demo-server.js';
import { closedPort } from './peer-server.js';

const run = promisify(execFile);
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const TSC = join(PACKAGE, 'node_modules/typescript/bin/tsc');
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

/** @type {import('./demo-server.js').Demo} */
let demo;
let scratch = '';
/** @type {{wroustr: string, ws: string}} */
const tarballs = { wroustr: '', ws: '' };

/**
 * Runs `command` in `cwd`; never throws, so a failure's output can be asserted on.
 *
 * @param {string} cwd @param {string} command @param {string[]} args
 * @returns {Promise<{code: number, stdout: string, stderr: string}>}
 */
async function exec(cwd, command, args) {
  try {
    const { stdout, stderr } = await run(command, args, { cwd, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = /** @type {{code?: number, stdout?: string, stderr?: string}} */ (e);
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/**
 * A new project under the scratch directory with `packages` installed by npm, offline.
 *
 * @param {string} name @param {string[]} packages tarballs or directories
 */
async function project(name, packages) {
  const dir = join(scratch, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  const installed = await exec(dir, 'npm', ['install', '--offline', '--no-audit', '--no-fund', ...packages]);
  assert.equal(installed.code, 0, installed.stderr);
  return dir;
}

/**
 * The README's client example, as written but for its URL: its first import of 'wroustr', then
 * the first js block under "## Client".
 *
 * @param {string} url
 */
function readmeExample(url) {
  const readme = readFileSync(join(PACKAGE, 'README.md'), 'utf8');
  const block = /## Client\n\n```js\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'no js block under "## Client" in README.md');
  assert.ok(block.includes("'ws://localhost:9000'"), block);
  const imports = /^import .* from 'wroustr';/m.exec(readme)?.[0];
  assert.ok(imports, "no import from 'wroustr' in README.md");
  return `${imports}\n${block.replace("'ws://localhost:9000'", 'process.argv[2]')}`;
}

/** @param {string} dir @param {string} url */
const runExample = (dir, url) => exec(dir, process.execPath, ['app.mjs', url]);

describe('the npm package, installed', { timeout: 240_000 }, () => {
  before(async () => {
    demo = await startDemo();
    scratch = mkdtempSync(join(tmpdir(), 'wroustr-js-package-'));
    // --ignore-scripts: the test packs the files as they are; types.d.ts are checked current below.
    const packed = await exec(PACKAGE, 'npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch]);
    assert.equal(packed.code, 0, packed.stderr);
    const [{ filename, files }] = JSON.parse(packed.stdout);
    tarballs.wroustr = join(scratch, filename);
    const paths = files.map((/** @type {{path: string}} */ file) => file.path);
    for (const path of ['LICENSE', 'README.md', 'package.json', 'src/index.js', 'types/index.d.ts']) assert.ok(paths.includes(path), `${path} not packed: ${paths}`);
    assert.deepEqual(paths.filter((/** @type {string} */ path) => !/^(src|types)\/|^(LICENSE|README\.md|package\.json)$/.test(path)), []);
    // The application's ws, from this package's own copy: no registry needed.
    const ws = await exec(PACKAGE, 'npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch, join(PACKAGE, 'node_modules/ws')]);
    assert.equal(ws.code, 0, ws.stderr);
    tarballs.ws = join(scratch, JSON.parse(ws.stdout)[0].filename);
  });
  after(async () => {
    await demo?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('npm pack + install: the README example prints what the README says, against the Java demo; require() works too', async () => {
    const dir = await project('from-tarball', [tarballs.wroustr, tarballs.ws]);
    writeFileSync(join(dir, 'app.mjs'), readmeExample(demo.url));
    const ran = await runExample(dir, demo.url);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, new RegExp(`^Client connected as ${UUID}\nbob: hello\n$`));
    assert.equal(readFileSync(join(dir, 'node_modules/wroustr/LICENSE'), 'utf8'), readFileSync(join(PACKAGE, '../LICENSE'), 'utf8'));

    const required = await exec(dir, process.execPath, ['--no-warnings', '-e', "console.log(typeof require('wroustr').Connector)"]);
    assert.equal(required.stdout, 'function\n', required.stderr);
  });

  test('npm install <path>, a link to a directory with no ws near it: ws is found in the application', async () => {
    // The package as a fresh clone holds it, without node_modules of its own.
    const copy = join(scratch, 'wroustr-js');
    for (const part of ['src', 'types', 'LICENSE', 'README.md', 'package.json']) cpSync(join(PACKAGE, part), join(copy, part), { recursive: true });
    const dir = await project('from-path', [copy, tarballs.ws]);
    writeFileSync(join(dir, 'app.mjs'), readmeExample(demo.url));
    const ran = await runExample(dir, demo.url);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, new RegExp(`^Client connected as ${UUID}\nbob: hello\n$`));
  });

  test('a wrong URL, a server that is down, and no ws each end the example with the reason, not a hang', async () => {
    const dir = await project('failures', [tarballs.wroustr, tarballs.ws]);
    writeFileSync(join(dir, 'app.mjs'), readmeExample(demo.url));
    const wrongPath = `${demo.url}chat`;
    const notFound = await runExample(dir, wrongPath);
    assert.equal(notFound.code, 1);
    assert.match(notFound.stderr, new RegExp(`could not connect to ${wrongPath}: Unexpected server response: 404`));

    const down = `ws://127.0.0.1:${await closedPort()}/`;
    const refused = await runExample(dir, down);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /could not connect to .*: connect ECONNREFUSED/);

    const bare = await project('without-ws', [tarballs.wroustr]);
    writeFileSync(join(bare, 'app.mjs'), readmeExample(demo.url));
    const noWs = await runExample(bare, demo.url);
    assert.equal(noWs.code, 1);
    assert.match(noWs.stderr, /could not connect to .*: no WebSocket in this runtime: install the ws package in the application \(npm install ws\)/);
  });

  test('a TypeScript consumer type-checks under tsc --strict against the shipped declarations', async () => {
    const dir = await project('typescript', [tarballs.wroustr]);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      // No DOM, no Node types: the declarations must stand on the language alone.
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'], types: [] },
    }));
    writeFileSync(join(dir, 'consumer.ts'), `
import { Connector, Layer, Params, RequestError, message, parse, type ConnectorOptions, type Handler } from 'wroustr';
declare const console: { log(...values: unknown[]): void };

interface State { user: string }
const options: ConnectorOptions = { reconnect: { min: 100, max: 1000 }, maxMessageBytes: 1 << 16, closeTimeout: 2000 };
const said: Handler<State> = (params) => console.log(params.require('text'));
const connector = new Connector<State>('ws://localhost:9000', { user: 'bob' }, options)
  .route('CONNECTED', (params, dispatcher, state) => {
    const uuid: string | undefined = params.get('uuid');
    dispatcher.send(message('@JOIN').param('name', state.user.toUpperCase()));
    console.log(uuid);
  })
  .route('CONNECT-FAILED', (params) => console.log(params.get('error'), Number(params.get('attempt'))))
  .route('@SAID', said)
  .layer(Layer.named('AUTH').allow('@SAID'), (params, dispatcher, state) => Layer.pass(params.with('user', state.user)));
// @ts-expect-error: the state is typed
connector.route('@NOPE', (params, dispatcher, state) => state.nope);

async function main(): Promise<void> {
  await connector.connect({ retry: true });
  const sent: boolean = connector.send('@SAY #text hi');
  try {
    const time = await connector.request(message('@TIME'), { timeout: 5000 });
    const now: number = Number(time.params.get('now'));
    console.log(sent, now, time.route);
  } catch (e) {
    if (e instanceof RequestError) console.log(e.kind, e.route);
  }
  const parsed: { route: string, params: Params } = parse('@A #k v');
  console.log(parsed.params.entries(), connector.stats.receivedWaiting);
  await connector.close();
}
void main();
`);
    const checked = await exec(dir, process.execPath, [TSC, '-p', '.']);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
  });

  test('the shipped declarations are those tsc makes of the JSDoc now (npm run types), and LICENSE is the repository\'s', async () => {
    const fresh = join(scratch, 'types-now');
    const made = await exec(PACKAGE, process.execPath, [TSC, '-p', 'tsconfig.types.json', '--outDir', fresh]);
    assert.equal(made.code, 0, made.stdout + made.stderr);
    const shipped = join(PACKAGE, 'types');
    assert.deepEqual(readdirSync(shipped).sort(), readdirSync(fresh).sort(), 'run npm run types');
    for (const name of readdirSync(fresh)) {
      assert.equal(readFileSync(join(shipped, name), 'utf8'), readFileSync(join(fresh, name), 'utf8'), `types/${name} is stale: run npm run types`);
    }
    assert.equal(readFileSync(join(PACKAGE, 'LICENSE'), 'utf8'), readFileSync(join(PACKAGE, '../LICENSE'), 'utf8'));
  });
});
