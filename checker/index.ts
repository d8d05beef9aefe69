// The checker's public surface: everything the lesson page (learn/) and the scripts
// (scripts/) use of it, and nothing more. They import the checker only through this file,
// and every name here is used by one of them (test/imports.test.ts keeps both true); the
// commands (cli.ts, cli/) and the tests reach the rooms directly.
export type { CheckSection, CheckSource, Failure, Lang, Params, Results, Step } from './types.ts';
export { LANGS } from './types.ts';
export { KIT_ROOT } from './paths.ts';
export { describeError, KitError } from './errors.ts';
export { langFromEnv, parseLang, translator, type Translate } from './i18n/index.ts';
export { courseSteps, loadStep, STEPS_DIR } from './step/course.ts';
export { pageMarkdown } from './step/markdown.ts';
export { DEFAULT_URL, hideCredentials, parseUrl } from './target.ts';
export { run } from './run/run.ts';
export { CheckPool } from './run/pool.ts';
export { DEFAULT_LIMITS, type Limits } from './run/limits.ts';
export { paintFor } from './render/colour.ts';
export { toJson, type JsonCheck, type JsonResults } from './render/json.ts';
export { renderText } from './render/text.ts';
export { explain, summaryLine, unreadableFiles, unreadableLine, verdictOf, type Verdict } from './render/words.ts';
export { hostedCase } from './render/hosted.ts';
export { head, truncate } from './text/cut.ts';
export { DEFAULT_CONCURRENCY } from './roster/class.ts';
export { END_STATES_DIR, SOLUTION_DIR, stepIndex, writeEndState } from './course/states.ts';
export { compareMain } from './cli/compare-main.ts';
