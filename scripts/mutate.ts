// `npm run mutate`: how strong the test suite is, measured by one-line changes (mutants).
// A seeded random sample of single-token changes to the kit's own code (a comparison
// flipped, a boundary moved by one, && for ||, true for false, a negation dropped, a
// number off by one); for each, the tests that load the changed file run until the first
// failure, the quick test files first, the slow ones (SLOW) only for a mutant the quick
// ones let live, then those that load the file from further away. A mutant the tests fail
// on is killed; one they all pass survives, and is a test the suite lacks (or a change that
// means nothing; a change that leaves the file's compiled JavaScript as it was, such as a
// number in a type, is not sampled at all). `--recheck LOG` runs again the mutants an
// earlier run's log says survived or timed out (after tests were added, say, or with a
// longer --per-mutant-s). A development tool: slow, not a test.
//
//   npm run mutate -- [--seed N] [--count N] [--minutes N] [--rooms checker/run,learn] [--from N] [--recheck LOG]
//   npm run mutate -- --tests-for checker/run/sockets/engine-io.ts   (the rounds a mutant of it meets)
//
// It changes files in the working tree one at a time and puts each back (also on Ctrl-C):
// run it in a clean checkout (`git worktree add`), never where you are editing. Test
// files are chosen by their imports (those whose import closure holds the changed file);
// tests that reach the file only through a child process (`bin/check.js`) are not run,
// so the score is a lower bound.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { KIT_ROOT as ROOT } from '../checker/index.ts';
import { mutantsOf, type Mutant } from './mutants.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    count: { type: 'string', default: '300' },
    minutes: { type: 'string', default: '60' },
    rooms: { type: 'string', default: 'checker/run,checker/roster,checker/render,learn' },
    'per-mutant-s': { type: 'string', default: '120' },
    // Where in the seeded order to start: a second run in another checkout takes a later part of the same sample.
    from: { type: 'string', default: '0' },
    // The survivors and timeouts of an earlier run's log, run again (through every round): `--recheck mutate.log`.
    recheck: { type: 'string' },
    // Which tests a mutant of this file meets, round by round, without running anything.
    'tests-for': { type: 'string' },
  },
});
const SEED = Number(values.seed);
const COUNT = Number(values.count);
const DEADLINE = Date.now() + Number(values.minutes) * 60_000;
const PER_MUTANT_MS = Number(values['per-mutant-s']) * 1000;
const FROM = Number(values.from);
const ROOMS = values.rooms!.split(',').map((room) => room.trim()).filter(Boolean);

function sourceFiles(room: string): string[] {
  const dir = path.join(ROOT, room);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(ts|js)$/.test(name) && !name.endsWith('.d.ts') && !name.includes('public/'))
    .map((name) => path.join(room, name));
}

function candidates(file: string): Mutant[] {
  return mutantsOf(file, readFileSync(path.join(ROOT, file), 'utf8'));
}

/** mulberry32: a small seeded generator, so that a sample can be drawn again. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Files a module loads at run time without importing them: the pool, running from source,
 * bundles the worker thread's entry (worker-source.ts), so a test that starts checks on
 * workers runs worker.ts and what it imports (the sandbox, fetch, the Socket.IO clients).
 */
const RUNTIME_LOADS: Record<string, string[]> = {
  [path.join('checker', 'run', 'worker-source.ts')]: [path.join('checker', 'run', 'worker.ts')],
};

/** Relative imports of a TypeScript file, resolved, and what it loads at run time (RUNTIME_LOADS). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const found: string[] = [...(RUNTIME_LOADS[file] ?? [])];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = path.normalize(path.join(path.dirname(file), match[1]!));
    try {
      if (statSync(path.join(ROOT, target)).isFile()) found.push(target);
    } catch {
      // a package, or a file that is not there: not ours
    }
  }
  return found;
}

/**
 * Test file -> the kit files it loads in its own process, each with its import depth (1:
 * the test imports it; 2: through one module, such as a test helper).
 */
function closures(): Map<string, Map<string, number>> {
  const tests = readdirSync(path.join(ROOT, 'test'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts') && !name.startsWith('browser'))
    .map((name) => path.join('test', name));
  const result = new Map<string, Map<string, number>>();
  for (const test of tests) {
    const depth = new Map<string, number>([[test, 0]]);
    let frontier = [test];
    for (let level = 1; frontier.length > 0; level++) {
      const next: string[] = [];
      for (const file of frontier) {
        for (const imported of importsOf(file)) {
          if (depth.has(imported)) continue;
          depth.set(imported, level);
          next.push(imported);
        }
      }
      frontier = next;
    }
    result.set(test, depth);
  }
  return result;
}

/** The process group of the tests running now, ended with the tool (Ctrl-C). */
let running: number | undefined;

function runTests(files: string[], ms: number): Promise<'killed' | 'survived' | 'timeout'> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/mocha/bin/mocha.js', '--bail', '--reporter', 'dot', ...files], {
      cwd: ROOT,
      stdio: 'ignore',
      detached: true,
      env: { ...process.env, KIT_MUTANT: '1' },
    });
    running = child.pid;
    const end = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
    };
    const timer = setTimeout(() => {
      end();
      resolve('timeout');
    }, ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      running = undefined;
      // What the tests started and left (an app a failed test did not stop) goes with them.
      end();
      resolve(code === 0 ? 'survived' : 'killed');
    });
  });
}

/**
 * Test files that take over 10 s alone (measured on the 2-core machine, December 2026):
 * a mutant meets them only when the quicker tests that load its file let it live.
 */
const SLOW = new Set(
  ['sockets.flood', 'sockets.hostile', 'hostile', 'behaviour', 'behaviour.disconnect', 'apps.run', 'client', 'pool.series', 'hosted', 'submit', 'roster'].map(
    (name) => path.join('test', `${name}.test.ts`)
  )
);

const all = ROOMS.flatMap(sourceFiles).flatMap(candidates);
const next = random(SEED);
for (let i = all.length - 1; i > 0; i--) {
  const j = Math.floor(next() * (i + 1));
  [all[i], all[j]] = [all[j]!, all[i]!];
}
const loads = closures();
/**
 * The tests that load `file` most closely (those that import it, or import what imports it;
 * only when none does, every test that loads it at all), in rounds: the quick ones, then,
 * for a mutant they let live, the slow ones, then the tests that load the file from
 * further away (a Socket.IO module reached only through run.ts, say). A mutant is killed by
 * the first failure.
 */
function testsFor(file: string): string[][] {
  const near = [...loads].filter(([, files]) => (files.get(file) ?? Infinity) <= 2).map(([test]) => test);
  const tests = (near.length > 0 ? near : [...loads].filter(([, files]) => files.has(file)).map(([test]) => test)).sort();
  const far = near.length > 0 ? [...loads].filter(([, files]) => (files.get(file) ?? 0) > 2).map(([test]) => test) : [];
  return [tests.filter((test) => !SLOW.has(test)), tests.filter((test) => SLOW.has(test)), byLikeness(far, file)].filter((round) => round.length > 0);
}

/**
 * Far tests, those most likely to fail first (mocha stops at the first failure): the ones
 * that name what the file exports or whose name shares a word with its path (a module of
 * checker/run/sockets/ and test/sockets.hostile.test.ts), then the quick before the slow,
 * then the nearer before the further.
 */
function byLikeness(tests: string[], file: string): string[] {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  const exported = [...source.matchAll(/^export (?:async )?(?:function|const|class|let|interface|type) (\w+)/gm)].map((m) => m[1]!);
  const words = file.replace(/\.ts$/, '').split(/[\\/.-]/).filter((word) => word.length > 3 && !['checker', 'learn'].includes(word));
  const likeness = (test: string) => {
    const text = readFileSync(path.join(ROOT, test), 'utf8');
    const name = path.basename(test);
    return exported.filter((id) => text.includes(id)).length + words.filter((word) => name.includes(word)).length;
  };
  const scored = tests.map((test) => ({ test, like: likeness(test), slow: SLOW.has(test) ? 1 : 0, depth: loads.get(test)!.get(file)! }));
  scored.sort((a, b) => b.like - a.like || a.slow - b.slow || a.depth - b.depth || a.test.localeCompare(b.test));
  return scored.map(({ test }) => test);
}

/** The mutants a log left alive or undecided (survived, or over the time limit), found again in this sample by place and change. */
function undecidedOf(log: string): Mutant[] {
  const wanted = [...readFileSync(log, 'utf8').matchAll(/ (?:survived|timeout) .*? (\S+):(\d+) (\w+): (".*?") -> (".*?")$/gm)].map((m) => ({
    file: m[1]!,
    line: Number(m[2]) - 1,
    operator: m[3]!,
    from: JSON.parse(m[4]!) as string,
    to: JSON.parse(m[5]!) as string,
  }));
  return all.filter((mutant) => wanted.some((w) => w.file === mutant.file && w.line === mutant.line && w.operator === mutant.operator && w.from === mutant.from.trim() && w.to === mutant.to.trim()));
}

if (values['tests-for']) {
  const file = path.normalize(values['tests-for']);
  const rounds = testsFor(file);
  for (const [test, files] of loads) if (files.has(file)) console.log(`depth ${files.get(file)}: ${test}`);
  rounds.forEach((round, at) => console.log(`round ${at + 1}: ${round.join(' ')}`));
  if (rounds.length === 0) console.log('no test loads it in-process');
  process.exit(0);
}

let restore: (() => void) | undefined;
process.on('SIGINT', () => {
  restore?.();
  if (running) {
    try {
      process.kill(-running, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  process.exit(130);
});

const results: Array<Mutant & { verdict: string }> = [];
let untested = 0;
console.log(`seed ${SEED}: ${all.length} possible mutants in ${ROOMS.join(', ')}; sampling ${COUNT}${FROM ? `, from number ${FROM + 1} of the seeded order` : ''}`);
const sample = values.recheck ? undecidedOf(values.recheck) : all.slice(FROM);
for (const mutant of sample) {
  if (results.length >= COUNT || Date.now() > DEADLINE) break;
  const rounds = testsFor(mutant.file);
  if (rounds.length === 0) {
    untested++;
    continue;
  }
  const full = path.join(ROOT, mutant.file);
  const original = readFileSync(full, 'utf8');
  const lines = original.split('\n');
  const text = lines[mutant.line]!;
  lines[mutant.line] = text.slice(0, mutant.at) + mutant.to + text.slice(mutant.at + mutant.from.length);
  restore = () => writeFileSync(full, original);
  writeFileSync(full, lines.join('\n'));
  let verdict = 'survived';
  const started = Date.now();
  try {
    for (const round of rounds) {
      verdict = await runTests(round, PER_MUTANT_MS - (Date.now() - started));
      if (verdict !== 'survived') break;
    }
  } finally {
    restore();
    restore = undefined;
  }
  results.push({ ...mutant, verdict });
  const where = `${mutant.file}:${mutant.line + 1}`;
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`${String(results.length).padStart(3)} ${verdict.padEnd(8)} ${String(seconds).padStart(3)} s ${where} ${mutant.operator}: ${JSON.stringify(mutant.from.trim())} -> ${JSON.stringify(mutant.to.trim())}`);
}

const killed = results.filter((r) => r.verdict === 'killed').length;
const survived = results.filter((r) => r.verdict === 'survived').length;
const timedOut = results.length - killed - survived;
// A timeout is not counted as killed: on a busy machine it is as likely the tests' own pace.
console.log(`\nseed ${SEED}: ${results.length} mutants run: ${killed} killed, ${survived} survived, ${timedOut} timed out (not counted); score ${killed + survived ? ((100 * killed) / (killed + survived)).toFixed(1) : '0'}% of ${killed + survived}; ${untested} skipped (no test loads their file in-process)`);
for (const r of results.filter((one) => one.verdict === 'survived')) {
  console.log(`survived: ${r.file}:${r.line + 1} ${r.operator}: ${JSON.stringify(r.from.trim())} -> ${JSON.stringify(r.to.trim())}`);
}
