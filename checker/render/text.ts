import type { Translate } from '../i18n/index.ts';
import type { CheckResult, Results, CheckSection } from '../types.ts';
import { paintStatus, PLAIN, type Paint } from './colour.ts';
import { cleanText } from '../text/clean.ts';
import { explain, plainCode, summaryLine, unreadableFiles, unreadableLine, verdictKey, verdictOf } from './words.ts';

function checkLines(check: CheckResult, t: Translate, paint: Paint, advised: Set<string>, target: string): string[] {
  const lines = [`  ${paintStatus(paint, check.status)} ${check.n}. ${cleanText(check.text)} ${paint.dim(`(${check.ms} ms)`)}`];
  const indent = '       ';
  if (check.note) lines.push(indent + paint.dim(plainCode(check.note.said ?? t(`client.notes.${check.note.key}`, check.note.params))));
  if (check.status === 'skipped') lines.push(indent + paint.dim(t(check.skip === 'hints-first' ? 'report.skippedHintsFirst' : 'report.skipped')));
  const failure = check.failure;
  if (failure) {
    const { explanation, advice } = explain(failure, t, target);
    // The kit's words first, in the learner's language; freeCodeCamp's own (English) message after, labelled.
    lines.push(indent + paint.bold(plainCode(explanation)));
    if (failure.message) lines.push(indent + t('report.freeCodeCampSays', { message: failure.message }));
    // The same advice for three unreachable hints is noise: give it once.
    if (!advised.has(failure.key)) {
      advised.add(failure.key);
      lines.push(indent + '→ ' + plainCode(advice));
    }
    lines.push(indent + paint.dim(t('report.reason', { reason: failure.reason })));
  }
  return lines;
}

/**
 * The terminal report: one line per check, what went wrong and what to do. `watching`
 * (--watch): the checker runs again by itself, so the closing sentence says to save, not
 * to run it again.
 */
export function renderText(results: Results, t: Translate, paint: Paint = PLAIN, title = results.step, watching = false): string {
  const lines = [paint.bold(t('report.heading', { title })), t('report.target', { target: results.target })];
  if (results.entry && results.entry !== 'server.js') lines.push(t('report.entry', { entry: results.entry }));
  if (results.staleApp) lines.push('', paint.yellow(t('report.staleApp')));
  const advised = new Set<string>();
  let section: CheckSection | undefined;
  for (const check of results.checks) {
    if (check.section !== section) {
      section = check.section;
      lines.push('', paint.bold(t(`report.sections.${section}`)));
    }
    lines.push(...checkLines(check, t, paint, advised, results.target));
  }
  lines.push('', summaryLine(results, t));
  if (results.interrupted) {
    lines.push(paint.yellow(t('report.interrupted', { done: results.checks.length, left: results.interrupted.notRun })));
    return lines.join('\n');
  }
  const line = unreadableLine(results, t);
  if (line) lines.push(paint.yellow(line));
  const verdict = verdictOf(results);
  if (verdict === 'freeCodeCampUnreadable') lines.push(paint.yellow(t('submit.unreadable', { files: unreadableFiles(results)! })));
  else {
    // Under --watch the checker runs again by itself: its sentences say so.
    const key = watching && (verdict === 'nextStep' || verdict === 'nothingAnswered') ? `daily.watch.${verdict}` : verdictKey(verdict);
    lines.push(verdict === 'allPassed' ? paint.green(t('report.allPassed')) : plainCode(t(key)));
  }
  return lines.join('\n');
}
