import type { Translate } from '../i18n/index.ts';
import type { ClassResults } from '../types.ts';
import type { CheckSection } from '../types.ts';
import { problemMessage } from './class-json.ts';
import { MARKS, paintStatus, PLAIN, type Paint } from './colour.ts';
import { cleanText } from './clean.ts';
import { plainText } from '../step/plain.ts';

/** Width as a terminal shows it, near enough: one column per code point. */
const width = (text: string) => [...text].length;
const pad = (text: string, to: number) => text + ' '.repeat(Math.max(0, to - width(text)));

/** `1–3`, or `4` alone. */
const span = (from: number, to: number) => (from === to ? String(from) : `${from}–${to}`);

/**
 * The class at a glance: one row per learner (roster order) with a mark per check and
 * the reason codes of what failed; then what each check number means, a summary, and
 * the roster lines that could not be checked.
 */
export function renderTable(results: ClassResults, t: Translate, paint: Paint = PLAIN, title = results.step): string {
  const checks = results.learners.find((learner) => learner.results.checks.length > 0)?.results.checks ?? [];
  const lines = [paint.bold(t('class.heading', { title, learners: results.learners.length }))];
  if (results.learners.length > 0) {
    const nameWidth = Math.max(width(t('class.learner')), ...results.learners.map((learner) => width(cleanText(learner.learner))));
    const numbers = checks.map((check) => String(check.n));
    const cellWidth = Math.max(1, ...numbers.map(width));
    lines.push('', paint.bold(`${pad(t('class.learner'), nameWidth)}  ${numbers.map((n) => pad(n, cellWidth)).join(' ')}  ${t('class.reason')}`));
    for (const { learner, results: own } of results.learners) {
      const marks = own.checks.map((check) => paintStatus(paint, check.status, pad(MARKS[check.status], cellWidth)));
      const reasons = [...new Set(own.checks.flatMap((check) => (check.failure ? [check.failure.reason] : [])))];
      lines.push(`${pad(cleanText(learner), nameWidth)}  ${marks.join(' ')}  ${reasons.join(', ')}`.trimEnd());
    }
    lines.push('', t('class.legend', { ...MARKS }));
    // Which numbers are hints and which behaviour checks, then each check's sentence.
    let from = 0;
    for (let at = 1; at <= checks.length; at++) {
      const section: CheckSection = checks[from]!.section;
      if (at === checks.length || checks[at]!.section !== section) {
        lines.push(`${span(checks[from]!.n, checks[at - 1]!.n)}: ${t(`report.sections.${section}`)}`);
        for (const check of checks.slice(from, at)) lines.push(`  ${check.n}. ${plainText(check.text)}`);
        from = at;
      }
    }
    const allPassed = results.learners.filter((learner) => learner.results.passed).length;
    lines.push('', t('class.summary', { passed: allPassed, learners: results.learners.length }));
  }
  if (results.problems.length > 0) {
    lines.push('', paint.bold(t('class.problemsHeading', { count: results.problems.length })));
    for (const problem of results.problems) lines.push(`  ${t('class.line', { line: problem.line })}: ${problemMessage(problem, t)}`);
  }
  return lines.join('\n');
}
