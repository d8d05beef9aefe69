// What one learner can put in a class report. An app answers what it likes: its text can
// reach a failure's parameters or an assertion's message, and a roster's names are typed
// by people. Every such text is cut here, so a class of 200 hostile submissions still
// gives reports of bounded size (and a run of bounded memory).

import { MAX_PARAM_CHARS } from '../run/failure.ts';
import { truncate } from '../text/cut.ts';
import type { ClassResults, LearnerResults, Params, Results, RosterProblem } from '../types.ts';

/** Characters (code points) kept of each kind of text; longer ones end in `…`. */
export const TEXT_LIMITS = {
  /** A learner's name: longer than any real one. */
  learner: 120,
  /** A URL or a folder path. */
  target: 500,
  /** A check's assertion message (freeCodeCamp's, or one built from what the app sent). */
  message: 500,
  /** Each parameter of a failure or a roster problem: the worker's own cut (run/failure.ts). */
  param: MAX_PARAM_CHARS,
} as const;


function boundParams(params: Params): Params {
  const out: Params = {};
  for (const [name, value] of Object.entries(params)) out[name] = typeof value === 'string' ? truncate(value, TEXT_LIMITS.param) : value;
  return out;
}

export function boundResults(results: Results): Results {
  return {
    ...results,
    target: truncate(results.target, TEXT_LIMITS.target),
    checks: results.checks.map((check) =>
      check.failure
        ? {
            ...check,
            failure: {
              ...check.failure,
              params: boundParams(check.failure.params),
              ...(check.failure.message !== undefined ? { message: truncate(check.failure.message, TEXT_LIMITS.message) } : {}),
            },
          }
        : check,
    ),
  };
}

export const boundLearner = (learner: LearnerResults): LearnerResults => ({
  ...learner,
  learner: truncate(learner.learner, TEXT_LIMITS.learner),
  results: boundResults(learner.results),
});

export const boundProblem = (problem: RosterProblem): RosterProblem => ({ ...problem, params: boundParams(problem.params) });

/** Every text of a class cut to its limit: what the renderers start from. */
export function boundClass(results: ClassResults): ClassResults {
  return { ...results, learners: results.learners.map(boundLearner), problems: results.problems.map(boundProblem) };
}
