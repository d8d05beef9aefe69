// A series of checks (a learner's hints) goes to one worker in one message and runs there
// back to back. Each check still keeps its own clock, and whatever ends a worker mid-series
// (an overrun, an error thrown later, Ctrl-C, close()) ends only the check it hit.

import { expect } from 'chai';
import { DEFAULT_LIMITS } from '../checker/run/limits.ts';
import { CheckPool, Interrupted, type Ran } from '../checker/run/pool.ts';
import type { CheckTask } from '../checker/run/protocol.ts';

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
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = counts();
    const controller = new AbortController();
    const series = pool.runSeries([task(PASS), task(FOREVER, 60_000)], { signal: controller.signal, onEach: () => controller.abort() });
    await series.catch(() => {});
    await pool.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
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

  it('ends as "pool closed", as does the series before it, when the pool closes', async () => {
    const first = pool.runSeries([task(sleep(5000), 10_000), task(PASS)]);
    const second = pool.runSeries([task(PASS)]);
    setTimeout(() => void pool.close(), 100);
    const reasons = async (series: Promise<Ran[]>) => (await series).map(({ outcome }) => !outcome.passed && outcome.failure.params);
    expect(await reasons(first)).to.deep.equal([{ message: 'pool closed' }, { message: 'pool closed' }]);
    expect(await reasons(second)).to.deep.equal([{ message: 'pool closed' }]);
  });
});
