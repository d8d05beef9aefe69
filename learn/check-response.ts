import { explain, summaryLine, toJson, type JsonCheck, type JsonResults, type Results, type Translate } from '../checker/index.ts';
import type { Refusal } from './check-request.ts';

/** A check as the page shows it: the JSON contract's fields, plus what to do about a failure. */
export interface PageCheck extends JsonCheck {
  /**
   * The failure in the request's language, when `message` is not: a hint's assertion
   * message is freeCodeCamp's own English text, kept as the check wrote it.
   */
  explanation?: string;
  /** The catalog's advice, on the first failed check of each kind only (as in the terminal). */
  advice?: string;
}

/** `/api/check`'s answer: the results as JSON version 1, with a summary line in the request's language. */
export interface CheckResponse extends JsonResults {
  checks: PageCheck[];
  summary: string;
  verdict: string;
}

export function checkResponse(results: Results, t: Translate): CheckResponse {
  const json = toJson(results, t);
  const advised = new Set<string>();
  const checks = json.checks.map((check, i): PageCheck => {
    const failure = results.checks[i].failure;
    if (!failure) return check;
    const page: PageCheck = { ...check };
    const { problem, advice } = explain(failure, t);
    if (problem !== check.message) page.explanation = problem;
    if (!advised.has(failure.key)) {
      advised.add(failure.key);
      page.advice = advice;
    }
    return page;
  });
  return {
    ...json,
    checks,
    summary: summaryLine(results, t),
    verdict: results.passed ? t('report.allPassed') : t('learn.nextStep'),
  };
}

/** A refusal as the page (or any client) receives it: a stable code and a sentence. */
export function refusalBody(refusal: Refusal, t: Translate): { error: { code: string; message: string } } {
  return { error: { code: refusal.code, message: t(`learn.errors.${refusal.code}`, refusal.params) } };
}
