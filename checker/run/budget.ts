import { CheckFailure } from './failure.ts';
import { TOTAL_BYTES, type Limits } from './limits.ts';

/**
 * The bytes one check has received, against one total (Limits.maxTotalBytes): every
 * capped path a check reads from spends here (the check's fetch, the Socket.IO probe and
 * polling answers, every WebSocket frame, as its header declares it, before its payload
 * arrives). Each piece alone is capped at 1 MiB; this bounds them all together, so that
 * an app sending endless pieces under the cap cannot fill the worker's memory, in or out
 * of V8's heap. Once past it, the budget's failure is the check's verdict, whatever the
 * check's code does with the errors it sees (sandbox.ts).
 */
export class Budget {
  readonly limit: number;
  private spent = 0;
  /** Set once the total passed the limit. */
  failure?: CheckFailure;
  private readonly listeners = new Set<(failure: CheckFailure) => void>();

  constructor(limits: Pick<Limits, 'maxTotalBytes'>) {
    this.limit = limits.maxTotalBytes ?? TOTAL_BYTES;
  }

  /** Counts `bytes` received from `url`; false once the budget is spent (and from then on). */
  spend(bytes: number, url: string): boolean {
    if (this.failure) return false;
    this.spent += bytes;
    if (this.spent <= this.limit) return true;
    this.failure = new CheckFailure('too-large', 'flood.budget', { url, limit: this.limit });
    for (const listener of this.listeners) listener(this.failure);
    this.listeners.clear();
    return false;
  }

  /** Called once, when the budget is spent (at once if it already is). */
  onSpent(listener: (failure: CheckFailure) => void): void {
    if (this.failure) listener(this.failure);
    else this.listeners.add(listener);
  }

  get total(): number {
    return this.spent;
  }
}
