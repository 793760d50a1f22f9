// Runs the Java demo server (`wroustr demo`) for the tests, building its jar when missing or
// older than the sources it is made of (the Java modules, and this package's page and client).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const JAR = join(ROOT, 'wroustr-cli/target/wroustr.jar');
const SOURCES = ['pom.xml', 'wroustr-core/pom.xml', 'wroustr-core/src/main', 'wroustr-cli/pom.xml', 'wroustr-cli/src/main',
  'wroustr-redis/pom.xml', 'wroustr-redis/src/main',
  'wroustr-micrometer/pom.xml', 'wroustr-micrometer/src/main', 'wroustr-js/src', 'wroustr-js/demo'];

/** @param {string} path @returns {number} the newest modification time under path */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

let checked = false;

/** Builds the jar once per test process, if it is missing or stale. */
export function ensureJar() {
  if (checked) return JAR;
  checked = true;
  const sources = Math.max(...SOURCES.map((path) => newest(join(ROOT, path))));
  if (existsSync(JAR) && statSync(JAR).mtimeMs >= sources) return JAR;
  execFileSync('mvn', ['-q', '-B', '-ntp', '-pl', 'wroustr-cli', '-am', 'package', '-DskipTests'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return JAR;
}

/**
 * @typedef {{url: string, port: number, http: string, stop: () => Promise<void>, kill: () => Promise<void>, output: () => string}} Demo
 */

/**
 * Starts `wroustr demo` on `port` (0 for any free one), with `args` more, and resolves when it
 * listens. With `--tls` among the args, `url` and `http` are `wss://` and `https://`.
 *
 * @param {number} [port]
 * @param {string[]} [args]
 * @returns {Promise<Demo>}
 */
export async function startDemo(port = 0, args = []) {
  const jar = ensureJar();
  const child = spawn('java', ['-jar', jar, 'demo', '--port', String(port), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk) => { output += chunk; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const listening = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start within 30 s:\n${output}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const found = /listening on wss?:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(Number(found[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited with ${code}:\n${output}`));
    });
  });
  const tls = args.includes('--tls');
  return {
    port: listening,
    url: `${tls ? 'wss' : 'ws'}://127.0.0.1:${listening}/`,
    http: `${tls ? 'https' : 'http'}://127.0.0.1:${listening}/`,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    /** Kills the demo at once (kill -9): no goodbye to its clients nor to its cluster. */
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
