import type { Translate } from '../i18n/index.ts';
import { boundClass } from '../roster/bounds.ts';
import { sharedTargets, type SharedTarget } from '../roster/targets.ts';
import type { ClassResults, Params, ProblemCode } from '../types.ts';
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
  /** With --shard: which slice of the roster this report holds. */
  shard?: { index: number; count: number };
  /** The roster file's SHA-256: reports of one roster's shards have the same (--merge compares it). */
  roster?: { sha256: string };
  learners: { learner: string; line: number; results: JsonResults }[];
  problems: { line: number; problem: ProblemCode; message: string }[];
  /** Checked learners whose lines point at the same app or folder (checked one after another). */
  shared: SharedTarget[];
}

/** A separator as people read it: a tab is invisible, so it is named. */
function separatorName(separator: string, t: Translate): string {
  return separator === '\t' ? t('class.separators.tab') : `"${separator}"`;
}

export function problemMessage(problem: { code: string; params: Params; said?: string }, t: Translate): string {
  if (problem.said !== undefined) return problem.said;
  const params: Params = { sep: ',', ...problem.params };
  if (problem.code === 'fields' && typeof params.seen === 'string') {
    return t('class.problems.fieldsSeparator', { ...params, seen: separatorName(params.seen, t) });
  }
  if (problem.code === 'credentials') return t('http.roster-credentials', params);
  return t(`class.problems.${problem.code}`, params);
}

export function toClassJson(given: ClassResults, t: Translate): JsonClass {
  const results = boundClass(given);
  return {
    version: 1,
    step: results.step,
    id: results.id,
    lang: results.lang,
    ...(results.shard ? { shard: { index: results.shard.index, count: results.shard.count } } : {}),
    ...(results.rosterSha256 ? { roster: { sha256: results.rosterSha256 } } : {}),
    learners: results.learners.map(({ learner, line, results: own }) => ({ learner, line, results: toJson(own, t) })),
    problems: results.problems.map((problem) => ({ line: problem.line, problem: problem.code, message: problemMessage(problem, t) })),
    shared: sharedTargets(results.learners),
  };
}

// JSON.stringify leaves these as they are, and a terminal may obey them (U+009B is a
// control sequence introducer; bidirectional controls reorder what is shown). Written as
// \u escapes, the JSON means the same and is safe to print.
const TERMINAL_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function renderClassJson(results: ClassResults, t: Translate): string {
  const json = JSON.stringify(toClassJson(results, t), null, 2);
  return json.replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
