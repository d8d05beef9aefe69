import type { Translate } from './i18n/index.ts';
import type { Params } from './types.ts';

/** One thing wrong in a step file, at a line (1-based). (A roster's line that could not be checked is a RosterProblem.) */
export interface StepFault {
  line: number;
  key: string;
  params?: Params;
}

/**
 * A problem of the tool itself (bad option, unknown step, invalid step file):
 * the CLI prints it in one line and exits 2. Failures of the learner's app are
 * never thrown; they are results.
 */
export class KitError extends Error {
  readonly key: string;
  readonly params: Params;
  /** For `step.invalid`: every fault found in the file, reported at once. */
  readonly faults: StepFault[];
  constructor(key: string, params: Params = {}, faults: StepFault[] = []) {
    super(`${key} ${JSON.stringify(params)}`);
    this.name = 'KitError';
    this.key = key;
    this.params = params;
    this.faults = faults;
  }
}

/** A KitError as one line in the user's language: for a step file, every fault joined. */
export function describeError(err: KitError, t: Translate): string {
  if (err.faults.length === 0) return t(err.key, err.params);
  // `problem` and `problems`: the catalog's placeholder names.
  const problems = err.faults.map((f) => t('step.at', { line: f.line, problem: t(f.key, f.params) })).join('; ');
  return t(err.key, { ...err.params, problems });
}
