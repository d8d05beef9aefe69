// `--merge`: the class JSON reports of one roster's shards (`--shard K/N --json`, one per
// CI job) read back and joined into one class. A report is data from outside (a file
// someone hands over): every field is checked, and anything that does not fit is refused
// with the file's name rather than guessed at.

import { KitError } from '../errors.ts';
import { cleanText } from '../text/clean.ts';
import { truncate } from '../text/cut.ts';
import { TEXT_LIMITS } from './bounds.ts';
import { CHECK_SECTIONS, LANGS, type CheckResult, type CheckSection, type ClassResults, type Lang, type LearnerResults, type ProblemCode, type Reason, type RosterProblem, type Status } from '../types.ts';

/** One report as read from its file. */
export interface ReportText {
  file: string;
  text: string;
}

const STATUSES: readonly Status[] = ['passed', 'failed', 'skipped'];
const PROBLEM_CODES: readonly ProblemCode[] = ['fields', 'no-learner', 'no-target', 'bad-url', 'duplicate', 'unterminated-quote', 'no-folder', 'interrupted', 'error'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isLine = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 1;

/** A field that is not what a class report holds: the report is refused, naming the file and the field. */
function bad(file: string, field: string): never {
  throw new KitError('daily.merge.notReport', { file, field });
}

function str(value: unknown, file: string, field: string): string {
  return typeof value === 'string' ? value : bad(file, field);
}

/** A text a renderer prints as it is (a check's sentence, a message): one clean line, cut. */
function line(value: unknown, file: string, field: string): string {
  return truncate(cleanText(str(value, file, field)), TEXT_LIMITS.message);
}

function checkOf(value: unknown, file: string, field: string): CheckResult {
  if (!isObject(value)) bad(file, field);
  const status = value.status as Status;
  if (!STATUSES.includes(status)) bad(file, `${field}.status`);
  if (!isLine(value.n)) bad(file, `${field}.n`);
  if (!CHECK_SECTIONS.includes(value.section as never)) bad(file, `${field}.section`);
  const ms = value.ms;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) bad(file, `${field}.ms`);
  const check: CheckResult = { n: value.n, section: value.section as CheckResult['section'], text: line(value.text, file, `${field}.text`), status, ms };
  if (status === 'failed') {
    // A reason is a code (new ones may come): lower-case words joined by hyphens.
    const reason = str(value.reason, file, `${field}.reason`) as Reason;
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(reason)) bad(file, `${field}.reason`);
    const said = line(value.message, file, `${field}.message`);
    // An assertion's message is the check's own (freeCodeCamp's) text; keep it as such.
    check.failure = { reason, key: 'check-error', params: {}, said, ...(reason === 'assertion' ? { message: said } : {}) };
    // A failed hint's plain words and its regular expression, as the report gave them.
    if (value.explanation !== undefined) check.failure.saidExplanation = line(value.explanation, file, `${field}.explanation`);
    if (value.pattern !== undefined) check.failure.params.pattern = truncate(str(value.pattern, file, `${field}.pattern`), TEXT_LIMITS.message);
  }
  if (value.note !== undefined) check.note = { key: 'said', params: {}, said: line(value.note, file, `${field}.note`) };
  return check;
}

function sectionsOf(value: unknown, file: string, field: string): CheckSection[] {
  if (!Array.isArray(value) || value.length > CHECK_SECTIONS.length) bad(file, field);
  return value.map((section, n) => (CHECK_SECTIONS.includes(section as never) ? (section as CheckSection) : bad(file, `${field}[${n}]`)));
}

function learnerOf(value: unknown, file: string, at: number): LearnerResults {
  const field = `learners[${at}]`;
  if (!isObject(value) || !isObject(value.results)) bad(file, field);
  if (!isLine(value.line)) bad(file, `${field}.line`);
  const own = value.results as Json;
  if (!Array.isArray(own.checks)) bad(file, `${field}.results.checks`);
  if (typeof own.passed !== 'boolean') bad(file, `${field}.results.passed`);
  const checks = own.checks.map((check, n) => checkOf(check, file, `${field}.results.checks[${n}]`));
  return {
    learner: str(value.learner, file, `${field}.learner`),
    line: value.line,
    results: {
      step: str(own.step, file, `${field}.results.step`),
      id: str(own.id, file, `${field}.results.id`),
      lang: str(own.lang, file, `${field}.results.lang`) as Lang,
      target: str(own.target, file, `${field}.results.target`),
      passed: own.passed,
      checks,
      ...(typeof own.entry === 'string' ? { entry: own.entry } : {}),
      ...(own.staleApp === true ? { staleApp: true as const } : {}),
      // Which sections ran: a folder's pass is the hints' alone, and the verdicts say so.
      ...(own.sectionsRun !== undefined ? { sectionsRun: sectionsOf(own.sectionsRun, file, `${field}.results.sectionsRun`) } : {}),
      ...(own.sectionsNotRun !== undefined ? { sectionsNotRun: sectionsOf(own.sectionsNotRun, file, `${field}.results.sectionsNotRun`) } : {}),
      // The report keeps only that Ctrl-C came; how many were left is not in it.
      ...(own.interrupted === true ? { interrupted: { notRun: 0 } } : {}),
    },
  };
}

function problemOf(value: unknown, file: string, at: number): RosterProblem {
  const field = `problems[${at}]`;
  if (!isObject(value) || !isLine(value.line)) bad(file, `${field}.line`);
  const code = value.problem as ProblemCode;
  if (!PROBLEM_CODES.includes(code)) bad(file, `${field}.problem`);
  return { line: value.line, code, params: {}, said: line(value.message, file, `${field}.message`) };
}

/** One shard's class JSON report (`--shard K/N --json`), as read back for `--merge`. */
interface ShardReport {
  file: string;
  step: string;
  id: string;
  lang: Lang;
  sha256: string;
  index: number;
  count: number;
  learners: LearnerResults[];
  problems: RosterProblem[];
}

function shardOf({ file, text }: ReportText): ShardReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KitError('daily.merge.notJson', { file });
  }
  if (!isObject(json) || json.version !== 1) bad(file, 'version');
  if (!Array.isArray(json.learners)) bad(file, 'learners');
  if (!Array.isArray(json.problems)) bad(file, 'problems');
  if (!LANGS.includes(json.lang as Lang)) bad(file, 'lang');
  // A report written before the roster's digest existed cannot show it is of the same roster.
  if (!isObject(json.roster) || typeof json.roster.sha256 !== 'string') throw new KitError('daily.merge.noDigest', { file });
  // A class checked without --shard is the one slice of one.
  const shard = json.shard === undefined ? { index: 1, count: 1 } : json.shard;
  if (!isObject(shard) || !isLine(shard.index) || !isLine(shard.count) || shard.index > shard.count) bad(file, 'shard');
  return {
    file,
    step: str(json.step, file, 'step'),
    id: str(json.id, file, 'id'),
    lang: json.lang as Lang,
    sha256: json.roster.sha256,
    index: shard.index as number,
    count: shard.count as number,
    learners: json.learners.map((learner, at) => learnerOf(learner, file, at)),
    problems: json.problems.map((problem, at) => problemOf(problem, file, at)),
  };
}

/**
 * The shards' reports as one class, learners and problems in roster order, no shard.
 * Refused (KitError, exit 2, naming the file) when a report is not a class report, when
 * the step, the language, the roster or the number of shards differ from the first
 * report's, when a shard comes twice or one is missing, or when a roster line is in two
 * reports.
 */
export function mergeReports(reports: readonly ReportText[]): ClassResults {
  if (reports.length === 0) throw new KitError('daily.merge.noFiles');
  const shards = reports.map(shardOf);
  const first = shards[0]!;
  const byIndex = new Map<number, string>();
  const lines = new Map<number, string>();
  for (const shard of shards) {
    const { file } = shard;
    if (shard.step !== first.step || shard.id !== first.id) throw new KitError('daily.merge.otherStep', { file, step: shard.step, first: first.file, expected: first.step });
    if (shard.lang !== first.lang) throw new KitError('daily.merge.otherLang', { file, lang: shard.lang, first: first.file, expected: first.lang });
    if (shard.sha256 !== first.sha256) throw new KitError('daily.merge.otherRoster', { file, first: first.file });
    if (shard.count !== first.count) throw new KitError('daily.merge.otherCount', { file, count: shard.count, first: first.file, expected: first.count });
    const twice = byIndex.get(shard.index);
    if (twice !== undefined) throw new KitError('daily.merge.shardTwice', { file, index: shard.index, count: shard.count, first: twice });
    byIndex.set(shard.index, file);
    for (const line of [...shard.learners.map((l) => l.line), ...shard.problems.map((p) => p.line)]) {
      const seen = lines.get(line);
      if (seen !== undefined) throw new KitError('daily.merge.lineTwice', { file, line, first: seen });
      lines.set(line, file);
    }
  }
  for (let index = 1; index <= first.count; index++) {
    if (!byIndex.has(index)) throw new KitError('daily.merge.shardMissing', { index, count: first.count });
  }
  const learners = shards.flatMap((shard) => shard.learners).sort((a, b) => a.line - b.line);
  const problems = shards.flatMap((shard) => shard.problems).sort((a, b) => a.line - b.line);
  // The jobs ran side by side; their checks' time, added up, is what the class took.
  const ms = learners.reduce((sum, learner) => sum + learner.results.checks.reduce((own, check) => own + check.ms, 0), 0);
  return { step: first.step, id: first.id, lang: first.lang, learners, problems, ms, rosterSha256: first.sha256 };
}
