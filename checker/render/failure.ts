import type { Translate } from '../i18n/index.ts';
import type { Failure } from '../types.ts';

/** A failure in words: what went wrong (`problem`) and what to do (`advice`). */
export function explain(failure: Failure, t: Translate): { problem: string; advice: string } {
  return { problem: t(`failures.${failure.key}`, failure.params), advice: t(`advice.${failure.key}`, failure.params) };
}
