import type { Translate } from './i18n/index.ts';
import type { Params } from './types.ts';

/** One thing wrong in a step file, at a line (1-based). */
export interface Problem {
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
  /** For `step.invalid`: every problem found in the file, reported at once. */
  readonly problems: Problem[];
  constructor(key: string, params: Params = {}, problems: Problem[] = []) {
    super(`${key} ${JSON.stringify(params)}`);
    this.name = 'KitError';
    this.key = key;
    this.params = params;
    this.problems = problems;
  }
}

/** A KitError as one line in the user's language: for a step file, every problem joined. */
export function describeError(err: KitError, t: Translate): string {
  if (err.problems.length === 0) return t(err.key, err.params);
  const problems = err.problems.map((p) => t('step.at', { line: p.line, problem: t(p.key, p.params) })).join('; ');
  return t(err.key, { ...err.params, problems });
}
