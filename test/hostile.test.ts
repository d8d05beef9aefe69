// The checker against servers that misbehave on purpose (test/helpers/hostile-servers.ts):
// whatever answers, the check command finishes within its limits, names the reason, exits
// 1 and prints no stack trace; in a process of its own, it exits by itself. Also the worker
// pool on its own, and run() in-process, to show that nothing is left behind.

import { expect } from 'chai';
import { DEFAULT_LIMITS } from '../checker/run/limits.ts';
import { CheckPool } from '../checker/run/pool.ts';
import { run } from '../checker/run/run.ts';
import type { CheckTask } from '../checker/run/protocol.ts';
import { loadStep } from '../checker/step/course.ts';
import type { Reason } from '../checker/types.ts';
import { runCli, runCliProcess, type CliRun } from './helpers/cli.ts';
import { until } from './helpers/wait.ts';
import { HOSTILE_KINDS, startHostile, type HostileKind, type HostileServer } from './helpers/hostile-servers.ts';

/**
 * The limit of the kinds whose point is the time limit itself (an app that never finishes).
 * A check's fetch gives up a fifth of it before the hard stop, to name the slow URL: at
 * 1000 ms that is 200 ms, enough for a thread of a busy machine to report in time.
 */
const TIMEOUT_MS = 1000;
/**
 * The limit of every other kind: the default, so that their reason (a cap, a redirect, a
 * status) is reached whatever the machine's load, and never a time limit instead. The
 * backtracking body needs its fetch to finish before its search is stopped.
 */
const LIMIT_MS: Partial<Record<HostileKind, number>> = { silent: TIMEOUT_MS, 'endless-body': TIMEOUT_MS, drip: TIMEOUT_MS, backtrack: 2000 };
const limitOf = (kind: HostileKind) => LIMIT_MS[kind] ?? 5000;
const HINTS = 3;
/**
 * Upper bound of one check command: every hint may use its whole limit, with a generous
 * factor for a machine shared by other work (a load of 20 on two cores has been seen) or a
 * newer Node.js line starting its workers. It tells "ends" from "hangs", not fast from slow.
 */
const boundOf = (kind: HostileKind) => 5 * HINTS * limitOf(kind) + 30_000;
const STACK_LINE = /^\s{4}at /m;

interface TimedRun extends CliRun {
  /** From the call to its answer. */
  ms: number;
}

/** The check command in-process, timed; `pool`: the warm pool lent to it (default: the file's). */
async function timedCli(args: readonly string[], pool?: CheckPool): Promise<TimedRun> {
  const started = performance.now();
  const run = await runCli([...args], {}, undefined, pool);
  return { ...run, ms: Math.round(performance.now() - started) };
}

interface JsonCheck {
  n: number;
  reason?: string;
  message?: string;
  ms: number;
}

interface Expected {
  reasons: Reason[];
  /** Words the English text report must hold: the limit, or what to do. */
  mentions: string[];
  /** Text that must never reach the learner. */
  hides?: string[];
}

const all = (reason: Reason): Reason[] => [reason, reason, reason];

const EXPECTED: Record<HostileKind, Expected> = {
  // Which words (the fetch's "did not start answering" or the pool's "the check did not finish")
  // depends on which clock a busy machine lets fire first; both name the limit. The fetch's own
  // words are tested without a pool in test/http.test.ts.
  silent: { reasons: all('timeout'), mentions: ['within 1000 ms'] },
  'endless-body': { reasons: all('timeout'), mentions: ['did not finish within 1000 ms'] },
  drip: { reasons: all('timeout'), mentions: ['did not finish within 1000 ms'] },
  huge: { reasons: all('too-large'), mentions: ['more than 1048576 bytes'] },
  'gzip-bomb': { reasons: all('too-large'), mentions: ['more than 1048576 bytes'] },
  'redirect-loop': { reasons: all('redirect'), mentions: ['redirected more than 5 times'] },
  'redirect-file': { reasons: all('redirect'), mentions: ['file:///etc/passwd', 'not an http or https address'] },
  'stack-trace': { reasons: all('http-status'), mentions: ['answered 500', 'terminal'], hides: ['/home/learner', 'node_modules', 'statSync'] },
  'html-everywhere': { reasons: all('not-javascript'), mentions: ['HTML page'] },
  'invalid-utf8': { reasons: all('assertion'), mentions: ['not UTF-8 text'] },
  'reset-mid-body': { reasons: all('unreachable'), mentions: ['broke before the answer was complete'] },
  backtrack: { reasons: ['assertion', 'timeout', 'assertion'], mentions: ['stopped after 2000 ms while searching'] },
  'redirect-away': { reasons: all('redirect'), mentions: ['redirected to another host, http://localhost:', '/stolen.js'] },
  'redirect-credentials': { reasons: all('redirect'), mentions: ['an address holding a user name or password'], hides: ['hunter2', 'learner:'] },
  'header-flood': { reasons: all('too-large'), mentions: ['headers larger than the 16384 bytes'] },
  'empty-body': { reasons: all('empty-body'), mentions: ['empty body', 'is it saved on disk?'] },
  'not-found': { reasons: all('http-status'), mentions: ['answered 404', 'test-routes.js'] },
  'server-error': { reasons: all('http-status'), mentions: ['answered 500 Internal Server Error: the app failed', 'terminal'] },
  'login-redirect': { reasons: all('not-javascript'), mentions: ['redirected to', '/login', 'without logging in'] },
};

interface KindRun {
  server: HostileServer;
  text: TimedRun;
  json: TimedRun;
}

/** Each kind's server, checked in text and in JSON; a few kinds at a time, since most of it is waiting. */
async function checkEveryKind(atOnce = 8): Promise<Map<HostileKind, KindRun>> {
  const runs = new Map<HostileKind, KindRun>();
  const queue = [...HOSTILE_KINDS];
  const lane = async () => {
    // A warm worker per lane, as bin/check.js lends main() one: the lanes run side by side.
    const pool = new CheckPool(1);
    try {
      for (let kind = queue.shift(); kind; kind = queue.shift()) {
        const server = await startHostile(kind);
        runs.set(kind, { server } as KindRun);
        const args = ['--hints-only', '--timeout', String(limitOf(kind))];
        // Text, then JSON: neither run's timing depends on the other's.
        const text = await timedCli([...args, server.url], pool);
        const json = await timedCli([...args, '--json', server.url], pool);
        runs.set(kind, { server, text, json });
      }
    } finally {
      await pool.close();
    }
  };
  await Promise.all(Array.from({ length: atOnce }, lane));
  return runs;
}

describe('the checker against hostile servers', function () {
  this.timeout(240_000);
  let runs = new Map<HostileKind, KindRun>();

  before(async () => {
    runs = await checkEveryKind();
  });
  after(async () => {
    await Promise.allSettled([...runs.values()].map((run) => run.server.stop()));
  });

  for (const kind of HOSTILE_KINDS) {
    describe(kind, () => {
      const run = () => runs.get(kind)!;

      it(`ends within ${boundOf(kind)} ms and exits 1`, () => {
        for (const result of [run().text, run().json]) {
          expect(result.code, result.stderr).to.equal(1);
          expect(result.ms).to.be.below(boundOf(kind));
        }
      });

      it('prints no stack trace and nothing on stderr', () => {
        for (const result of [run().text, run().json]) {
          expect(result.stdout).not.to.match(STACK_LINE);
          expect(result.stderr).to.equal('');
        }
      });

      it(`gives the reasons ${EXPECTED[kind].reasons.join(', ')} in the JSON`, () => {
        const checks = (JSON.parse(run().json.stdout) as { checks: JsonCheck[] }).checks;
        expect(checks.map((check) => check.reason)).to.deep.equal(EXPECTED[kind].reasons);
        for (const check of checks) expect(check.message, `check ${check.n}`).to.be.a('string').and.not.match(STACK_LINE);
      });

      it('says what happened in the text report, naming the URL and the limit', () => {
        const { text, json, server } = run();
        expect(text.stdout).to.include(server.url);
        for (const words of EXPECTED[kind].mentions) expect(text.stdout, text.stdout).to.include(words);
        for (const secret of EXPECTED[kind].hides ?? []) {
          expect(text.stdout).not.to.include(secret);
          expect(json.stdout).not.to.include(secret);
        }
      });

      if (kind === 'huge' || kind === 'gzip-bomb') {
        it('stops reading at the cap instead of waiting for the whole body', () => {
          // `too-large` and not `timeout`: the cap ended each read, not the deadline. The server
          // wrote what the sockets' buffers took, a few MiB per request, never the whole body.
          // The freeCodeCamp probe asks too (from the start, beside the hints): its reads stop at its own cap.
          const { server } = run();
          expect(server.requests()).to.equal(2 * HINTS);
          expect(server.bytesSent() / (server.requests() + server.probeRequests())).to.be.below(10 * 1024 * 1024);
        });
      }
    });
  }
});

describe('the checker in a process of its own, against an app that never finishes answering', function () {
  this.timeout(90_000);
  let server: HostileServer | undefined;
  after(() => server?.stop());

  it('ends by itself: nothing of the check keeps the process alive', async () => {
    server = await startHostile('endless-body');
    const { code, stdout } = await runCliProcess(['--json', '--hints-only', '--timeout', String(TIMEOUT_MS), server.url], {}, 60_000);
    expect(code).to.equal(1);
    expect((JSON.parse(stdout) as { checks: JsonCheck[] }).checks.map((check) => check.reason)).to.deep.equal(['timeout', 'timeout', 'timeout']);
  });
});

describe('the checker given an invalid URL', function () {
  for (const url of ['ftp://example.com/', 'http://', 'http://exa mple.com/', 'file:///etc/passwd']) {
    it(`exits 2 with one line on stderr for ${JSON.stringify(url)}`, async () => {
      const result = await timedCli(['--hints-only', url]);
      expect(result.code).to.equal(2);
      expect(result.stdout).to.equal('');
      expect(result.stderr.trimEnd().split('\n')).to.have.length(1);
      expect(result.stderr).to.include('is not an http or https address');
    });
  }
});

const resourceCounts = () => {
  const counts = new Map<string, number>();
  for (const name of process.getActiveResourcesInfo()) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
};

/** Resources active now that were not before (a socket, a worker, a timer...). */
function leftSince(before: Map<string, number>): string[] {
  const left: string[] = [];
  for (const [name, count] of resourceCounts()) {
    for (let i = before.get(name) ?? 0; i < count; i++) left.push(name);
  }
  return left;
}

/** Lets the handles of earlier work finish closing before a count is taken. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('run() in-process against hostile servers', function () {
  this.timeout(90_000);

  for (const kind of ['silent', 'backtrack', 'huge'] as const) {
    it(`leaves no socket, worker or timer behind (${kind})`, async () => {
      const step = await loadStep(undefined, 'en');
      await settle();
      const before = resourceCounts();
      const server = await startHostile(kind);
      try {
        const results = await run(step, { kind: 'url', url: server.url }, { lang: 'en', limits: { timeoutMs: limitOf(kind) }, sections: ['hints'] });
        expect(results.passed).to.equal(false);
        expect(results.checks.map((check) => check.failure?.reason)).to.deep.equal(EXPECTED[kind].reasons);
      } finally {
        await server.stop();
      }
      // A closed socket or worker leaves on a later turn of the event loop: wait for it, with a deadline.
      await until(() => leftSince(before).length === 0, 10_000, `handles left: ${leftSince(before).join(', ')}`).catch(() => {});
      expect(leftSince(before)).to.deep.equal([]);
    });
  }
});

describe('the check pool', function () {
  this.timeout(20_000);
  const target = { kind: 'url', url: 'http://127.0.0.1:9/' } as const;
  const task = (code: string, timeoutMs = TIMEOUT_MS): CheckTask => ({ code, section: 'hints', target, limits: { ...DEFAULT_LIMITS, timeoutMs } });
  // Exponential backtracking: 2^40 paths, minutes of synchronous work.
  const STUCK = "async () => { /(a+)+$/.test('a'.repeat(40) + 'b'); }";

  it('stops a check stuck in a regular expression at its limit, then runs the next on a fresh worker', async () => {
    const pool = new CheckPool(1);
    try {
      const started = performance.now();
      const stuck = await pool.run(task(STUCK));
      const ms = performance.now() - started;
      expect(stuck).to.deep.equal({ passed: false, failure: { reason: 'timeout', key: 'check-busy', params: { ms: TIMEOUT_MS } } });
      expect(ms).to.be.below(TIMEOUT_MS + 4000); // starting the worker, then the limit
      expect(await pool.run(task('async () => { assert.ok(true); }'))).to.deep.equal({ passed: true });
    } finally {
      await pool.close();
    }
  });

  it('tells a check that waits too long (on the app) from one whose code blocks', async () => {
    const pool = new CheckPool(1);
    try {
      const waiting = await pool.run(task('await new Promise(() => {});'));
      expect(waiting).to.deep.equal({ passed: false, failure: { reason: 'timeout', key: 'timeout', params: { ms: TIMEOUT_MS } } });
    } finally {
      await pool.close();
    }
  });

  it('fails a check but a passing one still passes (the verdicts are not mixed up)', async () => {
    const pool = new CheckPool(1);
    try {
      const failing = await pool.run(task("async () => { assert.fail('nope'); }"));
      expect(failing.passed).to.equal(false);
      expect(await pool.run(task('async () => {}'))).to.deep.equal({ passed: true });
    } finally {
      await pool.close();
    }
  });

  it('runs checks side by side on several workers, each with its own limit', async () => {
    const pool = new CheckPool(3);
    try {
      const outcomes = await Promise.all([
        pool.run(task(STUCK)),
        pool.run(task('async () => {}')),
        pool.run(task(STUCK)),
        pool.run(task('async () => {}')),
        pool.run(task("async () => { assert.fail('nope'); }")),
      ]);
      expect(outcomes.map((outcome) => (outcome.passed ? 'passed' : outcome.failure.reason))).to.deep.equal([
        'timeout', 'passed', 'timeout', 'passed', 'assertion',
      ]);
    } finally {
      await pool.close();
    }
  });

  it('stops a check that uses too much memory, with its own reason', async () => {
    const pool = new CheckPool(1);
    try {
      const outcome = await pool.run(task('const kept = []; for (;;) kept.push(new Array(1e6).fill(1));', 10_000));
      expect(outcome).to.have.nested.property('failure.key', 'out-of-memory');
      expect(await pool.run(task('async () => {}'))).to.deep.equal({ passed: true });
    } finally {
      await pool.close();
    }
  });

  it('survives an error thrown later from a timer, and a promise the check dropped', async () => {
    const pool = new CheckPool(1);
    try {
      const thrown = await pool.run(task("setTimeout(() => { throw new Error('boom'); }, 0); await new Promise(() => {});"));
      expect(thrown).to.deep.equal({ passed: false, failure: { reason: 'error', key: 'check-error', params: { message: 'boom' } } });
      expect(await pool.run(task("async () => { Promise.reject(new Error('dropped')); }"))).to.deep.equal({ passed: true });
    } finally {
      await pool.close();
    }
  });

  it('keeps checks apart on one worker: globals a check adds, its timers and its top-level declarations do not reach the next', async () => {
    const pool = new CheckPool(1);
    try {
      expect(await pool.run(task('async () => { globalThis.leaked = 1; setTimeout(() => { globalThis.late = 1; }, 50); }'))).to.deep.equal({ passed: true });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const clean = "async () => { assert.equal(typeof leaked, 'undefined'); assert.equal(typeof late, 'undefined'); }";
      expect(await pool.run(task(clean))).to.deep.equal({ passed: true });
      // The same top-level declarations twice: each run gets a context where they are new.
      const declares = "const seen = 1;\nPromise.resolve(seen)";
      expect(await pool.run(task(declares))).to.deep.equal({ passed: true });
      expect(await pool.run(task(declares))).to.deep.equal({ passed: true });
      // `var` at the top level cannot be taken back: that context is dropped, and the next starts clean.
      expect(await pool.run(task('var stuck = 1;\nPromise.resolve()'))).to.deep.equal({ passed: true });
      expect(await pool.run(task("async () => { assert.equal(typeof stuck, 'undefined'); }"))).to.deep.equal({ passed: true });
    } finally {
      await pool.close();
    }
  });

  it('leaves no worker, port or timer after close(), even with a check still running', async () => {
    await settle();
    const before = resourceCounts();
    const pool = new CheckPool(2);
    const running = pool.run(task(STUCK, 60_000));
    const waiting = [pool.run(task(STUCK, 60_000)), pool.run(task('async () => {}', 60_000))];
    await new Promise((resolve) => setTimeout(resolve, 200));
    await pool.close();
    const outcomes = await Promise.all([running, ...waiting]);
    for (const outcome of outcomes) expect(outcome).to.have.nested.property('failure.params.message', 'pool closed');
    await until(() => leftSince(before).length === 0, 10_000).catch(() => {});
    expect(leftSince(before)).to.deep.equal([]);
  });
});
