import type { Translate } from '../i18n/index.ts';
import type { CheckResult, Results, Section } from '../types.ts';
import { PLAIN, type Paint } from './colour.ts';
import { explain } from './failure.ts';
import { plainText } from './plain.ts';

const MARK = { passed: '✔', failed: '✘', skipped: '–' } as const;

function checkLines(check: CheckResult, t: Translate, paint: Paint, advised: Set<string>): string[] {
  const colour = check.status === 'passed' ? paint.green : check.status === 'failed' ? paint.red : paint.yellow;
  const lines = [`  ${colour(MARK[check.status])} ${check.n}. ${plainText(check.text)} ${paint.dim(`(${check.ms} ms)`)}`];
  const indent = '       ';
  if (check.status === 'skipped') lines.push(indent + paint.dim(t('report.skipped')));
  const failure = check.failure;
  if (failure) {
    const { problem, advice } = explain(failure, t);
    if (failure.message) lines.push(indent + paint.bold(failure.message));
    lines.push(indent + problem);
    // The same advice for three unreachable hints is noise: give it once.
    if (!advised.has(failure.key)) {
      advised.add(failure.key);
      lines.push(indent + '→ ' + advice);
    }
  }
  return lines;
}

/** The terminal report: one line per check, what went wrong and what to do. */
export function renderText(results: Results, t: Translate, paint: Paint = PLAIN, title = results.step): string {
  const lines = [paint.bold(t('report.heading', { title })), t('report.target', { target: results.target })];
  const advised = new Set<string>();
  let section: Section | undefined;
  for (const check of results.checks) {
    if (check.section !== section) {
      section = check.section;
      lines.push('', paint.bold(t(`report.sections.${section}`)));
    }
    lines.push(...checkLines(check, t, paint, advised));
  }
  const total = results.checks.length;
  const passed = results.checks.filter((c) => c.status === 'passed').length;
  const skipped = results.checks.filter((c) => c.status === 'skipped').length;
  lines.push('', skipped > 0 ? t('report.summarySkipped', { passed, total, skipped }) : t('report.summary', { passed, total }));
  lines.push(results.passed ? paint.green(t('report.allPassed')) : t('report.nextStep'));
  return lines.join('\n');
}
