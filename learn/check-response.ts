import { explain, hostedCase, summaryLine, truncate, toJson, unreadableFiles, unreadableLine, verdictOf, type Failure, type JsonCheck, type JsonResults, type Results, type Translate, type Verdict } from '../checker/index.ts';
import type { Refusal } from './check-request.ts';

/** A check as the page shows it: the JSON contract's fields, plus what to do about a failure. */
export interface PageCheck extends JsonCheck {
  /**
   * The failure in the request's language, when `message` is not: a hint's assertion
   * message is freeCodeCamp's own English text, kept as the check wrote it.
   */
  explanation?: string;
  /** The advice, on the first failed check of each kind only (as in the terminal). */
  advice?: string;
}

/** `/api/check`'s answer: the results as JSON version 1, with a summary line in the request's language. */
export interface CheckResponse extends JsonResults {
  checks: PageCheck[];
  summary: string;
  verdict: string;
}

/** The sentence each verdict gets on the page: the terminal's own ones name its command line. */
export const VERDICT_KEYS: Record<Verdict, string> = {
  allPassed: 'report.allPassed',
  nothingAnswered: 'learn.nothingAnswered',
  literalForm: 'learn.literalForm',
  nextStep: 'learn.nextStep',
  freeCodeCampUnreadable: 'submit.unreadable',
  hintsOnly: 'client.verdicts.hintsOnly',
  folderHints: 'client.verdicts.folderHints',
};

/**
 * Failures whose terminal advice names the terminal's options (`npm run check -- URL`,
 * `--timeout`); the page has its own words for them, under `learn.advice.`.
 */
export const PAGE_ADVICE: ReadonlySet<string> = new Set(['unreachable', 'timeout']);

export function pageAdvice(failure: Failure, t: Translate, target?: string): string {
  // A hosted app's own advice (a host waking up) wins over the page's words for a slow app on this computer.
  if (PAGE_ADVICE.has(failure.key) && !hostedCase(failure, target)) return t(`learn.advice.${failure.key}`, failure.params);
  return explain(failure, t, target).advice;
}

/**
 * Longest text of one field in the answer. Catalog texts and freeCodeCamp's messages are
 * far shorter; only an app's own words (a refused handshake's reason) could be longer,
 * and they must not swell the answer.
 */
export const MAX_FIELD_CHARS = 1000;

const clip = (text: string): string => truncate(text, MAX_FIELD_CHARS);

export function checkResponse(results: Results, t: Translate): CheckResponse {
  const json = toJson(results, t);
  const advised = new Set<string>();
  const checks = json.checks.map((check, i): PageCheck => {
    const failure = results.checks[i].failure;
    if (!failure) return check;
    const page: PageCheck = { ...check };
    if (page.message !== undefined) page.message = clip(page.message);
    const { explanation } = explain(failure, t, results.target);
    if (explanation !== check.message) page.explanation = clip(explanation);
    if (!advised.has(failure.key)) {
      advised.add(failure.key);
      page.advice = clip(pageAdvice(failure, t, results.target));
    }
    return page;
  });
  return {
    ...json,
    checks,
    summary: summaryLine(results, t),
    // freeCodeCamp's page and this app: said before the verdict when the verdict is about a failed check.
    verdict: [unreadableLine(results, t), t(VERDICT_KEYS[verdictOf(results)], { files: unreadableFiles(results) ?? '' })].filter(Boolean).join(' '),
  };
}

/** A refusal as the page (or any client) receives it: a stable code and a sentence. */
export function refusalBody(refusal: Refusal, t: Translate): { error: { code: string; message: string } } {
  const key = refusal.code === 'credentials' ? 'http.credentials' : `learn.errors.${refusal.code}`;
  return { error: { code: refusal.code, message: clip(t(key, refusal.params)) } };
}
