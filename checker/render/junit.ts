import type { Translate } from '../i18n/index.ts';
import { boundClass } from '../roster/bounds.ts';
import type { CheckResult, ClassResults } from '../types.ts';
import { problemMessage } from './class-json.ts';
import { explain, failureMessage } from './words.ts';

/** The suite that holds roster lines that could not be checked; parentheses keep it apart from learners. */
export const PROBLEMS_SUITE = '(roster)';

// XML 1.0 forbids most control characters even as references: they are dropped.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as element content. */
export function xmlText(value: string): string {
  return value.replace(FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text as a double-quoted attribute value; line breaks survive as references. */
export function xmlAttr(value: string | number): string {
  return xmlText(String(value)).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

const attrs = (pairs: Record<string, string | number>) =>
  Object.entries(pairs)
    .map(([name, value]) => ` ${name}="${xmlAttr(value)}"`)
    .join('');

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(check: CheckResult, learner: string, t: Translate, target: string): string {
  const open = `    <testcase${attrs({ name: `${check.n}. ${check.text}`, classname: learner, time: seconds(check.ms) })}`;
  if (check.status === 'passed') return `${open}/>`;
  if (check.status === 'skipped') return `${open}>\n      <skipped${attrs({ message: t('report.skipped') })}/>\n    </testcase>`;
  const failure = check.failure;
  const message = failureMessage(check, t) ?? '';
  // The body says what the terminal report says: what was seen, then what to do.
  const explained = failure ? explain(failure, t, target) : undefined;
  const details = explained ? [explained.explanation, explained.advice].filter(Boolean).join('\n') : '';
  return `${open}>\n      <failure${attrs({ message, type: failure?.reason ?? 'error' })}>${xmlText(details)}</failure>\n    </testcase>`;
}

/**
 * JUnit XML, as CI systems read it: one <testsuite> per learner (roster order), one
 * <testcase> per check; a failed check is a <failure> whose type is its reason code,
 * a skipped one a <skipped/>. Roster lines that could not be checked are <error>s in
 * a last suite named `(roster)`. With --shard, the root's name says `shard K/N` and each
 * suite has a `shard` property, so merged files still tell where each suite came from.
 */
export function renderJunit(given: ClassResults, t: Translate): string {
  const results = boundClass(given);
  const shard = results.shard ? `${results.shard.index}/${results.shard.count}` : undefined;
  const shardProperty = shard ? [`      <property${attrs({ name: 'shard', value: shard })}/>`] : [];
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const { learner, line, results: own } of results.learners) {
    const failed = own.checks.filter((check) => check.status === 'failed').length;
    const skips = own.checks.filter((check) => check.status === 'skipped').length;
    const ms = own.checks.reduce((sum, check) => sum + check.ms, 0);
    tests += own.checks.length;
    failures += failed;
    skipped += skips;
    suites.push(
      [
        `  <testsuite${attrs({ name: learner, tests: own.checks.length, failures: failed, errors: 0, skipped: skips, time: seconds(ms) })}>`,
        `    <properties>`,
        `      <property${attrs({ name: 'target', value: own.target })}/>`,
        `      <property${attrs({ name: 'line', value: line })}/>`,
        ...(own.freeCodeCamp ? [`      <property${attrs({ name: 'freeCodeCamp.readable', value: String(own.freeCodeCamp.readable) })}/>`] : []),
        ...shardProperty,
        // Which sections ran: a folder's pass is "hints" alone, not everything the lesson asks.
        ...(own.sectionsRun ? [`      <property${attrs({ name: 'sections_run', value: own.sectionsRun.join(' ') })}/>`] : []),
        ...(own.passed && own.sectionsNotRun?.length ? [`      <property${attrs({ name: 'verdict', value: t('client.class.hintsOnly') })}/>`] : []),
        `    </properties>`,
        ...own.checks.map((check) => testcase(check, learner, t, own.target)),
        `  </testsuite>`,
      ].join('\n'),
    );
  }
  const errors = results.problems.length;
  if (errors > 0) {
    const cases = results.problems.map(
      (problem) =>
        `    <testcase${attrs({ name: t('class.line', { line: problem.line }), classname: PROBLEMS_SUITE, time: seconds(0) })}>\n` +
        `      <error${attrs({ message: problemMessage(problem, t), type: problem.code })}/>\n    </testcase>`,
    );
    const properties = shard ? [`    <properties>`, ...shardProperty, `    </properties>`] : [];
    suites.push([`  <testsuite${attrs({ name: PROBLEMS_SUITE, tests: errors, failures: 0, errors, skipped: 0, time: seconds(0) })}>`, ...properties, ...cases, `  </testsuite>`].join('\n'));
  }
  const name = shard ? `${results.step} shard ${shard}` : results.step;
  const head = `<testsuites${attrs({ name, tests: tests + errors, failures, errors, skipped, time: seconds(results.ms) })}>`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', head, ...suites, '</testsuites>', ''].join('\n');
}
