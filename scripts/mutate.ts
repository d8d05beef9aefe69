// `npm run mutate`: how strong the test suite is, measured by one-line changes (mutants).
// A seeded random sample of single-token changes to the kit's own code (a comparison
// flipped, a boundary moved by one, && for ||, true for false, a negation dropped, a
// number off by one); for each, the test files that run the changed line (read from V8
// coverage, see below) run until the first failure, the quick ones first, the slow ones
// (SLOW) only for a mutant the quick ones let live, then those that load the file from
// further away. A mutant the tests fail on is killed; one they all pass survives, and is a
// test the suite lacks (or a change that means nothing; a change that leaves the file's
// compiled JavaScript as it was, such as a number in a type, is not sampled at all); one
// on a line no test runs is uncovered, and counts as surviving. One whose tests run past
// half again their own time on the unchanged code (and 10 s) hangs them: it counts as
// killed, as StrykerJS counts its timeouts (the tests would fail on their own limits); one
// cut short by --per-mutant-s before that is undecided, not counted. `--recheck LOG` runs again
// the mutants an earlier run's log says survived or timed out (after tests were added, say,
// or with a longer --per-mutant-s). A development tool: slow, not a test.
//
// Coverage: before the first mutant, each test file runs once on the unchanged code under
// NODE_V8_COVERAGE (scripts/covered-lines.ts reads which source lines it ran, in the test's
// thread and in its check workers), and how long it took. That map is kept in the --coverage file for the same
// sources (a second checkout of the same commit reads it instead of collecting it again).
//
//   npm run mutate -- [--seed N] [--count N] [--minutes N] [--rooms checker/run,learn] [--from N] [--recheck LOG] [--coverage FILE]
//   npm run mutate -- --list [--count N] [--from N]   (the sample and each mutant's rounds, run nothing)
//   npm run mutate -- --tests-for checker/run/sockets/engine-io.ts   (the rounds a mutant of it meets)
//
// It changes files in the working tree one at a time and puts each back (also on Ctrl-C):
// run it in a clean checkout (`git worktree add`), never where you are editing. Test
// files are chosen by their imports (those whose import closure holds the changed file);
// tests that reach the file only through a child process (`bin/check.js`) are not run,
// so the score is a lower bound.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { KIT_ROOT as ROOT } from '../checker/index.ts';
import { linesRanIn } from './covered-lines.ts';
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
    // The sample, each mutant with the rounds of tests it would meet, without running them.
    list: { type: 'boolean', default: false },
    // Where the coverage map of these sources is kept (read when it is there, else made).
    coverage: { type: 'string', default: path.join('node_modules', '.cache', 'emitting-kit', 'mutate-coverage.json') },
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

function runTests(files: string[], ms: number, env: NodeJS.ProcessEnv = {}): Promise<'killed' | 'survived' | 'timeout'> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/mocha/bin/mocha.js', '--bail', '--reporter', 'dot', ...files], {
      cwd: ROOT,
      stdio: 'ignore',
      detached: true,
      env: { ...process.env, ...env },
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

/** The test files, and a hash of every file whose change would change what they run. */
function sourcesKey(tests: string[]): string {
  const hash = createHash('sha256');
  for (const dir of ['checker', 'learn', 'test', 'scripts', 'bin', 'steps', 'starter', 'solution']) {
    for (const name of readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' }).sort()) {
      if (name.split(path.sep).includes('node_modules') || name.split(path.sep).includes('data')) continue;
      const file = path.join(ROOT, dir, name);
      if (statSync(file).isFile()) hash.update(`${dir}/${name}\0`).update(readFileSync(file));
    }
  }
  return hash.update(tests.join('\0')).digest('hex').slice(0, 16);
}

/** Test file -> source file (relative) -> the lines (0-based) it ran, on the unchanged code. */
type CoverageMap = Map<string, Map<string, Set<number>>>;

/** What each test file does on the unchanged code: the lines it runs, and how long it ran (ms, under coverage, two files at a time). */
interface Coverage {
  lines: CoverageMap;
  durations: Map<string, number>;
}

/** Whether a script of a coverage file is the kit's own code (its sources, or the worker bundled from them). */
function kitScript(url: string): boolean {
  if (!url.startsWith('file:')) return false;
  const relative = path.relative(ROOT, fileURLToPath(url));
  return /^(checker|learn)[\\/]/.test(relative) || /^node_modules[\\/]\.cache[\\/]emitting-kit[\\/]worker-[0-9a-f]+\.mjs$/.test(relative);
}

/** Runs each test file once under NODE_V8_COVERAGE, two at a time, and reads what each ran. */
async function collectCoverage(tests: string[]): Promise<Coverage> {
  const root = mkdtempSync(path.join(tmpdir(), 'mutate-coverage-'));
  const map: CoverageMap = new Map();
  const durations = new Map<string, number>();
  const waiting = [...tests];
  const one = async () => {
    for (let test = waiting.shift(); test; test = waiting.shift()) {
      const dir = path.join(root, String(tests.indexOf(test)));
      const started = Date.now();
      const verdict = await runTests([test], 10 * 60_000, { NODE_V8_COVERAGE: dir });
      durations.set(test, Date.now() - started);
      if (verdict !== 'survived') console.log(`coverage: ${test} did not pass on the unchanged code (${verdict}); it runs for every mutant of what it loads`);
      const ran = linesRanIn(dir, kitScript);
      if (verdict === 'survived') map.set(test, new Map([...ran].map(([where, lines]) => [path.relative(ROOT, where), lines])));
      console.log(`coverage: ${test} (${waiting.length} left)`);
    }
  };
  await Promise.all([one(), one()]);
  rmSync(root, { recursive: true, force: true });
  return { lines: map, durations };
}

/** The coverage map kept in --coverage, when it was made for these sources. */
function keptCoverage(file: string, key: string): Coverage | undefined {
  if (!existsSync(file)) return undefined;
  const kept = JSON.parse(readFileSync(file, 'utf8')) as { key: string; tests: Record<string, Record<string, number[]>>; durations?: Record<string, number> };
  if (kept.key !== key || !kept.durations) return undefined;
  return {
    lines: new Map(Object.entries(kept.tests).map(([test, files]) => [test, new Map(Object.entries(files).map(([where, lines]) => [where, new Set(lines)]))])),
    durations: new Map(Object.entries(kept.durations)),
  };
}

/** The coverage map of these sources: read from --coverage when it was made for them, else collected and kept there. */
async function coverage(tests: string[]): Promise<Coverage> {
  const file = path.resolve(ROOT, values.coverage!);
  const key = sourcesKey(tests);
  const kept = keptCoverage(file, key);
  if (kept) {
    console.log(`coverage: read from ${path.relative(ROOT, file)}`);
    return kept;
  }
  if (existsSync(file)) console.log(`coverage: ${path.relative(ROOT, file)} is of other sources; collecting again`);
  const started = Date.now();
  const collected = await collectCoverage(tests);
  const tests_ = Object.fromEntries([...collected.lines].map(([test, files]) => [test, Object.fromEntries([...files].map(([where, lines]) => [where, [...lines].sort((a, b) => a - b)]))]));
  writeFileSync(file, JSON.stringify({ key, tests: tests_, durations: Object.fromEntries(collected.durations) }));
  console.log(`coverage: ${collected.lines.size} test files in ${Math.round((Date.now() - started) / 1000)} s, kept in ${path.relative(ROOT, file)}`);
  return collected;
}

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

/**
 * How long a round may take before the mutant counts as hanging it: half again the time
 * its files took on the unchanged code, and 10 s for mocha's start and a busy machine.
 * A file with no time on record (it failed on the unchanged code) has no limit of its own.
 */
function ownLimit(round: string[], durations: Map<string, number>): number {
  if (round.some((test) => !durations.has(test))) return Infinity;
  return 1.5 * round.reduce((sum, test) => sum + durations.get(test)!, 0) + 10_000;
}

/**
 * The rounds a mutant meets: testsFor's, less the test files that never run its line on
 * the unchanged code, then the test files that run it without importing it (a last round).
 * A test file the coverage map lacks (it failed on the unchanged code) is kept.
 */
function roundsFor(mutant: Mutant, covered: CoverageMap): string[][] {
  const runs = (test: string) => covered.get(test)?.get(mutant.file)?.has(mutant.line) ?? !covered.has(test);
  const rounds = testsFor(mutant.file).map((round) => round.filter(runs));
  const met = new Set(rounds.flat());
  const others = [...covered.keys()].filter((test) => !met.has(test) && covered.get(test)!.get(mutant.file)?.has(mutant.line));
  others.sort((a, b) => Number(SLOW.has(a)) - Number(SLOW.has(b)) || a.localeCompare(b));
  return [...rounds, others].filter((round) => round.length > 0);
}

/** The mutants a log left alive or undecided (survived, uncovered, or over the time limit), found again in this sample by place and change. */
function undecidedOf(log: string): Mutant[] {
  const wanted = [...readFileSync(log, 'utf8').matchAll(/ (?:survived|uncovered|timeout) .*? (\S+):(\d+) (\w+): (".*?") -> (".*?")$/gm)].map((m) => ({
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

const sample = values.recheck ? undecidedOf(values.recheck) : all.slice(FROM);
const describe = (mutant: Mutant) => `${mutant.file}:${mutant.line + 1} ${mutant.operator}: ${JSON.stringify(mutant.from.trim())} -> ${JSON.stringify(mutant.to.trim())}`;

if (values.list) {
  const file = path.resolve(ROOT, values.coverage!);
  // Listing runs nothing: without a map made for these sources, the rounds are by imports alone.
  const covered = keptCoverage(file, sourcesKey([...loads.keys()]));
  if (!covered) console.log(`no coverage map of these sources at ${path.relative(ROOT, file)}: the rounds by imports alone`);
  sample.slice(0, COUNT).forEach((mutant, at) => {
    const rounds = covered ? roundsFor(mutant, covered.lines) : testsFor(mutant.file);
    console.log(`${String(at + 1).padStart(3)} ${describe(mutant)}`);
    rounds.forEach((round, index) => console.log(`      round ${index + 1}: ${round.join(' ')}`));
    if (rounds.length === 0) console.log(`      ${testsFor(mutant.file).length === 0 ? 'no test loads the file in-process' : 'no test runs the line'}`);
  });
  process.exit(0);
}

const covered = await coverage([...loads.keys()]);

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
for (const mutant of sample) {
  if (results.length >= COUNT || Date.now() > DEADLINE) break;
  if (testsFor(mutant.file).length === 0) {
    untested++;
    continue;
  }
  const rounds = roundsFor(mutant, covered.lines);
  if (rounds.length === 0) {
    // No test runs the line: nothing could fail, whatever it says.
    results.push({ ...mutant, verdict: 'uncovered' });
    console.log(`${String(results.length).padStart(3)} uncovered   0 s ${describe(mutant)}`);
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
      const left = PER_MUTANT_MS - (Date.now() - started);
      const own = ownLimit(round, covered.durations);
      verdict = await runTests(round, Math.min(left, own));
      // Past its own limit, the round did not end as it does on the real code: the mutant hangs it.
      if (verdict === 'timeout' && own < left) verdict = 'hang';
      if (verdict !== 'survived') break;
    }
  } finally {
    restore();
    restore = undefined;
  }
  results.push({ ...mutant, verdict });
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`${String(results.length).padStart(3)} ${verdict.padEnd(9)} ${String(seconds).padStart(3)} s ${describe(mutant)}`);
}

const count = (verdict: string) => results.filter((r) => r.verdict === verdict).length;
const killed = count('killed');
const hung = count('hang');
const survived = count('survived');
const uncovered = count('uncovered');
const timedOut = count('timeout');
// A hang counts as killed, as StrykerJS counts its timeouts: the tests would fail on their own limits.
// A mutant cut short by --per-mutant-s before its tests' own time is undecided: not counted.
// An uncovered mutant counts as surviving: no test could have failed on it.
const decided = killed + hung + survived + uncovered;
console.log(
  `\nseed ${SEED}: ${results.length} mutants run: ${killed} killed, ${hung} hung (past 1.5 times their tests' own time), ${survived} survived, ${uncovered} uncovered (no test runs the line), ` +
    `${timedOut} cut short by --per-mutant-s (not counted); score ${decided ? ((100 * (killed + hung)) / decided).toFixed(1) : '0'}% of ${decided}; ${untested} skipped (no test loads their file in-process)`
);
for (const r of results.filter((one) => one.verdict === 'survived' || one.verdict === 'uncovered')) console.log(`${r.verdict}: ${describe(r)}`);
