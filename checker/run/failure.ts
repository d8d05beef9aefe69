import type { Failure, Params, Reason } from '../types.ts';

/**
 * Thrown inside a check (by our fetch, the Socket.IO helper or `fail()`) to end it
 * with a known reason. It never leaves the worker: it becomes a Failure record.
 */
export class CheckFailure extends Error {
  readonly reason: Reason;
  readonly key: string;
  readonly params: Params;
  constructor(reason: Reason, key: string, params: Params = {}) {
    super(key);
    this.name = 'CheckFailure';
    this.reason = reason;
    this.key = key;
    this.params = params;
  }
  toFailure(): Failure {
    return { reason: this.reason, key: this.key, params: this.params };
  }
}
