// `npm run bench`: how long checking takes, measured here and now (a script, not a test).
// Every figure is a ratio against something measured in the same run, in rounds of
// everything after one uncounted run of each, so a busy machine slows both sides alike:
//
//   1. one cold `check --json` process (the launcher and the compiled checker, as
//      `npm run check` runs them, without npm's own start-up) against the real solution
//      app, hints only and with the behaviour checks, against a baseline process that makes
//      the same two requests with node:http and tests the same three regular expressions
//      (freeCodeCamp's hints without the checker around them);
//   2. a class of 200 submissions, each its own HTTP + Socket.IO server on 127.0.0.1
//      (served by one process), checked by one `check --roster` process with the
//      default concurrency: hints only, then with the behaviour checks (median of 5);
//   3. the peak memory (max RSS) of one check, also against a 50 MiB body and a gzip bomb.
//
// Targets (issue 19, with undici doing the checks' HTTP): cold hints-only <= 2.3x the
// baseline; full check <= 3x; the class of 200, hints only, <= 3x one cold hints-only check;
// peak RSS of one check <= 80 MB. Each figure is the median of its runs (at least 5), with
// the worst run beside it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CONCURRENCY } from '../checker/index.ts';
import { ROOT, startApp } from './start-app.ts';

/** A whole number from 1 to `max` in the environment variable `name`, or its default; else a one-line error. */
function setting(name: string, fallback: number, max: number): number {
  const given = process.env[name];
  if (given === undefined || given === '') return fallback;
  const value = Number(given);
  if (Number.isInteger(value) && value >= 1 && value <= max) return value;
  console.error(`bench: ${name} must be a whole number from 1 to ${max}, not ${JSON.stringify(given.slice(0, 40))}`);
  process.exit(2);
}

const CLASS_SIZE = setting('BENCH_CLASS_SIZE', 200, 2000);
const COLD_RUNS = setting('BENCH_COLD_RUNS', 7, 101);
/** Runs of the 50 MiB body and the gzip bomb. */
const HOSTILE_RUNS = setting('BENCH_HOSTILE_RUNS', 5, 101);
const CLASS_RUNS = setting('BENCH_CLASS_RUNS', 5, 101);
/**
 * The class's servers share the checker's two cores, where real submissions run elsewhere.
 * One process for all of them: each more busy process slows the checker's threads (with two,
 * the class took 3.2 to 3.6 times a cold check over several runs; with one, 2.5 to 3.2).
 */
const SERVER_PROCESSES = setting('BENCH_SERVER_PROCESSES', 1, 16);
/** To profile other pool sizes: BENCH_CONCURRENCY=8 npm run bench. */
const CONCURRENCY = process.env.BENCH_CONCURRENCY ? ['--concurrency', String(setting('BENCH_CONCURRENCY', 2, 64))] : [];

/** Loaded first into each measured process: its peak memory and CPU time at exit (see the file). */
const PEAK = pathToFileURL(path.join(ROOT, 'scripts', 'peak-usage.mjs')).href;

/** The baseline: the two fetches and three patterns of the hints, nothing else. */
const BASELINE = `
const http = require('node:http');
const base = process.argv[1];
const get = (p) => new Promise((resolve, reject) => {
  http.get(new URL(p, base), (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => resolve(body));
  }).on('error', reject);
});
(async () => {
  const server = await get('/_api/server.js');
  const client = await get('/public/client.js');
  const ok = [/currentUsers/s.test(server), /io.emit.*('|")user count('|").*currentUsers/s.test(server), /socket.on.*('|")user count('|")/s.test(client)];
  process.stdout.write(JSON.stringify(ok) + '\\n');
  process.exitCode = ok.every(Boolean) ? 0 : 1;
})();
`;

/**
 * Many submissions in one process: each its own HTTP server with Socket.IO attached,
 * serving the solution's files and emitting the count as the lesson asks.
 */
const CLASS_SERVERS = `
const http = require('node:http');
const fs = require('node:fs');
const { Server } = require('socket.io');
const serverJs = fs.readFileSync('solution/server.js', 'utf8');
const clientJs = fs.readFileSync('solution/public/client.js', 'utf8');
const count = Number(process.env.BENCH_SERVERS);
const servers = [];
const files = { '/_api/server.js': serverJs, '/public/client.js': clientJs };
Promise.all(Array.from({ length: count }, () => new Promise((resolve) => {
  const server = http.createServer((req, res) => {
    const body = files[req.url];
    if (body === undefined) return void res.writeHead(404).end('Not Found');
    res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8' }).end(body);
  });
  const io = new Server(server);
  let currentUsers = 0;
  io.on('connection', () => { ++currentUsers; io.emit('user count', currentUsers); });
  servers.push({ server, io });
  server.listen(0, '127.0.0.1', () => resolve(server.address().port));
}))).then((ports) => process.stdout.write(JSON.stringify(ports) + '\\n'));
process.on('SIGTERM', () => { for (const { io } of servers) io.close(); process.exit(0); });
`;

interface Measured {
  ms: number;
  peakKb: number;
  cpuMs: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'kit-bench-'));
let peakFiles = 0;

/** Runs `node args`, timing it from spawn to exit, and reads its peak memory. */
function measure(args: string[]): Promise<Measured> {
  const peakFile = path.join(tmp, `peak-${peakFiles++}`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', PEAK, ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', PEAK_USAGE_FILE: peakFile, NO_COLOR: '1', LANG: 'en_US.UTF-8', LC_ALL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.once('close', (code) => {
      const ms = performance.now() - started;
      let usage = { maxRSS: NaN, cpuMs: NaN };
      try {
        usage = JSON.parse(readFileSync(peakFile, 'utf8')) as typeof usage;
      } catch {
        // no figures: the process died before its exit handler
      }
      resolve({ ms, peakKb: usage.maxRSS, cpuMs: usage.cpuMs, code, stdout, stderr });
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function startClassServers(count: number): Promise<{ ports: number[]; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', CLASS_SERVERS], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', BENCH_SERVERS: String(count) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve({ ports: JSON.parse(out) as number[], child });
    });
    child.once('exit', (code) => reject(new Error(`class servers exited (${code})`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Every check of every learner in a `--roster --json` report passed or was skipped. */
function classPassed(stdout: string, size: number, checks: number): string | undefined {
  const report = JSON.parse(stdout) as { learners: { results: { checks: { status: string; reason?: string }[] } }[] };
  if (report.learners.length !== size) return `${report.learners.length} learners reported, not ${size}`;
  const bad = report.learners.flatMap((l) => l.results.checks).filter((c) => c.status !== 'passed');
  const counted = report.learners.every((l) => l.results.checks.length === checks);
  if (!counted) return 'a learner has the wrong number of checks';
  if (bad.length) return `${bad.length} checks did not pass (${[...new Set(bad.map((c) => c.reason))].join(', ')})`;
  return undefined;
}

/** How long `node -e 0` takes in `env`, median of 5. */
async function nodeStartMs(env: NodeJS.ProcessEnv): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await new Promise((resolve) => spawn(process.execPath, ['-e', '0'], { env, stdio: 'ignore' }).once('close', resolve));
    runs.push(performance.now() - started);
  }
  return median(runs);
}

/**
 * What the machine's NODE_EXTRA_CA_CERTS costs a Node process at start, or undefined when it
 * is not set. Node 20 reads the whole bundle before any code runs (about 75 ms of CPU with
 * Debian's ~140 certificates): every measured process pays it, the baseline too, which
 * brings every ratio closer to 1. The bench keeps the machine's environment, and says so.
 */
async function extraCaCostMs(): Promise<number | undefined> {
  if (!process.env.NODE_EXTRA_CA_CERTS) return undefined;
  const { NODE_EXTRA_CA_CERTS: _, ...without } = process.env;
  const withIt = await nodeStartMs(process.env);
  return withIt - (await nodeStartMs(without));
}

const mb = (kb: number) => (Number.isFinite(kb) ? `${Math.round(kb / 1024)} MB` : '?');
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const MiB = 1024 * 1024;

/** Answers every request with 50 MiB of text, or with a gzip bomb (20 KB that inflate to 50 MiB). */
async function hostile(kind: 'huge' | 'gzip-bomb'): Promise<{ url: string; server: Server }> {
  const bomb = kind === 'gzip-bomb' ? gzipSync(Buffer.alloc(50 * MiB, ' '), { level: 9 }) : Buffer.alloc(0);
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const server = createServer((_req, res) => {
    if (kind === 'gzip-bomb') return void res.writeHead(200, { 'content-type': 'application/javascript', 'content-encoding': 'gzip' }).end(bomb);
    res.writeHead(200, { 'content-type': 'application/javascript', 'content-length': 50 * MiB });
    let left = 50 * MiB;
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        left -= chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  server.on('connection', (socket) => socket.on('error', () => {}));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(`Machine: ${cpus.length} cores (${cpus[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()}`);
  console.log(`Class of ${CLASS_SIZE}, concurrency ${process.env.BENCH_CONCURRENCY ?? `${DEFAULT_CONCURRENCY} (the default)`}; cold runs: median of ${COLD_RUNS}, class runs: median of ${CLASS_RUNS}; in rounds.\n`);

  const caCost = await extraCaCostMs();
  if (caCost !== undefined) {
    console.log(
      `NODE_EXTRA_CA_CERTS is set: Node reads that bundle whenever it starts, ${Math.round(caCost)} ms here (node -e 0 with and without it, median of 5). ` +
        'Every measured process pays it, the baseline too, which brings the ratios closer to 1; `env -u NODE_EXTRA_CA_CERTS npm run bench` measures without it.\n',
    );
  }
  const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const solution = await startApp('solution');
  const servers: ChildProcess[] = [];
  const attackers: Server[] = [];
  try {
    const cli = ['bin/check.js'];
    const perProcess = Math.ceil(CLASS_SIZE / SERVER_PROCESSES);
    const started = await Promise.all(
      Array.from({ length: SERVER_PROCESSES }, (_, at) => startClassServers(Math.min(perProcess, CLASS_SIZE - at * perProcess))),
    );
    servers.push(...started.map((s) => s.child));
    const ports = started.flatMap((s) => s.ports);
    const roster = path.join(tmp, 'class.csv');
    writeFileSync(roster, ['learner,target', ...ports.map((port, at) => `learner-${String(at + 1).padStart(3, '0')},http://127.0.0.1:${port}`)].join('\n') + '\n');
    const classHints = [...cli, '--roster', roster, '--json', '--hints-only', ...CONCURRENCY];
    const classFull = [...cli, '--roster', roster, '--json', ...CONCURRENCY];

    // One run of each first, not counted: the step cache and the disk cache are warm for
    // all, and every app has answered once (the apps' own warm-up is not the checker's time).
    await measure([...cli, '--json', solution.url]);
    await measure(classHints);
    await measure(classFull);
    // Then rounds of everything, so that a machine that gets busier slows each figure and
    // what it is divided by alike.
    const baseline: Measured[] = [];
    const coldHints: Measured[] = [];
    const cold: Measured[] = [];
    const hintsOnly: Measured[] = [];
    const behaviour: Measured[] = [];
    for (let run = 0; run < Math.max(COLD_RUNS, CLASS_RUNS); run++) {
      if (run < COLD_RUNS) {
        baseline.push(await measure(['-e', BASELINE, solution.url]));
        coldHints.push(await measure([...cli, '--json', '--hints-only', solution.url]));
        cold.push(await measure([...cli, '--json', solution.url]));
      }
      if (run < CLASS_RUNS) {
        hintsOnly.push(await measure(classHints));
        behaviour.push(await measure(classFull));
      }
    }
    for (const [name, runs] of [['check', cold], ['check --hints-only', coldHints]] as const) {
      if (runs.some((m) => m.code !== 0)) throw new Error(`${name} of the solution failed:\n${runs.find((m) => m.code !== 0)!.stdout}`);
    }
    if (baseline.some((m) => m.code !== 0)) throw new Error('the baseline failed');
    const hintsProblem = hintsOnly.map((m) => classPassed(m.stdout, CLASS_SIZE, 3)).find(Boolean);
    const behaviourProblem = behaviour.map((m) => classPassed(m.stdout, CLASS_SIZE, 7)).find(Boolean);

    for (const kind of ['huge', 'gzip-bomb'] as const) attackers.push((await hostile(kind)).server);
    const huge: Measured[] = [];
    const bomb: Measured[] = [];
    for (let run = 0; run < HOSTILE_RUNS; run++) {
      for (const [server, runs] of [[attackers[0]!, huge], [attackers[1]!, bomb]] as const) {
        runs.push(await measure([...cli, '--json', '--hints-only', `http://127.0.0.1:${(server.address() as AddressInfo).port}`]));
      }
    }

    const med = (runs: Measured[], key: 'ms' | 'cpuMs' | 'peakKb') => median(runs.map((m) => m[key]));
    const baseMs = med(baseline, 'ms');
    const coldHintsMs = med(coldHints, 'ms');
    const coldMs = med(cold, 'ms');
    interface Row {
      name: string;
      runs: Measured[];
      /** What the wall time is divided by, and its name. */
      against?: { ms: number; name: string };
      target?: number;
      problem?: string;
    }
    const rows: Row[] = [
      { name: 'baseline: node:http + 3 regexes', runs: baseline },
      { name: 'cold check, hints only', runs: coldHints, against: { ms: baseMs, name: 'baseline' }, target: 2.3 },
      { name: 'cold check, hints + behaviour', runs: cold, against: { ms: baseMs, name: 'baseline' }, target: 3 },
      { name: `class of ${CLASS_SIZE}, hints only`, runs: hintsOnly, against: { ms: coldHintsMs, name: 'cold hints-only check' }, target: 3, problem: hintsProblem },
      { name: `class of ${CLASS_SIZE}, with behaviour`, runs: behaviour, against: { ms: coldMs, name: 'cold full check' }, problem: behaviourProblem },
      { name: 'one check against a 50 MiB body', runs: huge },
      { name: 'one check against a gzip bomb', runs: bomb },
    ];
    const worst = (runs: Measured[], key: 'ms' | 'peakKb') => Math.max(...runs.map((m) => m[key]));
    const table: string[][] = [['measured', 'runs', 'wall time (worst)', 'ratio (worst)', 'against', 'target', 'CPU time', 'peak RSS (worst)']];
    let missed = false;
    for (const row of rows) {
      const ms = med(row.runs, 'ms');
      const ratio = row.against ? ms / row.against.ms : undefined;
      // The worst run against the median of what it is divided by: the ratio a slow run gives.
      const worstRatio = row.against ? worst(row.runs, 'ms') / row.against.ms : undefined;
      const met = row.target === undefined || (ratio! <= row.target && !row.problem);
      missed ||= !met;
      table.push([
        row.name,
        String(row.runs.length),
        `${s(ms)} (${s(worst(row.runs, 'ms'))})`,
        ratio === undefined ? '' : `${ratio.toFixed(2)}x (${worstRatio!.toFixed(2)}x)`,
        row.against?.name ?? '',
        row.target === undefined ? '' : `<= ${row.target}x ${met ? 'met' : 'MISSED'}`,
        s(med(row.runs, 'cpuMs')),
        `${mb(med(row.runs, 'peakKb'))} (${mb(worst(row.runs, 'peakKb'))})`,
      ]);
    }
    const widths = table[0]!.map((_, col) => Math.max(...table.map((row) => row[col]!.length)));
    for (const row of table) console.log(row.map((cell, col) => (col === 0 || col === 3 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  '));
    const peaks = [...cold, ...coldHints, ...huge, ...bomb].map((m) => m.peakKb);
    const peakMb = Math.max(...peaks) / 1024;
    const medianPeakMb = median(peaks) / 1024;
    const rssMet = peakMb <= 80;
    missed ||= !rssMet;
    console.log(`\nPeak RSS of one check (every cold run, the 50 MiB body and the gzip bomb): median ${Math.round(medianPeakMb)} MB, worst run ${Math.round(peakMb)} MB (target: every run <= 80 MB: ${rssMet ? 'met' : 'MISSED'}).`);
    console.log('Wall times are the targets; CPU time (user + system, worker threads included) varies less on a busy machine.');
    console.log(`Load average before and after: ${loadBefore} / ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`Cold runs (ms): baseline ${baseline.map((m) => Math.round(m.ms)).join(', ')}; hints only ${coldHints.map((m) => Math.round(m.ms)).join(', ')}; full ${cold.map((m) => Math.round(m.ms)).join(', ')}`);
    console.log(`Class runs (ms): hints only ${hintsOnly.map((m) => Math.round(m.ms)).join(', ')}; with behaviour ${behaviour.map((m) => Math.round(m.ms)).join(', ')}`);
    for (const [name, problem] of [['hints only', hintsProblem], ['with behaviour', behaviourProblem]] as const) {
      if (problem) console.log(`The class run (${name}) did not pass every check: ${problem}`);
    }
    if (missed) process.exitCode = 1;
  } finally {
    await Promise.all(servers.map(stop));
    await Promise.allSettled(attackers.map((server) => new Promise((resolve) => server.close(resolve))));
    await solution.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
