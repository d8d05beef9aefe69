// The checker's public surface: what the lesson page (learn/) and the scripts (scripts/)
// use. Parse a step, run it against a target, render the results; the rest is internal.
export type { CheckResult, CheckSection, CheckSource, ClassResults, Failure, Lang, Params, Reason, Results, Status, Step, Target } from './types.ts';
export { CHECK_SECTIONS, LANGS } from './types.ts';
export { KIT_ROOT } from './paths.ts';
export { describeError, KitError } from './errors.ts';
export { langFromEnv, parseLang, translator, type Translate } from './i18n/index.ts';
export { courseSteps, loadStep, readStep, resolveStepFile, STEPS_DIR } from './step/course.ts';
export { parseStep } from './step/parse.ts';
export { DEFAULT_URL, parseTarget, parseUrl, targetName } from './target.ts';
export { run, type RunOptions } from './run/run.ts';
export { CheckPool } from './run/pool.ts';
export { DEFAULT_LIMITS, type Limits } from './run/limits.ts';
export { paintFor, type Paint } from './render/colour.ts';
export { toJson, renderJson, type JsonCheck, type JsonResults } from './render/json.ts';
export { renderText } from './render/text.ts';
export { explain, failureMessage, summaryLine, unreadableFiles, unreadableLine, verdictOf, type Verdict } from './render/words.ts';
export { hostedCase } from './render/hosted.ts';
export { plainText } from './step/plain.ts';
export { cleanText } from './text/clean.ts';
export { truncate } from './text/cut.ts';
export { DEFAULT_CONCURRENCY } from './roster/class.ts';
export { compareDirs } from './compare/files.ts';
export { renderCompare } from './compare/render.ts';
