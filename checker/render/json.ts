import type { Translate } from '../i18n/index.ts';
import type { CheckResult, Reason, Results, Section, Status } from '../types.ts';
import { explain } from './failure.ts';
import { plainText } from './plain.ts';

/** One check in the JSON contract (version 1, see README "Results as JSON"). */
export interface JsonCheck {
  n: number;
  section: Section;
  text: string;
  passed: boolean;
  status: Status;
  reason?: Reason;
  message?: string;
  ms: number;
}

export interface JsonResults {
  version: 1;
  step: string;
  id: string;
  lang: string;
  target: string;
  passed: boolean;
  checks: JsonCheck[];
}

/** What a person reads for a failure: the check's own assertion text, else the catalog's. */
export function failureMessage(check: CheckResult, t: Translate): string | undefined {
  const failure = check.failure;
  if (!failure) return undefined;
  if (failure.reason === 'assertion' && failure.message) return failure.message;
  return explain(failure, t).problem;
}

export function toJson(results: Results, t: Translate): JsonResults {
  return {
    version: 1,
    step: results.step,
    id: results.id,
    lang: results.lang,
    target: results.target,
    passed: results.passed,
    checks: results.checks.map((check) => ({
      n: check.n,
      section: check.section,
      text: plainText(check.text),
      passed: check.status === 'passed',
      status: check.status,
      ...(check.failure ? { reason: check.failure.reason, message: failureMessage(check, t) } : {}),
      ms: check.ms,
    })),
  };
}

export function renderJson(results: Results, t: Translate): string {
  return JSON.stringify(toJson(results, t), null, 2);
}
