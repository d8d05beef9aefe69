// A series of checks (a learner's hints) goes to one worker in one message and runs there
// back to back. Each check still keeps its own clock, and whatever ends a worker mid-series
// (an overrun, an error thrown later, Ctrl-C, close()) ends only the check it hit.

import { expect } from 'chai';
import { DEFAULT_LIMITS } from '../checker/run/limits.ts';
import { CheckPool, Interrupted, type Ran } from '../checker/run/pool.ts';
import type { CheckTask } from '../checker/run/protocol.ts';
import { workerFromSource } from '../checker/run/worker-source.ts';
import { startHostile } from './helpers/hostile-servers.ts';
import { poll, until } from './helpers/wait.ts';
import { counted } from './helpers/workers.ts';

const target = { kind: 'url', url: 'http://127.0.0.1:9/' } as const;
const task = (code: string, timeoutMs = 400): CheckTask => ({ code, section: 'hints', target, limits: { ...DEFAULT_LIMITS, timeoutMs } });
const verdicts = (ran: Ran[]) => ran.map(({ outcome }) => (outcome.passed ? 'passed' : outcome.failure.reason));
const sleep = (ms: number) => `async () => { await new Promise((resolve) => setTimeout(resolve, ${ms})); }`;
const PASS = 'async () => { assert.ok(true); }';
const FAIL = "async () => { assert.fail('nope'); }";
// Exponential backtracking: minutes of synchronous work, stopped only by ending the worker.
const STUCK = "async () => { /(a+)+$/.test('a'.repeat(40) + 'b'); }";
const FOREVER = 'await new Promise(() => {});';

describe('a series of checks on the pool', function () {
  this.timeout(20_000);
  let pool: CheckPool;

  beforeEach(() => {
    pool = new CheckPool(1);
  });

  afterEach(async () => {
    await pool.close();
  });

  it('gives each check its own clock: three checks of 500 ms pass under a 1000 ms limit', async () => {
    const half = task(sleep(500), 1000);
    const seen: number[] = [];
    const ran = await pool.runSeries([half, half, half], { onEach: (_ran, index) => seen.push(index) });
    expect(verdicts(ran)).to.deep.equal(['passed', 'passed', 'passed']);
    expect(seen).to.deep.equal([0, 1, 2]);
    for (const { ms } of ran) expect(ms).to.be.within(450, 1000);
  });

  it('fails only the check that overran; the rest of the series runs on a fresh worker', async () => {
    const ran = await pool.runSeries([task(PASS), task(STUCK), task(PASS), task(FAIL)]);
    expect(verdicts(ran)).to.deep.equal(['passed', 'timeout', 'passed', 'assertion']);
  });

  it('fails only the check whose timer threw later; the rest runs on a fresh worker', async () => {
    const thrower = task("setTimeout(() => { throw new Error('boom'); }, 0); await new Promise(() => {});");
    const ran = await pool.runSeries([task(PASS), thrower, task(PASS)]);
    expect(verdicts(ran)).to.deep.equal(['passed', 'error', 'passed']);
    expect(ran[1]!.outcome).to.deep.equal({ passed: false, failure: { reason: 'error', key: 'check-error', params: { message: 'boom' } } });
  });

  it('stops at Ctrl-C: the checks that ended were reported, the series rejects, the pool goes on', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const series = pool.runSeries([task(PASS), task(FOREVER, 60_000), task(PASS)], {
      signal: controller.signal,
      onEach: (ran) => {
        seen.push(verdicts([ran])[0]!);
        setTimeout(() => controller.abort(), 50);
      },
    });
    let thrown: unknown;
    await series.catch((err: unknown) => (thrown = err));
    expect(thrown).to.be.instanceOf(Interrupted);
    expect(seen).to.deep.equal(['passed']);
    expect(await pool.run(task(PASS))).to.deep.equal({ passed: true });
  });

  it('leaves no worker or timer when Ctrl-C comes from within onEach', async () => {
    const counts = () => process.getActiveResourcesInfo().filter((name) => name !== 'TTYWrap').sort();
    const same = (a: string[], b?: string[]) => b !== undefined && a.length === b.length && a.every((name, i) => name === b[i]);
    // What the tests before left is gone once two readings 20 ms apart agree (two real
    // readings: the first is taken before mocha starts this test's own timer).
    let last: string[] | undefined;
    const before = await poll(() => {
      const now = counts();
      const settled = same(now, last) ? now : undefined;
      last = now;
      return settled;
    }, 8000, 'a steady count of handles');
    const controller = new AbortController();
    const series = pool.runSeries([task(PASS), task(FOREVER, 60_000)], { signal: controller.signal, onEach: () => controller.abort() });
    await series.catch(() => {});
    await pool.close();
    // A terminated worker's handles leave on a later turn of the loop (later still on a busy machine).
    await until(() => same(counts(), before), 8000, 'the handles there were before').catch(() => {});
    expect(counts()).to.deep.equal(before);
  });

  it('ends what has not run as "pool closed" when the pool closes mid-series', async () => {
    const series = pool.runSeries([task(PASS), task(FOREVER, 60_000), task(PASS)], { onEach: () => void pool.close() });
    const ran = await series;
    expect(verdicts(ran)).to.deep.equal(['passed', 'error', 'error']);
    expect(ran.slice(1).map(({ outcome }) => !outcome.passed && outcome.failure.params)).to.deep.equal([{ message: 'pool closed' }, { message: 'pool closed' }]);
  });

  it('answers an empty series at once, and a closed pool with "pool closed" for every check', async () => {
    expect(await pool.runSeries([])).to.deep.equal([]);
    await pool.close();
    expect(verdicts(await pool.runSeries([task(PASS), task(PASS)]))).to.deep.equal(['error', 'error']);
  });
});

// A busy worker is also sent the series after its own, so it goes from one learner to the
// next without waiting for the main thread; that series' checks get their clocks only when
// they start, and whatever ends the worker sends it to a fresh one whole.
describe('the next series, waiting in a busy worker', function () {
  this.timeout(20_000);
  let pool: CheckPool;

  beforeEach(async () => {
    pool = new CheckPool(1);
    // A booted worker, so that the two series below are sent to it together.
    await pool.run(task(PASS));
  });

  afterEach(async () => {
    await pool.close();
  });

  it('starts its clock when it starts, not while the series before it runs', async () => {
    const first = pool.runSeries([task(sleep(600), 2000)]);
    const second = pool.runSeries([task(sleep(200), 500)]);
    expect(verdicts(await first)).to.deep.equal(['passed']);
    const [ran] = await second;
    expect(verdicts([ran!])).to.deep.equal(['passed']);
    expect(ran!.ms).to.be.within(150, 500);
  });

  it('runs whole on a fresh worker when a check before it overran', async () => {
    const first = pool.runSeries([task(PASS), task(STUCK), task(PASS)]);
    const second = pool.runSeries([task(PASS), task(FAIL)]);
    expect(verdicts(await first)).to.deep.equal(['passed', 'timeout', 'passed']);
    expect(verdicts(await second)).to.deep.equal(['passed', 'assertion']);
  });

  it('goes on on the same worker after a body over the cap (too-large) that left nothing open; a fresh one after an overrun', async () => {
    const huge = await startHostile('huge');
    const bomb = await startHostile('gzip-bomb');
    try {
      const get = (url: string) => task(`async () => { await fetch(${JSON.stringify(url)}); }`, 5000);
      const [ran, started] = await counted(() => pool.runSeries([get(huge.url), get(bomb.url), task(PASS)]));
      expect(verdicts(ran)).to.deep.equal(['too-large', 'too-large', 'passed']);
      expect(started, 'workers started').to.equal(0);
      // The control: a check that overran has its worker replaced, and the count sees it.
      const [again, replaced] = await counted(() => pool.runSeries([task(STUCK), task(PASS)]));
      expect(verdicts(again)).to.deep.equal(['timeout', 'passed']);
      expect(replaced, 'workers started').to.equal(1);
    } finally {
      await huge.stop();
      await bomb.stop();
    }
  });

  it('goes on on the same worker after a fetch that gave up waiting (timeout) and left nothing open; a fresh one when it left something open', async () => {
    const silent = await startHostile('silent');
    try {
      const get = `await fetch(${JSON.stringify(silent.url)});`;
      const [ran, started] = await counted(() => pool.runSeries([task(`async () => { ${get} }`, 1000), task(PASS)]));
      expect(ran.map(({ outcome }) => !outcome.passed && [outcome.failure.reason, outcome.failure.key])).to.deep.equal([['timeout', 'headers-timeout'], false]);
      expect(started, 'workers started').to.equal(0);
      // The same wait, by a check that also left the host's own interval running: replaced.
      const leaves = `async () => { URL.constructor('return setInterval')()(() => {}, 1000); ${get} }`;
      const [again, replaced] = await counted(() => pool.runSeries([task(leaves, 1000), task(PASS)]));
      expect(verdicts(again)).to.deep.equal(['timeout', 'passed']);
      expect(replaced, 'workers started').to.equal(1);
    } finally {
      await silent.stop();
    }
  });

  it('runs on a fresh worker after a check that left a timer running', async () => {
    // The host's own setInterval (check code only gets a setTimeout cleared after it).
    const dirty = task("async () => { URL.constructor('return setInterval')()(() => {}, 1000); }");
    const first = pool.runSeries([dirty]);
    const second = pool.runSeries([task(PASS), task(PASS)]);
    expect(verdicts(await first)).to.deep.equal(['passed']);
    expect(verdicts(await second)).to.deep.equal(['passed', 'passed']);
  });

  it('stops at Ctrl-C while it waits; the series before it still ends with its own verdicts', async () => {
    const controller = new AbortController();
    const first = pool.runSeries([task(sleep(300), 2000), task(PASS)]);
    const second = pool.runSeries([task(PASS)], { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    let thrown: unknown;
    await second.catch((err: unknown) => (thrown = err));
    expect(thrown).to.be.instanceOf(Interrupted);
    expect(verdicts(await first)).to.deep.equal(['passed', 'passed']);
  });

  it('stops at Ctrl-C at the front of the queue, behind the two series a busy worker holds, which go on', async () => {
    await pool.run(task(PASS)); // a booted worker: the next two series go to it at once
    const controller = new AbortController();
    const running = pool.runSeries([task(sleep(300), 2000)]);
    const inMailbox = pool.runSeries([task(PASS)]);
    const queued = pool.runSeries([task(PASS)], { signal: controller.signal });
    controller.abort();
    const thrown = await Promise.race([queued.then(() => 'ran', (err: unknown) => err), running.then(() => 'the running series ended first')]);
    expect(thrown).to.be.instanceOf(Interrupted);
    expect(verdicts(await running)).to.deep.equal(['passed']);
    expect(verdicts(await inMailbox)).to.deep.equal(['passed']);
  });

  /** Each check's failure params (false for a check that passed). */
  const reasons = async (series: Promise<Ran[]>) => (await series).map(({ outcome }) => !outcome.passed && outcome.failure.params);

  it('ends a series still in the queue as "pool closed" when the pool closes', async () => {
    await pool.run(task(PASS)); // a booted worker: the next two series go to it at once
    const running = pool.runSeries([task(sleep(5000), 10_000)]);
    const inMailbox = pool.runSeries([task(PASS)]);
    const queued = [pool.runSeries([task(PASS)]), pool.runSeries([task(PASS)])];
    await pool.close();
    for (const series of [running, inMailbox, ...queued]) expect(await reasons(series)).to.deep.equal([{ message: 'pool closed' }]);
  });

  it('ends as "pool closed", as does the series before it, when the pool closes', async () => {
    const first = pool.runSeries([task(sleep(5000), 10_000), task(PASS)]);
    const second = pool.runSeries([task(PASS)]);
    setTimeout(() => void pool.close(), 100);
    expect(await reasons(first)).to.deep.equal([{ message: 'pool closed' }, { message: 'pool closed' }]);
    expect(await reasons(second)).to.deep.equal([{ message: 'pool closed' }]);
  });
});

// A worker's 'error' travels apart from its messages and can overtake them: the pool
// blames no check until the worker's 'exit', before which Node delivers all it posted.
// Promises left rejected never change a verdict; a kit's one fails the kit's tests.
describe('a worker that dies, and promises left rejected', function () {
  this.timeout(20_000);
  let pool: CheckPool;

  beforeEach(() => {
    pool = new CheckPool(1);
  });

  afterEach(async () => {
    await pool.close();
  });

  /**
   * A passing check that makes its worker throw right after posting its verdict, once the
   * next check waits on a timer: the crash belongs to the next check, never this one.
   */
  const DIES_AFTER_VERDICT = [
    'async () => {',
    '  await new Promise((resolve) => setTimeout(resolve, 100));',
    "  const proc = URL.constructor('return process')();",
    "  const { parentPort } = proc.getBuiltinModule('node:worker_threads');",
    '  const post = parentPort.postMessage.bind(parentPort);',
    "  parentPort.postMessage = (message) => { post(message); if (message.type === 'outcome') proc.nextTick(() => { throw new Error('died after its verdict'); }); };",
    '}',
  ].join('\n');

  it('counts the verdict a worker posted just before it died, and blames the crash on the check after it', async () => {
    await pool.run(task(PASS)); // a booted worker
    for (let round = 0; round < 5; round++) {
      const series = pool.runSeries([task(DIES_AFTER_VERDICT, 2000), task(sleep(300), 2000)]);
      // The main thread blocked while the worker posts its verdict and dies, so that both
      // wait together, as under load: the crash's 'error' is then often heard first.
      // Atomics.wait blocks it asleep (a loop on Date.now() burnt 2 s of CPU in 5 rounds).
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
      expect((await series).map(({ outcome }) => outcome), `round ${round + 1}`).to.deep.equal([
        { passed: true },
        { passed: false, failure: { reason: 'error', key: 'check-error', params: { message: 'died after its verdict' } } },
      ]);
    }
  });

  it("a check's own dropped rejection changes nothing: the check passes, the worker stays", async () => {
    const drops = task("async () => { Promise.reject(new Error('dropped')); (async () => { throw new Error('also dropped'); })(); await new Promise((r) => setTimeout(r, 20)); }");
    expect(verdicts(await pool.runSeries([drops, task(PASS)]))).to.deep.equal(['passed', 'passed']);
  });

  it('shows a dropped rejection under KIT_DEBUG as one line of its reason, cut at 300 characters', async () => {
    const said: string[] = [];
    const write = process.stderr.write;
    const debug = process.env.KIT_DEBUG;
    process.env.KIT_DEBUG = '1';
    process.stderr.write = ((text: string) => said.push(text) > 0) as typeof process.stderr.write;
    try {
      const drops = (text: string) => task(`async () => { Promise.reject(new Error(${JSON.stringify(text)})); await new Promise((r) => setTimeout(r, 20)); }`);
      expect(verdicts(await pool.runSeries([drops(`${'x'.repeat(293)}\nsecond line`), drops('y'.repeat(400))]))).to.deep.equal(['passed', 'passed']);
    } finally {
      process.stderr.write = write;
      if (debug === undefined) delete process.env.KIT_DEBUG;
      else process.env.KIT_DEBUG = debug;
    }
    const prefix = "kit: a promise of a check's code was rejected with no handler: ";
    // 'Error: ' and 293 x: exactly 300, whole; 'Error: ' and 400 y: 300 of them.
    expect(said).to.deep.equal([`${prefix}Error: ${'x'.repeat(293)}\n`, `${prefix}Error: ${'y'.repeat(293)}\n`]);
  });

  it("a rejection the kit's code leaves ends the worker under KIT_LEAKS=fail, so a test sees it", async () => {
    expect(process.env.KIT_LEAKS, 'set by test/helpers/leaks.ts').to.equal('fail');
    // A promise of the kit's realm (the host's Promise), rejected with no handler.
    const leaks = task("async () => { URL.constructor('return Promise')().reject(new Error('leaked by the kit')); await new Promise((r) => setTimeout(r, 20)); }");
    const ran = await pool.runSeries([leaks, task(PASS)]);
    expect(ran[0]!.outcome).to.deep.equal({ passed: false, failure: { reason: 'error', key: 'check-error', params: { message: 'leaked by the kit' } } });
    expect(verdicts(ran)).to.deep.equal(['error', 'passed']);
  });

  it("a failed $.get leaves no rejection of the kit's: the check's own callback decides, else too-large", async () => {
    const huge = await startHostile('huge');
    try {
      const url = { kind: 'url', url: huge.url } as const;
      const hint = (code: string): CheckTask => ({ code, section: 'hints', target: url, limits: { ...DEFAULT_LIMITS, timeoutMs: 3000 } });
      const ran = await pool.runSeries([
        hint("async (getUserInput) => { await $.get(getUserInput('url')).then(null, () => {}); }"),
        hint("async (getUserInput) => { await $.get(getUserInput('url')); }"),
      ]);
      // The first check's failure callback took the failed request: it passes, as in jQuery.
      expect(ran.map(({ outcome }) => (outcome.passed ? 'passed' : [outcome.failure.reason, outcome.failure.key]))).to.deep.equal([
        'passed',
        ['too-large', 'too-large'],
      ]);
    } finally {
      await huge.stop();
    }
  });
});

describe('a pool warmed before its first check', function () {
  this.timeout(20_000);

  it('starts as many workers as asked, never more than its size, and none again for workers it has', async () => {
    // The worker bundle built first: esbuild's synchronous build runs on a worker thread of its own.
    workerFromSource();
    const pool = new CheckPool(2);
    try {
      const [, one] = await counted(async () => pool.warm(1));
      expect(one, 'warm(1)').to.equal(1);
      const [, all] = await counted(async () => pool.warm());
      expect(all, 'warm(): up to its size of 2').to.equal(1);
      const [, more] = await counted(async () => pool.warm(5));
      expect(more, 'warm(5) on a pool of 2 that has 2').to.equal(0);
      expect(await pool.run(task(PASS))).to.deep.equal({ passed: true });
    } finally {
      await pool.close();
    }
  });
});
