// Words for data: the small pieces every renderer (terminal, JSON, JUnit, class table,
// lesson page) says the same way. Renderers only arrange them.

import type { Translate } from '../i18n/index.ts';
import type { CheckResult, Failure, Results } from '../types.ts';
import { cleanText } from './clean.ts';
import { hostedCase } from './hosted.ts';

/** A catalog text as the terminal shows it: `code` in backticks keeps its text, the backticks go, as in sentences. */
export function plainCode(text: string): string {
  return text.replace(/`([^`\n]+)`/g, '$1');
}

/**
 * A failure in words: what went wrong (`problem`) and what to do (`advice`). `target`, the
 * checked address, lets a hosted app's failure that names no URL get its own advice.
 */
export function explain(failure: Failure, t: Translate, target?: string): { problem: string; advice: string } {
  if (failure.said !== undefined) return { problem: failure.said, advice: '' };
  const hosted = hostedCase(failure, target);
  // A private port's own sentence needs the sign-in page it sent the checker to; a bare 401 keeps the status's.
  const own = hosted === 'certificate' || (hosted === 'privatePort' && failure.params.location !== undefined);
  const problem = own ? t(`daily.hosted.${hosted}`, failure.params) : t(`failures.${failure.key}`, failure.params);
  return { problem, advice: hosted ? t(`daily.hosted.${hosted}Advice`, failure.params) : t(`advice.${failure.key}`, failure.params) };
}

/** What a person reads for a failure: the check's own assertion text, else the catalog's. */
export function failureMessage(check: CheckResult, t: Translate): string | undefined {
  const failure = check.failure;
  if (!failure) return undefined;
  if (failure.reason === 'assertion' && failure.message) return cleanText(failure.message);
  return explain(failure, t).problem;
}

/**
 * `3 of 5 checks passed.` (and how many were skipped, when any were). After Ctrl-C the
 * total is still the step's: "0 of 5", not "0 of 0", for checks that never got to run.
 */
export function summaryLine(results: Results, t: Translate): string {
  const total = results.checks.length + (results.interrupted?.notRun ?? 0);
  const passed = results.checks.filter((c) => c.status === 'passed').length;
  const skipped = results.checks.filter((c) => c.status === 'skipped').length;
  return skipped > 0 ? t('report.summarySkipped', { passed, total, skipped }) : t('report.summary', { passed, total });
}

/**
 * What to say after the checks, as a word each surface (terminal, lesson page) has its
 * own sentence for: everything passed; nothing answered at all (so "fix the first failing
 * check" would mislead); the app behaves right but freeCodeCamp's hints need the lesson's
 * literal code; or fix the first failing check.
 */
export type Verdict = 'allPassed' | 'nothingAnswered' | 'literalForm' | 'nextStep';

export function verdictOf(results: Results): Verdict {
  const failed = results.checks.filter((check) => check.status === 'failed');
  if (failed.length === 0) return 'allPassed';
  if (failed.length === results.checks.length && failed.every((check) => check.failure?.reason === 'unreachable')) return 'nothingAnswered';
  const behaviour = results.checks.filter((check) => check.section === 'behaviour');
  const behaves = behaviour.length > 0 && behaviour.every((check) => check.status === 'passed');
  if (behaves && failed.every((check) => check.section === 'hints')) return 'literalForm';
  return 'nextStep';
}
