import type { FailureKey } from '../i18n/index.ts';
import { describeValue } from './describe.ts';
import { CheckFailure } from './failure.ts';

/**
 * `fail(key, params, reason)`: ends a check with a message from the catalog. Behaviour
 * checks get their Sockets' `fail`, through which a message over the cap wins.
 */
export function fail(key: string, params: Record<string, unknown> = {}, reason: 'assertion' | 'no-event' = 'assertion'): never {
  const safe: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(params)) {
    // Anything else is what an app sent, of any shape: described, never String()ed (which
    // may throw, or recurse through an array nested 200 000 deep).
    safe[name] = value === null || ['string', 'number', 'boolean'].includes(typeof value) ? (value as string) : describeValue(value);
  }
  // Step files name their own keys; a test checks that each one is in every catalog.
  throw new CheckFailure(reason, key as FailureKey, safe);
}
