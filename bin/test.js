#!/usr/bin/env node
// npm test: the type-check (both tsc projects) and every test file, side by side; exits 1 if
// either fails. Mocha runs three files at a time, the slowest first (SLOWEST_FIRST), then the
// rest in name order, so that no long file starts last and runs alone. Arguments go to mocha
// (`npm test -- --grep storm`); one file alone is still `npx mocha test/NAME.test.ts`.

import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TEST_DIR = path.join(ROOT, 'test');

/**
 * Files at a time. Most test time is waiting (for an app's events, a limit, a browser), so
 * three share the 2 cores of the machine the kit is built on better than two (7 December
 * 2026, Node 20: about 92 to 107 s of mocha against 116 to 120 s with two); four made the
 * one storm test's client miss its connection window on a machine that busy.
 */
export const JOBS = 3;

/**
 * The test files that take longest (measured with three at a time), heaviest first; the
 * browser files together, so that a test process hands its Chromium from one to the next.
 * A file missing here runs after these, in name order.
 */
export const SLOWEST_FIRST = [
  'hostile',
  'sockets.flood',
  'behaviour.disconnect',
  'behaviour',
  'sockets.hostile',
  'client',
  'pool.series',
  'hosted',
  'apps.run',
  'roster',
  'browser/learn',
  'browser/learn-daily',
  'browser/chat',
  'browser/learn-colours',
  'browser/learn-layout',
  'browser/submit',
  'browser/learn-stale',
  'running-app',
  'sockets.worker',
  'course',
  'covered-lines',
  'course.commands',
  'sockets.unit',
  'apps.watch',
  'launcher',
  'cli.npm-args',
  'hint-forms',
];

/**
 * Every `*.test.ts` under `dir` (as paths relative to it, with `/`), SLOWEST_FIRST's first;
 * throws when SLOWEST_FIRST names a file that is not there (renamed: the list is stale).
 * @param {string} dir
 * @param {readonly string[]} slowest  names without `.test.ts`
 */
export function testFiles(dir, slowest = SLOWEST_FIRST) {
  const found = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file.endsWith('.test.ts') && !file.startsWith('fixtures/'))
    .sort();
  const first = slowest.map((name) => `${name}.test.ts`);
  const missing = first.filter((file) => !found.includes(file));
  if (missing.length) throw new Error(`bin/test.js: SLOWEST_FIRST names files that are not in test/: ${missing.join(', ')}`);
  return [...first, ...found.filter((file) => !first.includes(file))];
}

/**
 * Where Node.js 22.1 and newer keep V8's compiled code for the test processes, their worker
 * threads and every process they start (NODE_COMPILE_CACHE, inherited): a learner app starts
 * on ~0.26 s of CPU instead of ~0.33, a check worker in ~115 ms instead of ~150 (Node 22 and
 * 24, the machine the kit is built on). Node 20 ignores it. A NODE_COMPILE_CACHE already set wins.
 */
export const COMPILE_CACHE = path.join(ROOT, 'node_modules', '.cache', 'emitting-kit', 'compile');

/**
 * Runs `args` with this Node.js; resolves with its exit code. `quiet`: its output is held
 * and handed back instead of shown (tsc's, shown once mocha is done, as one block).
 * @param {string[]} args
 * @param {boolean} quiet
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<{ code: number, output: string }>}
 */
function runNode(args, quiet, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.once('error', (err) => resolve({ code: 1, output: `${output}${err.message}\n` }));
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

async function main() {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const mocha = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const files = testFiles(TEST_DIR).map((file) => `test/${file}`);
  const [kit, apps, tests] = await Promise.all([
    runNode([tsc, '--noEmit', '-p', 'tsconfig.json'], true),
    runNode([tsc, '--noEmit', '-p', 'tsconfig.apps.json'], true),
    runNode([mocha, '--parallel', '--jobs', String(JOBS), ...files, ...process.argv.slice(2)], false, { NODE_COMPILE_CACHE: COMPILE_CACHE, ...process.env }),
  ]);
  for (const { project, result } of [{ project: 'tsconfig.json', result: kit }, { project: 'tsconfig.apps.json', result: apps }]) {
    if (result.code !== 0) process.stderr.write(`\nThe type-check (tsc -p ${project}) failed:\n${result.output}`);
  }
  process.exitCode = kit.code || apps.code || tests.code ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
