import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BUNDLE_OPTIONS } from '../../bin/bundle-options.js';
import { KIT_ROOT } from '../paths.ts';
import type { Failure } from '../types.ts';
import { BEAT_MS, WORKER_HEAP_MB, WorkerState, type CheckTask, type Outcome, type WorkerMessage } from './protocol.ts';

const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** A worker that takes longer than this to load its modules is broken or starved, not slow. */
const BOOT_LIMIT_MS = 20_000;

/** Workers that fail to start in a row before the next waiting check is failed instead of retried. */
const BOOT_TRIES = 3;

/**
 * Reasons after which a worker is replaced rather than reused: whatever the check
 * opened may still be running there (a stream that never ended, a socket flooding it).
 */
const RECYCLE: ReadonlySet<string> = new Set(['timeout', 'too-large', 'error']);

let sourceWorker: URL | undefined;

/**
 * The worker's entry when running from source (tests, development): worker.ts and what
 * it imports, bundled once per process by esbuild as bin/build.js bundles it. Workers do
 * not inherit tsx's loader on Node 20, and registering it in each one cost ~0.5 s a worker.
 */
function workerFromSource(): URL {
  if (sourceWorker) return sourceWorker;
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const { outputFiles } = esbuild.buildSync({
    entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
    ...BUNDLE_OPTIONS,
    write: false,
    logLevel: 'error',
  });
  const code = outputFiles[0]!.contents;
  // In the kit's node_modules/.cache, where tools keep such files; named by content.
  const dir = path.join(KIT_ROOT, 'node_modules', '.cache', 'emitting-kit');
  const file = path.join(dir, `worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${file}.${process.pid}.tmp`, code);
    // Whole or not at all, should two processes write it at once.
    renameSync(`${file}.${process.pid}.tmp`, file);
  }
  sourceWorker = pathToFileURL(file);
  return sourceWorker;
}

/** A worker as the pool starts one (also for tests that talk to a worker directly). */
export function startWorker(state: WorkerState): Worker {
  const entry = FROM_SOURCE ? workerFromSource() : new URL('./worker.js', import.meta.url);
  return new Worker(entry, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB }, workerData: { state: state.buffer } });
}

interface Job {
  task: CheckTask;
  resolve: (outcome: Outcome) => void;
  reject: (err: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  /** Its beats and what its check is doing, read without messages. */
  state: WorkerState;
  /** Set once the worker has loaded its modules: a check's clock starts only then. */
  ready: boolean;
  bootTimer?: NodeJS.Timeout;
  job?: Job & { id: number; timer: NodeJS.Timeout };
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
 * most likely), or running its own code with the thread blocked, after a fetch (a
 * pattern backtracking over what came back) or before any.
 */
function overrun(ms: number, state: WorkerState): Outcome {
  // Silent for four beats, or half a short limit: the thread did not get back to its loop.
  const blocked = state.silentFor() > Math.min(4 * BEAT_MS, ms / 2);
  const activity = state.activity();
  if (blocked && activity?.phase === 'running') {
    return failed({ reason: 'timeout', key: 'check-stuck', params: { ms, url: activity.url } });
  }
  if (blocked && !activity) return failed({ reason: 'timeout', key: 'check-busy', params: { ms } });
  return failed({ reason: 'timeout', key: 'timeout', params: { ms } });
}

/** Why a worker died, as a failure of the check it was running. */
function crashOutcome(err: Error & { code?: string }): Outcome {
  if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') return failed({ reason: 'error', key: 'out-of-memory', params: { mb: WORKER_HEAP_MB } });
  return error(err.message.split('\n')[0] ?? '');
}

/**
 * Runs checks on at most `size` worker threads. A check's clock starts when a ready
 * worker takes it, never while a worker boots. A check that does not answer within its
 * time limit has its worker terminated (which stops even a regular expression stuck in
 * backtracking); so does a check that ended in a way that may have left something
 * running. A fresh worker takes their place. After `close()` no worker, timer or port
 * of the pool is left.
 */
export class CheckPool {
  readonly size: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
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

  /** The check's outcome; rejects with `Interrupted` when `signal` aborts first. */
  run(task: CheckTask, signal?: AbortSignal): Promise<Outcome> {
    if (this.closed) return Promise.resolve(error('pool closed'));
    if (signal?.aborted) return Promise.reject(new Interrupted());
    return new Promise((resolve, reject) => {
      const job: Job = { task, resolve, reject, signal };
      if (signal) {
        job.onAbort = () => this.abort(job);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Stops every worker; pending checks end as errors. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, error('pool closed'));
    await Promise.all([...this.slots].map((slot) => this.retire(slot, error('pool closed'))));
  }

  private settle(job: Job, outcome: Outcome | Interrupted): void {
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (outcome instanceof Interrupted) job.reject(outcome);
    else job.resolve(outcome);
  }

  private abort(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(job, new Interrupted());
      return;
    }
    const slot = [...this.slots].find((s) => s.job?.resolve === job.resolve);
    if (!slot?.job) return;
    clearTimeout(slot.job.timer);
    slot.job = undefined;
    this.settle(job, new Interrupted());
    void this.retire(slot, error('interrupted'));
  }

  private dispatch(): void {
    if (this.closed) return;
    while (this.queue.length > 0) {
      const slot = [...this.slots].find((s) => s.ready && !s.job);
      if (slot) {
        this.assign(slot, this.queue.shift()!);
        continue;
      }
      // Start workers for waiting checks; they take the queue when ready.
      const booting = [...this.slots].filter((s) => !s.ready).length;
      if (this.slots.size >= this.size || booting >= this.queue.length) return;
      this.spawn();
    }
  }

  private spawn(): void {
    const state = new WorkerState();
    const slot: Slot = { worker: startWorker(state), state, ready: false };
    slot.bootTimer = setTimeout(() => this.lost(slot, error(`worker did not start within ${BOOT_LIMIT_MS} ms`)), BOOT_LIMIT_MS);
    slot.worker.on('message', (message: WorkerMessage) => {
      if ('ready' in message) {
        clearTimeout(slot.bootTimer);
        slot.ready = true;
        this.bootFailures = 0;
      } else if (slot.job?.id !== message.id) {
        return; // a late word from a check that already ended
      } else {
        const { outcome } = message;
        this.finish(slot, outcome);
        if (message.dirty || (!outcome.passed && RECYCLE.has(outcome.failure.reason))) void this.retire(slot, outcome);
      }
      this.dispatch();
    });
    slot.worker.on('error', (err) => this.lost(slot, crashOutcome(err)));
    slot.worker.on('exit', (code) => this.lost(slot, error(`worker exited (${code})`)));
    this.slots.add(slot);
  }

  /**
   * A worker died or never started. The check it ran fails with the reason. A worker
   * that died while booting is replaced; only after several in a row does the next
   * waiting check fail, so a broken install cannot make the pool respawn forever.
   */
  private lost(slot: Slot, outcome: Outcome): void {
    if (!this.slots.has(slot)) return;
    if (slot.job) this.finish(slot, outcome);
    else if (!slot.ready && ++this.bootFailures >= BOOT_TRIES) {
      this.bootFailures = 0;
      const next = this.queue.shift();
      if (next) this.settle(next, outcome);
    }
    void this.retire(slot, outcome);
    this.dispatch();
  }

  private assign(slot: Slot, job: Job): void {
    const id = this.nextId++;
    const ms = job.task.limits.timeoutMs;
    const timer = setTimeout(() => {
      const outcome = overrun(ms, slot.state);
      this.finish(slot, outcome);
      void this.retire(slot, outcome);
      this.dispatch();
    }, ms);
    slot.job = { ...job, id, timer };
    slot.worker.postMessage({ id, task: job.task });
  }

  private finish(slot: Slot, outcome: Outcome): void {
    const job = slot.job;
    if (!job) return;
    clearTimeout(job.timer);
    slot.job = undefined;
    this.settle(job, outcome);
  }

  private async retire(slot: Slot, outcome: Outcome): Promise<void> {
    this.slots.delete(slot);
    clearTimeout(slot.bootTimer);
    this.finish(slot, outcome);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {}); // a dying worker may still report; it no longer matters
    await slot.worker.terminate();
  }
}
