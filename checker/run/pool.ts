import { Worker } from 'node:worker_threads';
import type { CheckTask, Outcome } from './sandbox.ts';

const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

/**
 * Workers do not inherit tsx's loader on Node 20, so when running from source the
 * worker first registers tsx, then imports its TypeScript entry.
 */
function startWorker(): Worker {
  if (WORKER_URL.pathname.endsWith('.ts')) {
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
    return new Worker(boot, { eval: true });
  }
  return new Worker(WORKER_URL);
}

interface Job {
  task: CheckTask;
  resolve: (outcome: Outcome) => void;
}

interface Slot {
  worker: Worker;
  job?: Job & { id: number; timer: NodeJS.Timeout };
}

/**
 * Runs checks on at most `size` worker threads. A check that does not answer within
 * its time limit has its worker terminated (which stops even a regular expression
 * stuck in backtracking); a fresh worker takes its place for the next check.
 */
export class CheckPool {
  readonly size: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(size = 1) {
    this.size = Math.max(1, size);
  }

  run(task: CheckTask): Promise<Outcome> {
    if (this.closed) return Promise.resolve({ passed: false, failure: { reason: 'error', key: 'check-error', params: { message: 'pool closed' } } });
    return new Promise((resolve) => {
      this.queue.push({ task, resolve });
      this.dispatch();
    });
  }

  /** Stops every worker; pending checks end as errors. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve({ passed: false, failure: { reason: 'error', key: 'check-error', params: { message: 'pool closed' } } });
    await Promise.all([...this.slots].map((slot) => this.retire(slot)));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((s) => !s.job);
      if (!slot) {
        if (this.slots.size >= this.size) return;
        slot = this.spawn();
      }
      this.assign(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker() };
    slot.worker.on('message', ({ id, outcome }: { id: number; outcome: Outcome }) => {
      if (slot.job?.id !== id) return;
      this.finish(slot, outcome);
      this.dispatch();
    });
    const crash = (message: string) => {
      if (!this.slots.has(slot)) return;
      this.slots.delete(slot);
      if (slot.job) this.finish(slot, { passed: false, failure: { reason: 'error', key: 'check-error', params: { message } } });
      this.dispatch();
    };
    slot.worker.on('error', (err) => crash(err.message));
    slot.worker.on('exit', (code) => crash(`worker exited (${code})`));
    this.slots.add(slot);
    return slot;
  }

  private assign(slot: Slot, job: Job): void {
    const id = this.nextId++;
    const timer = setTimeout(() => {
      this.finish(slot, { passed: false, failure: { reason: 'timeout', key: 'timeout', params: { ms: job.task.limits.timeoutMs } } });
      void this.retire(slot);
      this.dispatch();
    }, job.task.limits.timeoutMs);
    slot.job = { ...job, id, timer };
    slot.worker.postMessage({ id, task: job.task });
  }

  private finish(slot: Slot, outcome: Outcome): void {
    const job = slot.job;
    if (!job) return;
    clearTimeout(job.timer);
    slot.job = undefined;
    job.resolve(outcome);
  }

  private async retire(slot: Slot): Promise<void> {
    this.slots.delete(slot);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {}); // a dying worker may still report; it no longer matters
    await slot.worker.terminate();
  }
}
