// The class reports as pure functions of ClassResults: table, CSV, JUnit XML, JSON,
// and the progress line. The end-to-end roster test runs them on real submissions.

import { expect } from 'chai';
import { translator } from '../checker/i18n/index.ts';
import { toClassJson } from '../checker/render/class-json.ts';
import { ANSI } from '../checker/render/colour.ts';
import { csvField, renderCsv } from '../checker/render/csv.ts';
import { PROBLEMS_SUITE, renderJunit, xmlAttr, xmlText } from '../checker/render/junit.ts';
import { renderTable } from '../checker/render/table.ts';
import type { ClassResults } from '../checker/types.ts';
import { parseCsv } from '../checker/roster/csv.ts';
import { ProgressBar, progressLine } from '../checker/roster/progress.ts';
import type { CheckResult, Results } from '../checker/types.ts';
import type { FailureKey } from '../checker/i18n/index.ts';
import { parseXml, type XmlElement } from './helpers/xml.ts';

const t = translator('en');

const TEXTS = ['Your `server.js` has `currentUsers`.', 'It emits.', 'The client listens.', 'A client gets a number.', 'Both get the count.'];

function learnerResults(target: string, statuses: CheckResult['status'][], reason: NonNullable<CheckResult['failure']>['reason'] = 'assertion'): Results {
  const checks: CheckResult[] = statuses.map((status, at) => ({
    n: at + 1,
    section: at < 3 ? 'hints' : 'behaviour',
    text: TEXTS[at]!,
    status,
    ms: 10 * (at + 1),
    ...(status === 'failed'
      ? { failure: { reason, key: (reason === 'assertion' ? 'assertion' : reason) as FailureKey, params: { url: `${target}_api/server.js`, pattern: '/x/', ms: 1000 }, message: reason === 'assertion' ? 'You should <emit> "user count" & more' : undefined } }
      : {}),
  }));
  return { step: 'communicate-by-emitting', id: 'abc', lang: 'en', target, passed: checks.every((c) => c.status !== 'failed'), checks };
}

// Names that break naive CSV and XML writers.
const CLASS: ClassResults = {
  step: 'communicate-by-emitting',
  id: 'abc',
  lang: 'en',
  ms: 4321,
  learners: [
    { learner: 'ana', line: 2, results: learnerResults('http://127.0.0.1:3001/', ['passed', 'passed', 'passed', 'passed', 'passed']) },
    { learner: 'Rossi, "Bea"', line: 3, results: learnerResults('http://127.0.0.1:3002/', ['failed', 'failed', 'passed', 'failed', 'passed']) },
    { learner: 'Zoë <& co>\u0007', line: 5, results: learnerResults('/subs/zoe', ['passed', 'passed', 'passed', 'skipped', 'skipped']) },
    { learner: 'dario\nnew line', line: 6, results: learnerResults('http://127.0.0.1:3004/', ['failed', 'failed', 'failed', 'failed', 'failed'], 'timeout') },
  ],
  problems: [{ line: 4, code: 'fields', params: { count: 3 } }],
};

const child = (element: XmlElement, name: string) => element.children.filter((c) => c.name === name);

describe('class reports', () => {
  describe('CSV', () => {
    it('quotes only fields with a comma, a quote or a line break (RFC 4180)', () => {
      expect(csvField('plain')).to.equal('plain');
      expect(csvField('a,b')).to.equal('"a,b"');
      expect(csvField('say "hi"')).to.equal('"say ""hi"""');
      expect(csvField('two\nlines')).to.equal('"two\nlines"');
      expect(csvField(true)).to.equal('true');
      // A learner's name must not run as a formula in a spreadsheet.
      expect(csvField('=HYPERLINK("x")')).to.equal('"\'=HYPERLINK(""x"")"');
      expect(csvField('@sum')).to.equal("'@sum");
      expect(csvField(-1)).to.equal('-1');
    });

    it('parses back into a table: a header and one row per learner, all the same width, CRLF ends', () => {
      const csv = renderCsv(CLASS);
      expect(csv.endsWith('\r\n')).to.equal(true);
      const { records, unterminatedAt } = parseCsv(csv);
      expect(unterminatedAt).to.equal(undefined);
      const [header, ...rows] = records.map((r) => r.fields.map((f) => f.replace(/\r$/, '')));
      expect(header).to.deep.equal(['learner', 'line', 'target', 'passed', 'passed_checks', 'checks', ...[1, 2, 3, 4, 5].flatMap((n) => [`check_${n}`, `reason_${n}`])]);
      expect(rows.map((row) => row.length)).to.deep.equal([16, 16, 16, 16]);
      expect(rows.map((row) => row[0])).to.deep.equal(CLASS.learners.map((l) => l.learner));
      expect(rows[1]!.slice(3, 12)).to.deep.equal(['false', '2', '5', 'failed', 'assertion', 'failed', 'assertion', 'passed', '']);
      expect(rows[2]!.slice(12)).to.deep.equal(['skipped', '', 'skipped', '']);
      expect(rows[3]![7]).to.equal('timeout');
    });
  });

  describe('JUnit XML', () => {
    it('escapes text and attributes, and drops characters XML cannot hold', () => {
      expect(xmlText('a < b & c > d')).to.equal('a &lt; b &amp; c &gt; d');
      expect(xmlAttr(`"it's"\n\u0001`)).to.equal('&quot;it&apos;s&quot;&#10;');
    });

    it('is well-formed, with one suite per learner, one case per check and the right counts', () => {
      const xml = renderJunit(CLASS, t);
      const root = parseXml(xml);
      expect(root.name).to.equal('testsuites');
      expect(root.attrs).to.include({ name: 'communicate-by-emitting', tests: '21', failures: '8', errors: '1', skipped: '2', time: '4.321' });
      const suites = child(root, 'testsuite');
      expect(suites.map((s) => s.attrs.name)).to.deep.equal(['ana', 'Rossi, "Bea"', 'Zoë <& co>', 'dario\nnew line', PROBLEMS_SUITE]);
      for (const suite of suites) {
        const cases = child(suite, 'testcase');
        const count = (name: string) => cases.filter((c) => child(c, name).length > 0).length;
        expect(Number(suite.attrs.tests), suite.attrs.name).to.equal(cases.length);
        expect(Number(suite.attrs.failures)).to.equal(count('failure'));
        expect(Number(suite.attrs.skipped)).to.equal(count('skipped'));
        expect(Number(suite.attrs.errors)).to.equal(count('error'));
      }
      const bea = child(suites[1]!, 'testcase');
      expect(bea[0]!.attrs).to.include({ name: '1. Your server.js has currentUsers.', classname: 'Rossi, "Bea"', time: '0.010' });
      const failure = child(bea[0]!, 'failure')[0]!;
      expect(failure.attrs).to.deep.equal({ message: 'You should <emit> "user count" & more', type: 'assertion' });
      expect(failure.text).to.include('does not contain what this check looks for');
      expect(child(child(suites[2]!, 'testcase')[3]!, 'skipped')[0]!.attrs.message).to.equal(t('report.skipped'));
      expect(child(child(suites[3]!, 'testcase')[0]!, 'failure')[0]!.attrs.type).to.equal('timeout');
      const problem = child(child(suites[4]!, 'testcase')[0]!, 'error')[0]!;
      expect(problem.attrs).to.deep.equal({ type: 'fields', message: 'expected two fields, learner,target; found 3' });
    });

    it('has no roster suite when every line was checked', () => {
      const root = parseXml(renderJunit({ ...CLASS, problems: [] }, t));
      expect(child(root, 'testsuite').map((s) => s.attrs.name)).to.not.include(PROBLEMS_SUITE);
      expect(root.attrs.errors).to.equal('0');
    });

    it('the XML reader used here refuses what is not well-formed', () => {
      expect(() => parseXml('<a><b></a></b>')).to.throw();
      expect(() => parseXml('<a x="1 & 2"/>')).to.throw();
      expect(() => parseXml('<a>1 < 2</a>')).to.throw();
      expect(() => parseXml('<a/><b/>')).to.throw();
      expect(() => parseXml('<a x="\u0007"/>')).to.throw();
    });
  });

  describe('JSON', () => {
    it('holds one object per learner in the single-check contract, and the problems with their lines', () => {
      const json = toClassJson(CLASS, t);
      expect(Object.keys(json)).to.deep.equal(['version', 'step', 'id', 'lang', 'learners', 'problems']);
      expect(json.learners.map((l) => [l.learner, l.line])).to.deep.equal(CLASS.learners.map((l) => [l.learner, l.line]));
      const first = json.learners[1]!.results;
      expect(Object.keys(first)).to.deep.equal(['version', 'step', 'id', 'lang', 'target', 'passed', 'checks']);
      expect(first.checks[0]).to.include({ status: 'failed', reason: 'assertion', passed: false });
      expect(json.problems).to.deep.equal([{ line: 4, problem: 'fields', message: 'expected two fields, learner,target; found 3' }]);
    });
  });

  describe('table', () => {
    it('has one row per learner with a mark per check and the reasons, then the legend and the problems', () => {
      const lines = renderTable({ ...CLASS, learners: CLASS.learners.slice(0, 3) }, t, undefined, 'Lesson').split('\n');
      expect(lines[0]).to.equal('Lesson: a class of 3 learners');
      const header = lines.findIndex((line) => line.startsWith('learner'));
      expect(lines.slice(header, header + 4)).to.deep.equal([
        'learner       1 2 3 4 5  reason',
        'ana           ✔ ✔ ✔ ✔ ✔',
        'Rossi, "Bea"  ✘ ✘ ✔ ✘ ✔  assertion',
        'Zoë <& co>    ✔ ✔ ✔ – –',
      ]);
      expect(lines).to.include('1–3: ' + t('report.sections.hints'));
      expect(lines).to.include('  1. Your server.js has currentUsers.');
      expect(lines).to.include('2 of 3 learners passed every check.');
      expect(lines.slice(-2)).to.deep.equal(['Roster lines that were not checked (1):', '  line 4: expected two fields, learner,target; found 3']);
    });

    it('keeps each learner on one line, with no control characters from the roster', () => {
      const table = renderTable(CLASS, t);
      expect(table).to.include('\ndario new line  ✘ ✘ ✘ ✘ ✘  timeout\n');
      expect(table).to.not.match(/[\u0000-\u0009\u000b-\u001f]/);
    });

    it('colours the marks only when given a painter', () => {
      expect(renderTable(CLASS, t)).to.not.include('\u001b[');
      expect(renderTable(CLASS, t, ANSI)).to.include('\u001b[32m✔');
    });
  });

  describe('progress', () => {
    it('draws a bar of the checks done with learner and check counts', () => {
      const line = progressLine({ checksDone: 5, checksTotal: 10, learnersDone: 1, learnersTotal: 2 }, t, 10);
      expect(line).to.equal('█████░░░░░  50% 1/2 learners, 5/10 checks');
    });

    it('writes in place on a terminal, and nothing at all elsewhere', () => {
      const written: string[] = [];
      const sink = (isTTY: boolean) => ({ isTTY, columns: 80, write: (s: string) => written.push(s) }) as unknown as NodeJS.WriteStream;
      const quiet = new ProgressBar(sink(false), t, 2, 4, 0);
      quiet.start();
      quiet.check();
      quiet.learner();
      quiet.clear();
      expect(written).to.deep.equal([]);
      const bar = new ProgressBar(sink(true), t, 1, 2, 0);
      bar.start();
      bar.check();
      bar.check();
      bar.learner();
      bar.clear();
      expect(written.length).to.be.greaterThan(3);
      expect(written.every((s) => s.startsWith('\r'))).to.equal(true);
      expect(written.at(-2)).to.include('1/1 learner, 2/2 checks');
      expect(written.at(-1)).to.equal('\r\u001b[K');
    });
  });
});
