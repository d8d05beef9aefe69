import { XMLBuilder } from 'fast-xml-parser';
import type { Translate } from '../i18n/index.ts';
import { boundClass } from '../roster/bounds.ts';
import type { CheckResult, ClassResults } from '../types.ts';
import { problemMessage } from './class-json.ts';
import { explain, failureMessage } from './words.ts';

/** The suite that holds roster lines that could not be checked; parentheses keep it apart from learners. */
export const PROBLEMS_SUITE = '(roster)';

// XML 1.0 forbids most control characters even as references: they are dropped.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const allowed = (_name: string, value: unknown) => (typeof value === 'string' ? value.replace(FORBIDDEN, '') : value);

/**
 * fast-xml-parser's XMLBuilder writes the file: the five predefined entities, then line
 * breaks and tabs as references, so that they survive in attribute values (a reader turns
 * a raw one there into a space); in a failure's text they read back the same.
 */
// `entities` (the builder's list of replacements, read by its constructor) is not in its type declarations.
const builder = new XMLBuilder({
  ignoreAttributes: false,
  format: true,
  indentBy: '  ',
  // Without this an attribute whose value is "true" would be written as a bare name (not XML).
  suppressBooleanAttributes: false,
  suppressEmptyNode: true,
  tagValueProcessor: allowed,
  attributeValueProcessor: allowed,
  entities: [
    { regex: /&/g, val: '&amp;' },
    { regex: />/g, val: '&gt;' },
    { regex: /</g, val: '&lt;' },
    { regex: /'/g, val: '&apos;' },
    { regex: /"/g, val: '&quot;' },
    { regex: /\n/g, val: '&#10;' },
    { regex: /\r/g, val: '&#13;' },
    { regex: /\t/g, val: '&#9;' },
  ],
} as ConstructorParameters<typeof XMLBuilder>[0]);

type Node = { [name: string]: string | number | Node | Node[] };
const attrs = (pairs: Record<string, string | number>): Node => Object.fromEntries(Object.entries(pairs).map(([name, value]) => [`@_${name}`, value]));
const property = (name: string, value: string | number): Node => attrs({ name, value });

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(check: CheckResult, learner: string, t: Translate, target: string): Node {
  const node = attrs({ name: `${check.n}. ${check.text}`, classname: learner, time: seconds(check.ms) });
  if (check.status === 'passed') return node;
  if (check.status === 'skipped') return { ...node, skipped: attrs({ message: t('report.skipped') }) };
  const failure = check.failure;
  const message = failureMessage(check, t) ?? '';
  // The body says what the terminal report says: what was seen, then what to do.
  const explained = failure ? explain(failure, t, target) : undefined;
  const details = explained ? [explained.explanation, explained.advice].filter(Boolean).join('\n') : '';
  return { ...node, failure: { ...attrs({ message, type: failure?.reason ?? 'error' }), ...(details ? { '#text': details } : {}) } };
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
  const shardProperty = shard ? [property('shard', shard)] : [];
  const suites: Node[] = [];
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
    const properties = [
      property('target', own.target),
      property('line', line),
      ...(own.freeCodeCamp ? [property('freeCodeCamp.readable', String(own.freeCodeCamp.readable))] : []),
      ...shardProperty,
      // Which sections ran: a folder's pass is "hints" alone, not everything the lesson asks.
      ...(own.sectionsRun ? [property('sections_run', own.sectionsRun.join(' '))] : []),
      ...(own.passed && own.sectionsNotRun?.length ? [property('verdict', t('client.class.hintsOnly'))] : []),
    ];
    suites.push({
      ...attrs({ name: learner, tests: own.checks.length, failures: failed, errors: 0, skipped: skips, time: seconds(ms) }),
      properties: { property: properties },
      ...(own.checks.length > 0 ? { testcase: own.checks.map((check) => testcase(check, learner, t, own.target)) } : {}),
    });
  }
  const errors = results.problems.length;
  if (errors > 0) {
    suites.push({
      ...attrs({ name: PROBLEMS_SUITE, tests: errors, failures: 0, errors, skipped: 0, time: seconds(0) }),
      ...(shard ? { properties: { property: shardProperty } } : {}),
      testcase: results.problems.map((problem) => ({
        ...attrs({ name: t('class.line', { line: problem.line }), classname: PROBLEMS_SUITE, time: seconds(0) }),
        error: attrs({ message: problemMessage(problem, t), type: problem.code }),
      })),
    });
  }
  const name = shard ? `${results.step} shard ${shard}` : results.step;
  const root = { ...attrs({ name, tests: tests + errors, failures, errors, skipped, time: seconds(results.ms) }), ...(suites.length > 0 ? { testsuite: suites } : {}) };
  return builder.build({ '?xml': attrs({ version: '1.0', encoding: 'UTF-8' }), testsuites: root }) as string;
}
