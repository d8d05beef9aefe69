// The worker's word on whether a check left something open (`dirty`), which tells the
// pool not to give that worker another check. The lesson's behaviour checks, on every
// transport and also when they fail, leave nothing; a check that does is reported.

import type { Worker } from 'node:worker_threads';
import { expect } from 'chai';
import { DEFAULT_LIMITS } from '../checker/run/limits.ts';
import { startWorker } from '../checker/run/pool.ts';
import { endsWorker, WorkerState, type CheckTask, type OutcomeMessage } from '../checker/run/protocol.ts';
import { loadStep } from '../checker/step/course.ts';
import type { Step } from '../checker/types.ts';
import type { RunningApp } from './helpers/apps.ts';
import { startHostileApps } from './helpers/hostile-sockets.ts';
import { poll } from './helpers/wait.ts';
import { settledClients, startFixture, stopAll } from './helpers/fixture-apps.ts';


describe("the worker's report of a check that left something open", function () {
  this.timeout(60_000);
  let step: Step;
  let worker: Worker;
  let apps: Record<'right 4.x' | 'right 2.x' | 'polling-only' | 'endless-polling' | 'huge', RunningApp>;
  const messages: unknown[] = [];
  let nextId = 1;

  /** A fresh worker, as the pool starts one. */
  function freshWorker(): Worker {
    const started = startWorker(new WorkerState());
    started.on('message', (message: unknown) => messages.push(message));
    return started;
  }

  before(async () => {
    step = await loadStep('communicate-by-emitting', 'en');
    worker = freshWorker();
    // The hostile apps in one process (and the right one on 4.x beside them); an 8 MiB
    // message, eight times the 1 MiB cap, ends the checks as a 90 MiB one does (the frame
    // meter reads the header only), with less for a busy machine's app to write.
    const [hosted, right2] = await Promise.allSettled([
      startHostileApps({ 'polling-only': { kind: 'polling-only', pkg: 'socket.io' }, 'endless-polling': { kind: 'endless-polling', pkg: 'socket.io' }, huge: { kind: 'huge', pkg: 'socket.io', env: { HUGE_MIB: '8' } } }),
      startFixture('right', 'socket.io-v2'),
    ]);
    if (hosted.status === 'rejected' || right2.status === 'rejected') {
      await stopAll([...(hosted.status === 'fulfilled' ? Object.values(hosted.value) : []), right2.status === 'fulfilled' ? right2.value : undefined]);
      throw hosted.status === 'rejected' ? hosted.reason : (right2 as PromiseRejectedResult).reason;
    }
    const { right, ...hostile } = hosted.value;
    apps = { 'right 4.x': right, 'right 2.x': right2.value, ...hostile };
  });

  after(async () => {
    await worker?.terminate();
    await stopAll(Object.values(apps ?? {}));
  });

  /**
   * Runs one check on the worker and returns the message that ends it. A worker whose
   * check ended in a way that ends it runs nothing more: the next check gets a fresh
   * one, as in the pool.
   */
  async function runOnWorker(code: string, section: CheckTask['section'], url: string, timeoutMs = 3000): Promise<OutcomeMessage> {
    const id = nextId++;
    const task: CheckTask = { code, section, target: { kind: 'url', url }, limits: { ...DEFAULT_LIMITS, timeoutMs } };
    worker.postMessage({ type: 'run', id, tasks: [task] });
    const ended = (m: unknown): m is OutcomeMessage => (m as OutcomeMessage).type === 'outcome' && (m as OutcomeMessage).id === id;
    const message = await poll(() => messages.find(ended), timeoutMs + 7000, `the outcome of check ${id}`);
    if (endsWorker(message)) {
      await worker.terminate();
      worker = freshWorker();
    }
    return message;
  }

  it("a timer a check leaves running is cleared with it, so the worker stays clean", async () => {
    const message = await runOnWorker('async () => { setTimeout(() => {}, 5000); }', 'hints', apps['right 4.x'].url);
    expect(message).to.deep.equal({ type: 'outcome', id: message.id, outcome: { passed: true } });
  });

  it('a check that leaves nothing is not', async () => {
    const message = await runOnWorker('async () => { await new Promise((resolve) => setTimeout(resolve, 10)); }', 'hints', apps['right 4.x'].url);
    expect(message).to.deep.equal({ type: 'outcome', id: message.id, outcome: { passed: true } });
  });

  for (const name of ['right 4.x', 'right 2.x'] as const) {
    it(`a check that ends while its connection is still on its way leaves nothing (${name})`, async () => {
      const code = "async (getUserInput) => { sockets.connect(getUserInput('url'), 'late').catch(() => {}); }";
      const message = await runOnWorker(code, 'behaviour', apps[name].url);
      expect(message).to.deep.equal({ type: 'outcome', id: message.id, outcome: { passed: true } });
      expect(await settledClients(apps[name]), 'clients left connected').to.equal(0);
    });
  }

  // Each with its check's limit. The huge message gets the longest event wait (2000 ms): a
  // busy machine's app takes a while to write it. The endless answer times out whatever the
  // limit: a short one.
  const cases = [
    ['right 4.x', 'WebSocket, 4.x client', 3000, ['passed', 'passed', 'passed', 'passed']],
    ['right 2.x', 'WebSocket, 2.x client', 3000, ['passed', 'passed', 'passed', 'passed']],
    ['polling-only', 'long-polling', 3000, ['passed', 'passed', 'passed', 'passed']],
    ['endless-polling', 'a polling answer that never ends', 1500, ['timeout', 'timeout', 'timeout', 'timeout']],
    ['huge', 'an 8 MiB message', 10_000, ['too-large', 'too-large', 'too-large', 'too-large']],
  ] as const;
  for (const [name, what, limit, verdicts] of cases) {
    it(`the lesson's behaviour checks leave nothing: ${what} (${verdicts.join(', ')})`, async () => {
      for (const [i, check] of step.checks.filter((c) => c.section === 'behaviour').entries()) {
        const { outcome, dirty } = await runOnWorker(check.code, 'behaviour', apps[name].url, limit);
        expect(outcome.passed ? 'passed' : outcome.failure.reason, `check ${i + 1}`).to.equal(verdicts[i]);
        expect(dirty, `check ${i + 1} left something open`).to.equal(undefined);
      }
    });
  }
});
