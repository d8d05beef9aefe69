import type { Translate } from '../i18n/index.ts';
import type { ClassResults, ProblemCode } from '../types.ts';
import { toJson, type JsonResults } from './json.ts';

/**
 * The class report as JSON (version 1, documented in docs/<lang>/instructor.md): one
 * object per learner holding that learner's results in the single-check contract.
 */
export interface JsonClass {
  version: 1;
  step: string;
  id: string;
  lang: string;
  learners: { learner: string; line: number; results: JsonResults }[];
  problems: { line: number; problem: ProblemCode; message: string }[];
}

export function problemMessage(problem: { code: string; params: Record<string, unknown> }, t: Translate): string {
  return t(`class.problems.${problem.code}`, problem.params as never);
}

export function toClassJson(results: ClassResults, t: Translate): JsonClass {
  return {
    version: 1,
    step: results.step,
    id: results.id,
    lang: results.lang,
    learners: results.learners.map(({ learner, line, results: own }) => ({ learner, line, results: toJson(own, t) })),
    problems: results.problems.map((problem) => ({ line: problem.line, problem: problem.code, message: problemMessage(problem, t) })),
  };
}

export function renderClassJson(results: ClassResults, t: Translate): string {
  return JSON.stringify(toClassJson(results, t), null, 2);
}
