// The worker pool: runs checks on worker threads, each with a hard time limit.
//
// A worker slot goes through these states:
//   booting  the worker loads its modules; nothing is sent to it yet that has a clock
//            (BOOT_LIMIT_MS, after which it is lost). It says `ready`. The first slot of
//            `npm run check` takes the worker the launcher started (early-worker.js).
//   idle     ready, no job: dispatch() gives it the next waiting series.
//   busy     ready, one to SERIES_PER_WORKER jobs. The first job runs, and only the
//            check it is running has a clock; the next job waits in the worker's mailbox.
//   dying    it crashed ('error'): the error is kept, and the slot waits for 'exit',
//            before which Node delivers every message the worker posted, so a verdict it
//            sent before it died counts and the crash is blamed on the check that was
//            really running. Then it is lost.
//   gone     retired: out of the pool, terminated. Its unfinished jobs went back to the
//            front of the queue (or, once the pool is closed, ended as "pool closed").
// A job is one series sent to one worker: its checks end one by one (`outcome` messages,
// in order, each ending that check's clock and starting the next one's); it leaves the
// slot when its last check ended, or when the slot is retired.
// The pool retires a worker after an overrun, a crash, a verdict that ends a worker
// (endsWorker), Ctrl-C on a series it holds, and close().

import { Worker } from 'node:worker_threads';
import type { Failure } from '../types.ts';
import { takeEarlyWorker, WORKER_HEAP_MB, workerOptions } from './early-worker.js';
import { BEAT_MS, endsWorker, WorkerState, type CheckTask, type Outcome, type RejectionMessage, type RunMessage, type WorkerMessage } from './protocol.ts';
import { workerFromSource } from './worker-source.ts';

const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** A worker that takes longer than this to load its modules is broken or starved, not slow. */
const BOOT_LIMIT_MS = 20_000;

/** Workers that fail to start in a row before the next waiting check is failed instead of retried. */
const BOOT_TRIES = 3;

/** A worker as the pool starts one (also for tests that talk to a worker directly). */
export function startWorker(state: WorkerState): Worker {
  const entry = FROM_SOURCE ? workerFromSource() : new URL('./worker.js', import.meta.url);
  return new Worker(entry, workerOptions(state.buffer));
}

/** A check's verdict and how long it ran, from the moment a ready worker took it. */
export interface Ran {
  outcome: Outcome;
  ms: number;
}

/** Checks to run one after another on one worker, and what came of those that ended. */
interface Series {
  tasks: readonly CheckTask[];
  ran: Ran[];
  onEach?: (ran: Ran, index: number) => void;
  resolve: (ran: Ran[]) => void;
  reject: (err: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export interface SeriesOptions {
  /** Ctrl-C: the series stops at once and `runSeries` rejects with `Interrupted`. */
  signal?: AbortSignal;
  /** Called as each check ends, in order, before the next one's verdict. */
  onEach?: (ran: Ran, index: number) => void;
}

/** A series sent to a worker. Only the first of a worker's jobs runs, and only it has a clock. */
interface Job {
  series: Series;
  id: number;
  timer?: NodeJS.Timeout;
  started: number;
}

/**
 * Series a worker holds at most: the one it runs and the next, already in its mailbox,
 * so that it goes from one learner to the next without waiting for the main thread.
 */
export const SERIES_PER_WORKER = 2;

interface Slot {
  worker: Worker;
  /** It crashed with this outcome for the running check; the slot waits for 'exit' to say so. */
  crash?: Outcome;
  /** Its beats and what its check is doing, read without messages. */
  state: WorkerState;
  /** Set once the worker has loaded its modules: a check's clock starts only then. */
  ready: boolean;
  bootTimer?: NodeJS.Timeout;
  /** The series sent to it, in the order it runs them; the first runs now. */
  jobs: Job[];
}

const failed = (failure: Failure): Outcome => ({ passed: false, failure });
const error = (message: string): Outcome => failed({ reason: 'error', key: 'check-error', params: { message } });

/** Thrown by `run()` for a check whose signal was aborted (Ctrl-C): it has no outcome. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

/**
 * What a check over its time limit was doing when it was stopped: waiting (on the app,
 * most likely), its test clients busy decoding what the app's Socket.IO server sent
 * (the app flooding the check), or running its own code with the thread blocked, after
 * a fetch (a pattern backtracking over what came back) or before any.
 */
export function overrun(ms: number, state: WorkerState): Outcome {
  // Silent for four beats, or half a short limit: the thread did not get back to its loop.
  const blocked = state.silentFor() > Math.min(4 * BEAT_MS, ms / 2);
  // Blocked right after the app's Socket.IO traffic came in: the clients were decoding it.
  if (blocked && state.silentAfterTraffic()) return failed({ reason: 'timeout', key: 'flood.busy', params: { ms } });
  const activity = state.activity();
  // The app's own client.js, in the page engine (checker/client/): its code, not the check's.
  if (blocked && activity?.phase === 'page') return failed({ reason: 'timeout', key: 'client.busy', params: { ms, url: 'public/client.js' } });
  if (blocked && activity?.phase === 'running') {
    return failed({ reason: 'timeout', key: 'check-stuck', params: { ms, url: activity.url } });
  }
  if (blocked && !activity) return failed({ reason: 'timeout', key: 'check-busy', params: { ms } });
  return failed({ reason: 'timeout', key: 'timeout', params: { ms } });
}

/**
 * A promise a check (or the kit) dropped, rejected: shown under KIT_DEBUG, never a verdict.
 * The worker itself ends on a kit's one under KIT_LEAKS=fail (the kit's tests).
 */
function noteRejection({ by, message }: RejectionMessage): void {
  if (process.env.KIT_DEBUG) process.stderr.write(`kit: a promise ${by === 'kit' ? "of the kit's code" : "of a check's code"} was rejected with no handler: ${message}\n`);
}

/** Why a worker died, as a failure of the check it was running. */
function crashOutcome(err: Error & { code?: string }): Outcome {
  if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') return failed({ reason: 'error', key: 'out-of-memory', params: { mb: WORKER_HEAP_MB } });
  return error(err.message.split('\n')[0] ?? '');
}

/**
 * Runs checks on at most `size` worker threads. A series of checks (a learner's hints)
 * goes to one worker in one message, which runs them back to back: in a class, the
 * round trips to the main thread between them cost as much as a check. When every worker
 * is busy, a worker is also sent the series after its own (SERIES_PER_WORKER). Each check
 * keeps its own clock, which starts when a ready worker takes it (or when the pool hears
 * that the one before it ended), never while a worker boots or a series waits. A check
 * that does not answer within its time limit has its worker terminated (which stops even
 * a regular expression stuck in backtracking); so does a check that ended in a way that
 * may have left something running. A fresh worker takes their place, and the rest of the
 * series with it, then the series that waited behind it. After `close()` no worker,
 * timer or port of the pool is left.
 */
export class CheckPool {
  readonly size: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Series[] = [];
  private nextId = 1;
  private closed = false;
  private bootFailures = 0;

  constructor(size = 1) {
    this.size = Math.max(1, size);
  }

  /** Starts up to `count` workers now, so they load while the caller does other work. */
  warm(count = this.size): void {
    while (!this.closed && this.slots.size < Math.min(count, this.size)) this.spawn();
  }

  /** One check's outcome; rejects with `Interrupted` when `signal` aborts first. */
  async run(task: CheckTask, signal?: AbortSignal): Promise<Outcome> {
    const [ran] = await this.runSeries([task], { signal });
    return ran!.outcome;
  }

  /**
   * The checks' verdicts, in order, run one after another on one worker; rejects with
   * `Interrupted` when the signal aborts first (`onEach` has had those that ended).
   */
  runSeries(tasks: readonly CheckTask[], options: SeriesOptions = {}): Promise<Ran[]> {
    const { signal, onEach } = options;
    if (signal?.aborted) return Promise.reject(new Interrupted());
    return new Promise((resolve, reject) => {
      const series: Series = { tasks, ran: [], onEach, resolve, reject, signal };
      if (this.closed || tasks.length === 0) return this.failRest(series, error('pool closed'));
      if (signal) {
        series.onAbort = () => this.abort(series);
        signal.addEventListener('abort', series.onAbort, { once: true });
      }
      this.queue.push(series);
      this.dispatch();
    });
  }

  /** Stops every worker; pending checks end as errors. */
  async close(): Promise<void> {
    this.closed = true;
    for (const series of this.queue.splice(0)) this.failRest(series, error('pool closed'));
    await Promise.all([...this.slots].map((slot) => this.retire(slot)));
  }

  private settle(series: Series, value: Ran[] | Interrupted): void {
    if (series.onAbort) series.signal?.removeEventListener('abort', series.onAbort);
    if (value instanceof Interrupted) series.reject(value);
    else series.resolve(value);
  }

  /** Every check of the series that has not ended ends with `outcome`. */
  private failRest(series: Series, outcome: Outcome): void {
    while (series.ran.length < series.tasks.length) this.note(series, { outcome, ms: 0 });
    this.settle(series, series.ran);
  }

  private note(series: Series, ran: Ran): void {
    series.ran.push(ran);
    series.onEach?.(ran, series.ran.length - 1);
  }

  private abort(series: Series): void {
    const queued = this.queue.indexOf(series);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(series, new Interrupted());
      return;
    }
    // Running or waiting in a worker's mailbox, it cannot be called back: the worker goes.
    for (const slot of this.slots) {
      const at = slot.jobs.findIndex((job) => job.series === series);
      if (at < 0) continue;
      const [job] = slot.jobs.splice(at, 1);
      clearTimeout(job!.timer);
      this.settle(series, new Interrupted());
      void this.retire(slot);
      return;
    }
  }

  private dispatch(): void {
    if (this.closed) return;
    while (this.queue.length > 0) {
      const slots = [...this.slots];
      const idle = slots.find((s) => s.ready && s.jobs.length === 0);
      if (idle) {
        this.assign(idle, this.queue.shift()!);
        continue;
      }
      // Start workers for waiting series; they take the queue when ready.
      const booting = slots.filter((s) => !s.ready).length;
      if (this.slots.size < this.size && booting < this.queue.length) {
        this.spawn();
        continue;
      }
      // All workers up and busy: one more series each, to run next.
      const next = booting === 0 ? slots.find((s) => s.jobs.length < SERIES_PER_WORKER) : undefined;
      if (!next) return;
      this.assign(next, this.queue.shift()!);
    }
  }

  private spawn(): void {
    // The worker the launcher started (early-worker.js), when there is one: it is this one.
    const early = takeEarlyWorker();
    const state = new WorkerState(early?.state);
    const slot: Slot = { worker: early?.worker ?? startWorker(state), state, ready: false, jobs: [] };
    slot.bootTimer = setTimeout(() => this.lost(slot, error(`worker did not start within ${BOOT_LIMIT_MS} ms`)), BOOT_LIMIT_MS);
    slot.worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'ready':
          clearTimeout(slot.bootTimer);
          slot.ready = true;
          this.bootFailures = 0;
          break;
        case 'outcome':
          if (slot.jobs[0]?.id !== message.id) return; // a late word from a series that already ended
          this.ended(slot, message.outcome);
          if (endsWorker(message)) void this.retire(slot);
          break;
        case 'rejection':
          noteRejection(message);
          return;
      }
      this.dispatch();
    });
    // An 'error' can overtake the worker's last messages: blame no check until 'exit',
    // which comes after Node has delivered everything the worker posted.
    slot.worker.on('error', (err) => (slot.crash ??= crashOutcome(err)));
    slot.worker.on('exit', (code) => this.lost(slot, slot.crash ?? error(`worker exited (${code})`)));
    this.slots.add(slot);
    early?.adopt();
  }

  /**
   * A worker died or never started. The check it ran fails with the reason. A worker
   * that died while booting is replaced; only after several in a row does the next
   * waiting series fail, so a broken install cannot make the pool respawn forever.
   */
  private lost(slot: Slot, outcome: Outcome): void {
    if (!this.slots.has(slot)) return;
    if (slot.jobs.length > 0) this.ended(slot, outcome);
    else if (!slot.ready && ++this.bootFailures >= BOOT_TRIES) {
      this.bootFailures = 0;
      const next = this.queue.shift();
      if (next) this.failRest(next, outcome);
    }
    void this.retire(slot);
  }

  private assign(slot: Slot, series: Series): void {
    const tasks = series.tasks.slice(series.ran.length);
    const job: Job = { series, id: this.nextId++, started: performance.now() };
    slot.jobs.push(job);
    if (slot.jobs.length === 1) job.timer = this.clock(slot, tasks[0]!.limits.timeoutMs);
    const message: RunMessage = { type: 'run', id: job.id, tasks };
    slot.worker.postMessage(message);
  }

  /** The time limit of the check running on `slot`. */
  private clock(slot: Slot, ms: number): NodeJS.Timeout {
    return setTimeout(() => {
      this.ended(slot, overrun(ms, slot.state));
      void this.retire(slot);
    }, ms);
  }

  /**
   * The check running on `slot` ended. The check after it, already started there (the
   * next of its series, or the first of the worker's next series), gets its clock.
   */
  private ended(slot: Slot, outcome: Outcome): void {
    const job = slot.jobs[0];
    if (!job) return;
    clearTimeout(job.timer);
    const { series } = job;
    this.note(series, { outcome, ms: Math.round(performance.now() - job.started) });
    if (slot.jobs[0] !== job) return; // onEach closed the pool or aborted the series
    if (series.ran.length === series.tasks.length) {
      slot.jobs.shift();
      this.settle(series, series.ran);
    }
    const running = slot.jobs[0];
    if (!running) return;
    running.started = performance.now();
    running.timer = this.clock(slot, running.series.tasks[running.series.ran.length]!.limits.timeoutMs);
  }

  /**
   * Stops the worker; the rest of its series go back to the front of the queue, in order,
   * for another worker (or end, once the pool is closed).
   */
  private async retire(slot: Slot): Promise<void> {
    this.slots.delete(slot);
    clearTimeout(slot.bootTimer);
    const jobs = slot.jobs.splice(0);
    for (const job of jobs) clearTimeout(job.timer);
    if (this.closed) for (const job of jobs) this.failRest(job.series, error('pool closed'));
    else this.queue.unshift(...jobs.map((job) => job.series));
    this.dispatch();
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {}); // a dying worker may still report; it no longer matters
    await slot.worker.terminate();
  }
}
