import stringWidth from 'string-width';
import type { Translate } from '../i18n/index.ts';
import { boundClass } from '../roster/bounds.ts';
import { sharedTargets } from '../roster/targets.ts';
import type { CheckSection, ClassResults } from '../types.ts';
import { problemMessage } from './class-json.ts';
import { MARKS, paintStatus, PLAIN, type Paint } from './colour.ts';
import { cleanText } from '../text/clean.ts';
import { truncate } from '../text/cut.ts';
import { ranEverything } from './words.ts';

/**
 * Columns a terminal gives the text (string-width): two for a CJK character or an emoji, none
 * for a combining mark. Printable ASCII is one column a character, without asking string-width,
 * whose segmenting cost a class of 200 about 60 ms of the main thread.
 */
const width = (text: string) => (PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text));
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const pad = (text: string, to: number) => text + ' '.repeat(Math.max(0, to - width(text)));

/** A learner's name in the table: one clean line, no wider than this (the full name is in the JSON). */
const NAME_COLUMN = 40;
const shownName = (learner: string) => truncate(cleanText(learner), NAME_COLUMN);

/** `1–3`, or `4` alone. */
const span = (from: number, to: number) => (from === to ? String(from) : `${from}–${to}`);

/**
 * The class at a glance: one row per learner (roster order) with a mark per check and
 * the reason codes of what failed; then what each check number means, a summary, the
 * lines that point at one submission, and the roster lines that could not be checked.
 * Every text from the roster or an app is one clean line (clean.ts), cut to its limit.
 */
export function renderTable(given: ClassResults, t: Translate, paint: Paint = PLAIN, title = given.step): string {
  const results = boundClass(given);
  const checks = results.learners.find((learner) => learner.results.checks.length > 0)?.results.checks ?? [];
  const learners = results.learners.length;
  const heading = results.shard ? t('class.headingShard', { title, learners, shard: results.shard.index, shards: results.shard.count }) : t('class.heading', { title, learners });
  const lines = [paint.bold(heading)];
  if (results.learners.length > 0) {
    const nameWidth = results.learners.reduce((most, learner) => Math.max(most, width(shownName(learner.learner))), width(t('class.learner')));
    const numbers = checks.map((check) => String(check.n));
    const cellWidth = Math.max(1, ...numbers.map(width));
    lines.push('', paint.bold(`${pad(t('class.learner'), nameWidth)}  ${numbers.map((n) => pad(n, cellWidth)).join(' ')}  ${t('class.reason')}`));
    for (const { learner, results: own } of results.learners) {
      const marks = own.checks.map((check) => paintStatus(paint, check.status, pad(MARKS[check.status], cellWidth)));
      const reasons: string[] = [...new Set(own.checks.flatMap((check) => (check.failure ? [check.failure.reason] : [])))];
      if (own.freeCodeCamp?.readable === false) reasons.push(t('submit.tableMark'));
      // A pass that ran only the hints (a folder) says so: it is not "everything works".
      if (own.passed && !ranEverything(own)) reasons.push(t('client.class.hintsOnly'));
      lines.push(`${pad(shownName(learner), nameWidth)}  ${marks.join(' ')}  ${reasons.join(', ')}`.trimEnd());
    }
    lines.push('', t('class.legend', { ...MARKS }));
    // Which numbers are hints and which behaviour checks, then each check's sentence.
    let from = 0;
    for (let at = 1; at <= checks.length; at++) {
      const section: CheckSection = checks[from]!.section;
      if (at === checks.length || checks[at]!.section !== section) {
        lines.push(`${span(checks[from]!.n, checks[at - 1]!.n)}: ${t(`report.sections.${section}`)}`);
        for (const check of checks.slice(from, at)) lines.push(`  ${check.n}. ${check.text}`);
        from = at;
      }
    }
    const allPassed = results.learners.filter((learner) => learner.results.passed).length;
    lines.push('', t('class.summary', { passed: allPassed, learners: results.learners.length }));
    const unreadable = results.learners.filter((learner) => learner.results.freeCodeCamp?.readable === false).length;
    if (unreadable > 0) lines.push(t('submit.tableNote', { count: unreadable }));
    const hintsOnly = results.learners.filter((learner) => learner.results.passed && !ranEverything(learner.results)).length;
    if (hintsOnly > 0) lines.push(t('client.class.summaryHintsOnly', { count: hintsOnly }));
  }
  const shared = sharedTargets(results.learners);
  if (shared.length > 0) {
    const list = new Intl.ListFormat(results.lang, { type: 'conjunction' });
    lines.push('', paint.bold(t('class.sharedHeading', { count: shared.length })));
    for (const { target, lines: at } of shared) lines.push(`  ${t('class.shared', { target, lines: list.format(at.map(String)) })}`);
  }
  if (results.problems.length > 0) {
    lines.push('', paint.bold(t('class.problemsHeading', { count: results.problems.length })));
    for (const problem of results.problems) lines.push(`  ${t('class.line', { line: problem.line })}: ${problemMessage(problem, t)}`);
  }
  return lines.join('\n');
}
