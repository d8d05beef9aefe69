// Words for data: the small pieces every renderer (terminal, JSON, JUnit, class table,
// lesson page) says the same way. Renderers only arrange them.

import { failureKeys, type Translate } from '../i18n/index.ts';
import type { CheckResult, Failure, Results } from '../types.ts';
import { cleanText } from '../text/clean.ts';
import { hostedCase } from './hosted.ts';

/** A catalog text as the terminal shows it: `code` in backticks keeps its text, the backticks go, as in sentences. */
export function plainCode(text: string): string {
  return text.replace(/`([^`\n]+)`/g, '$1');
}

/**
 * The lesson's hints by their regular expression's source (flags aside: older files write
 * `/gi`): what a file that fails one lacks, in words, under `client.hints.`.
 */
const HINT_WORDS: ReadonlyMap<string, string> = new Map([
  ['currentUsers', 'currentUsers'],
  [`io.emit.*('|")user count('|").*currentUsers`, 'emit'],
  [`socket.on.*('|")user count('|")`, 'listen'],
]);

/** The file a hint read, as the learner's folder holds it: `server.js`, `public/client.js`. */
function fileOf(url: unknown): string {
  let path = String(url ?? '');
  try {
    path = new URL(path).pathname;
  } catch {
    // not a URL: a path already
  }
  return path.replace(/^.*\/_api\//, '').replace(/^\//, '') || String(url ?? '');
}

/**
 * A hint's failed regular expression in plain words, before freeCodeCamp's own message:
 * what the file lacks. Undefined for other failures.
 */
export function hintExplanation(failure: Failure, t: Translate): string | undefined {
  if (failure.said !== undefined) return failure.saidExplanation;
  if (failure.key !== 'assertion') return undefined;
  const source = /^\/(.*)\/[a-z]*$/s.exec(String(failure.params.pattern ?? ''))?.[1];
  const words = source === undefined ? undefined : HINT_WORDS.get(source);
  const file = fileOf(failure.params.url);
  return words ? t(`client.hints.${words}`, { file }) : t('failures.assertion', { ...failure.params, file });
}

/**
 * A failure in words: what went wrong (`explanation`, as the JSON names it) and what to do (`advice`). `target`, the
 * checked address, lets a hosted app's failure that names no URL get its own advice.
 */
export function explain(failure: Failure, t: Translate, target?: string): { explanation: string; advice: string } {
  if (failure.said !== undefined) return { explanation: failure.saidExplanation ?? failure.said, advice: '' };
  const keys = failureKeys(failure.key);
  const hosted = hostedCase(failure, target);
  // A private port's own sentence needs the sign-in page it sent the checker to; a bare 401 keeps the status's.
  const own = hosted === 'certificate' || (hosted === 'privatePort' && failure.params.location !== undefined);
  const explanation = own ? t(`daily.hosted.${hosted}`, failure.params) : hintExplanation(failure, t) ?? t(keys.explanation, failure.params);
  return { explanation, advice: hosted ? t(`daily.hosted.${hosted}Advice`, failure.params) : t(keys.advice, failure.params) };
}

/** What a person reads for a failure: the check's own assertion text, else the catalog's. */
export function failureMessage(check: CheckResult, t: Translate): string | undefined {
  const failure = check.failure;
  if (!failure) return undefined;
  if (failure.reason === 'assertion' && failure.message) return cleanText(failure.message);
  return explain(failure, t).explanation;
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
 * literal code; or fix the first failing check. `freeCodeCampUnreadable`: every check
 * passed, but freeCodeCamp's page could not read the files the hints fetch (CORS).
 */
export type Verdict = 'allPassed' | 'nothingAnswered' | 'literalForm' | 'nextStep' | 'freeCodeCampUnreadable' | 'hintsOnly' | 'folderHints';

/**
 * Nothing failed, but a section did not run: the verdict says what passed and what was
 * not checked. A folder is never run ('folderHints'); --hints-only left the behaviour out.
 */
function partial(results: Results): Verdict | undefined {
  if (!results.sectionsNotRun?.length) return undefined;
  return results.checks.some((check) => check.skip === 'folder') ? 'folderHints' : 'hintsOnly';
}

/** The catalog key of a verdict's sentence in the terminal. */
export function verdictKey(verdict: Verdict): string {
  if (verdict === 'hintsOnly' || verdict === 'folderHints') return `client.verdicts.${verdict}`;
  return `report.${verdict}`;
}

/** Whether the results cover every check section of the step ("everything works" may be said). */
export function ranEverything(results: Results): boolean {
  return !results.sectionsNotRun?.length;
}

export function verdictOf(results: Results): Verdict {
  const failed = results.checks.filter((check) => check.status === 'failed');
  // Every check that ran passed: a section that did not run is said first ("the app's code
  // works" would claim more); else freeCodeCamp's page could not read the app, so submitting
  // would fail; else everything passed.
  if (failed.length === 0) return partial(results) ?? (results.freeCodeCamp?.readable === false ? 'freeCodeCampUnreadable' : 'allPassed');
  if (failed.length === results.checks.length && failed.every((check) => check.failure?.reason === 'unreachable')) return 'nothingAnswered';
  const behaviour = results.checks.filter((check) => check.section === 'behaviour');
  const behaves = behaviour.length > 0 && behaviour.every((check) => check.status === 'passed');
  if (behaves && failed.every((check) => check.section === 'hints')) return 'literalForm';
  return 'nextStep';
}

/** The files freeCodeCamp's page could not read, as a list in the results' language (`/a and /b`). */
export function unreadableFiles(results: Results): string | undefined {
  const finding = results.freeCodeCamp;
  if (!finding || finding.readable) return undefined;
  const paths = finding.files.filter((file) => !file.readable).map((file) => file.path);
  return new Intl.ListFormat(results.lang, { type: 'conjunction' }).format(paths);
}

/**
 * The sentence about freeCodeCamp's page when the final one does not already say it
 * (some check failed, so the verdict is about that check), else undefined.
 */
export function unreadableLine(results: Results, t: Translate): string | undefined {
  const files = unreadableFiles(results);
  if (!files || verdictOf(results) === 'freeCodeCampUnreadable') return undefined;
  return t('submit.unreadableLine', { files });
}
