// The checker's public surface: parse a step, run it against a target, render the results.
export type { CheckResult, CheckSource, Failure, Lang, Reason, Results, Section, Status, Step, Target } from './types.ts';
export { LANGS } from './types.ts';
export { KitError } from './errors.ts';
export { parseStep } from './step/parse.ts';
export { courseSteps, loadStep, readStep, resolveStepFile, STEPS_DIR } from './step/course.ts';
export { run, targetName, type RunOptions } from './run/run.ts';
export { CheckPool } from './run/pool.ts';
export { DEFAULT_LIMITS, type Limits } from './run/limits.ts';
