import { truncate } from '../text/cut.ts';
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

/** Longest text a failure parameter keeps: enough for a URL or a message, never a whole payload. */
export const MAX_PARAM_CHARS = 200;

/** Longest assertion message kept (the check's own words, which may quote what the app sent). */
export const MAX_MESSAGE_CHARS = 1000;


/**
 * A failure as it may leave the worker: every text parameter and the message cut short.
 * Parameters hold what the app sent (a URL, an error message, a Socket.IO payload), so
 * without this one failure could carry megabytes into the report.
 */
export function bounded(failure: Failure): Failure {
  const params: Params = {};
  for (const [name, value] of Object.entries(failure.params)) {
    params[name] = typeof value === 'string' ? truncate(value, MAX_PARAM_CHARS) : value;
  }
  const out: Failure = { reason: failure.reason, key: failure.key, params };
  if (failure.message !== undefined) out.message = truncate(failure.message, MAX_MESSAGE_CHARS);
  return out;
}
