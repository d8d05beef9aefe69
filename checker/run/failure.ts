import type { FailureKey } from '../i18n/index.ts';
import type { Failure, Params, Reason } from '../types.ts';

/**
 * Thrown inside a check (by our fetch, the Socket.IO helper or `fail()`) to end it
 * with a known reason. It never leaves the worker: it becomes a Failure record.
 */
export class CheckFailure extends Error {
  readonly reason: Reason;
  readonly key: FailureKey;
  readonly params: Params;
  /** `key` is typed from the English catalog, so a key without words does not compile. */
  constructor(reason: Reason, key: FailureKey, params: Params = {}) {
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
