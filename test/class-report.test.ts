// The class reports as pure functions of ClassResults: table, CSV, JUnit XML, JSON, and
// the progress line. CSV is read back by csv-parse and JUnit by fast-xml-parser, so the
// files are checked by readers other than the code that wrote them.

import { expect } from 'chai';
import { parse as parseCsvText } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { translator, type FailureKey } from '../checker/i18n/index.ts';
import { renderClassJson, toClassJson } from '../checker/render/class-json.ts';
import { ANSI } from '../checker/render/colour.ts';
import { BOM, csvField, renderCsv } from '../checker/render/csv.ts';
import { PROBLEMS_SUITE, renderJunit } from '../checker/render/junit.ts';
import { renderTable } from '../checker/render/table.ts';
import { TEXT_LIMITS } from '../checker/roster/bounds.ts';
import type { Delimiter } from '../checker/roster/csv.ts';
import { ProgressBar, progressLine } from '../checker/roster/progress.ts';
import type { CheckResult, ClassResults, Results } from '../checker/types.ts';

const t = translator('en');

const TEXTS = ['Your server.js has currentUsers.', 'It emits.', 'The client listens.', 'A client gets a number.', 'Both get the count.'];

function learnerResults(target: string, statuses: CheckResult['status'][], reason: NonNullable<CheckResult['failure']>['reason'] = 'assertion', message = 'You should <emit> "user count" & more'): Results {
  const checks: CheckResult[] = statuses.map((status, at) => ({
    n: at + 1,
    section: at < 3 ? 'hints' : 'behaviour',
    text: TEXTS[at]!,
    status,
    ms: 10 * (at + 1),
    ...(status === 'failed'
      ? { failure: { reason, key: (reason === 'assertion' ? 'assertion' : reason) as FailureKey, params: { url: `${target}_api/server.js`, pattern: '/x/', ms: 1000 }, message: reason === 'assertion' ? message : undefined } }
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
  problems: [{ line: 4, code: 'fields', params: { count: 3, sep: ',' } }],
};

// --- independent readers -------------------------------------------------------------

function readCsv(text: string, delimiter: Delimiter = ','): string[][] {
  return parseCsvText(text, { bom: true, delimiter, record_delimiter: '\r\n' }) as string[][];
}

interface Element {
  [name: string]: string | Element[] | undefined;
}
const ARRAYS = new Set(['testsuite', 'testcase', 'property', 'failure', 'skipped', 'error']);
const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  htmlEntities: true,
  textNodeName: 'text',
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ARRAYS.has(name),
});

/** The <testsuites> element, after fast-xml-parser's validator accepted the file. */
function readJunit(xml: string): Element {
  expect(XMLValidator.validate(xml), 'well-formed XML').to.equal(true);
  // What the validator lets through: characters XML 1.0 forbids, and a bare `&`.
  expect(xml).to.not.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
  expect(xml).to.not.match(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i);
  return (xmlParser.parse(xml) as { testsuites: Element }).testsuites;
}
const all = (element: Element, name: string) => (element[name] as Element[] | undefined) ?? [];

describe('class reports', () => {
  describe('CSV', () => {
    it('quotes only fields with the delimiter, a quote or a line break (RFC 4180), and never starts a formula', () => {
      expect(csvField('plain')).to.equal('plain');
      expect(csvField('a,b')).to.equal('"a,b"');
      expect(csvField('a;b')).to.equal('a;b');
      expect(csvField('a;b', ';')).to.equal('"a;b"');
      expect(csvField('a,b', ';')).to.equal('a,b');
      expect(csvField('say "hi"')).to.equal('"say ""hi"""');
      expect(csvField('two\nlines')).to.equal('"two\nlines"');
      expect(csvField(true)).to.equal('true');
      // A learner's name must not run as a formula in a spreadsheet.
      expect(csvField('=HYPERLINK("x")')).to.equal('"\'=HYPERLINK(""x"")"');
      expect(csvField('=1;2', ';')).to.equal('"\'=1;2"');
      expect(csvField('@sum')).to.equal("'@sum");
      expect(csvField(-1)).to.equal('-1');
    });

    it('starts with a byte order mark, so that Excel reads "João" as UTF-8', () => {
      const csv = renderCsv({ ...CLASS, learners: [{ ...CLASS.learners[0]!, learner: 'João' }] });
      expect(csv.startsWith(BOM + 'learner,')).to.equal(true);
      expect(Buffer.from(csv, 'utf8').subarray(0, 3)).to.deep.equal(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(readCsv(csv)[1]![0]).to.equal('João');
    });

    for (const delimiter of [',', ';'] as const) {
      it(`reads back with csv-parse, "${delimiter}"-separated: a header and one row per learner, all the same width`, () => {
        const csv = renderCsv({ ...CLASS, learners: [...CLASS.learners, { ...CLASS.learners[0]!, learner: '=cmd;x', line: 7 }] }, delimiter);
        expect(csv.endsWith('\r\n')).to.equal(true);
        const [header, ...rows] = readCsv(csv, delimiter);
        expect(header).to.deep.equal(['learner', 'line', 'target', 'passed', 'passed_checks', 'checks', ...[1, 2, 3, 4, 5].flatMap((n) => [`check_${n}`, `reason_${n}`]), 'message', 'freecodecamp_readable', 'sections_run']);
        expect(rows.map((row) => row.length)).to.deep.equal([19, 19, 19, 19, 19]);
        // The BEL of "Zoë <& co>\u0007" is gone: no control character reaches the file.
        expect(rows.map((row) => row[0])).to.deep.equal(['ana', 'Rossi, "Bea"', 'Zoë <& co>', 'dario\nnew line', "'=cmd;x"]);
        expect(rows[1]!.slice(3, 12)).to.deep.equal(['false', '2', '5', 'failed', 'assertion', 'failed', 'assertion', 'passed', '']);
        expect(rows[2]!.slice(12, 18)).to.deep.equal(['skipped', '', 'skipped', '', '', '']);
        expect(rows[3]![7]).to.equal('timeout');
      });
    }

    it('gives each learner the message of their first failed check, in the report\'s language; none when all passed', () => {
      const [header, ...rows] = readCsv(renderCsv(CLASS));
      const at = header!.indexOf('message');
      expect(rows.map((row) => row[at])).to.deep.equal(['', 'You should <emit> "user count" & more', '', 'The check did not finish within 1000 ms.']);
      const [itHeader, ...itRows] = readCsv(renderCsv({ ...CLASS, lang: 'it' }, ',', translator('it')));
      expect(itRows[3]![itHeader!.indexOf('message')]).to.equal('Il controllo non si è concluso entro 1000 ms.');
    });

    it('writes no control character an app or a name held (ESC, U+202E, BEL), keeping line breaks quoted', () => {
      const hostile = learnerResults('http://127.0.0.1:3001/', ['failed', 'passed', 'passed', 'passed', 'passed'], 'assertion', 'bad\u001b[2J\u202eevil\u0007');
      const csv = renderCsv({ ...CLASS, learners: [{ learner: '\u202eana\u001b]0;title\u0007', line: 2, results: hostile }, CLASS.learners[3]!] });
      expect(csv).to.not.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      const [header, first, second] = readCsv(csv);
      expect(first![0]).to.equal('ana]0;title');
      expect(first![header!.indexOf('message')]).to.equal('bad[2Jevil');
      expect(second![0]).to.equal('dario\nnew line');
    });

    it('adds the shard, as two numbers, with --shard', () => {
      const [header, row] = readCsv(renderCsv({ ...CLASS, shard: { index: 2, count: 4 } }));
      expect(header!.slice(-3)).to.deep.equal(['shard', 'shards', 'sections_run']);
      expect(row!.slice(-3, -1)).to.deep.equal(['2', '4']);
      expect(readCsv(renderCsv(CLASS))[0]).to.not.include('shard');
    });
  });

  describe('JUnit XML', () => {
    it('escapes text and attributes, and drops characters XML cannot hold', () => {
      const xml = renderJunit({ ...CLASS, learners: [{ ...CLASS.learners[0]!, learner: `"it's"\na < b & c > d\u0001\tend` }], problems: [] }, t);
      expect(xml).to.include(' name="&quot;it&apos;s&quot;&#10;a &lt; b &amp; c &gt; d&#9;end" ');
      expect(xml).to.not.include('\u0001');
    });

    it('gives a learner with a single check its one case', () => {
      const one = CLASS.learners[0]!;
      const root = readJunit(renderJunit({ ...CLASS, learners: [{ ...one, results: { ...one.results, checks: one.results.checks.slice(0, 1) } }], problems: [] }, t));
      const [suite] = all(root, 'testsuite');
      expect([suite!.tests, all(suite!, 'testcase').map((c) => c.name)]).to.deep.equal(['1', [`1. ${one.results.checks[0]!.text}`]]);
    });

    it('is valid, with one suite per learner, one case per check and the right counts', () => {
      const root = readJunit(renderJunit(CLASS, t));
      expect(root).to.include({ name: 'communicate-by-emitting', tests: '21', failures: '8', errors: '1', skipped: '2', time: '4.321' });
      const suites = all(root, 'testsuite');
      expect(suites.map((s) => s.name)).to.deep.equal(['ana', 'Rossi, "Bea"', 'Zoë <& co>', 'dario\nnew line', PROBLEMS_SUITE]);
      for (const suite of suites) {
        const cases = all(suite, 'testcase');
        const count = (name: string) => cases.filter((c) => all(c, name).length > 0).length;
        expect(Number(suite.tests), String(suite.name)).to.equal(cases.length);
        expect(Number(suite.failures)).to.equal(count('failure'));
        expect(Number(suite.skipped)).to.equal(count('skipped'));
        expect(Number(suite.errors)).to.equal(count('error'));
      }
      const bea = all(suites[1]!, 'testcase');
      expect(bea[0]).to.include({ name: '1. Your server.js has currentUsers.', classname: 'Rossi, "Bea"', time: '0.010' });
      const failure = all(bea[0]!, 'failure')[0]!;
      expect(failure).to.include({ message: 'You should <emit> "user count" & more', type: 'assertion' });
      expect(failure.text).to.include('lacks the text this check looks for');
      expect(all(all(suites[2]!, 'testcase')[3]!, 'skipped')[0]!.message).to.equal('not run on a folder: only a running app can be connected to');
      expect(all(all(suites[3]!, 'testcase')[0]!, 'failure')[0]!.type).to.equal('timeout');
      expect(suites[4]).to.include({ name: PROBLEMS_SUITE, tests: '1', errors: '1', failures: '0', time: '0.000' });
      const problemCase = all(suites[4]!, 'testcase')[0]!;
      expect(problemCase).to.include({ name: 'line 4', classname: PROBLEMS_SUITE, time: '0.000' });
      const problem = all(problemCase, 'error')[0]!;
      expect(problem).to.deep.equal({ type: 'fields', message: 'expected two fields (learner,target), found 3' });
    });

    it('has no roster suite when every line was checked', () => {
      const root = readJunit(renderJunit({ ...CLASS, problems: [] }, t));
      expect(all(root, 'testsuite').map((s) => s.name)).to.not.include(PROBLEMS_SUITE);
      expect(root.errors).to.equal('0');
    });

    it('names the shard on the root and on every suite, so merged files still say where a suite came from', () => {
      const root = readJunit(renderJunit({ ...CLASS, shard: { index: 3, count: 4 } }, t));
      expect(root.name).to.equal('communicate-by-emitting shard 3/4');
      for (const suite of all(root, 'testsuite')) {
        const properties = all((suite.properties as Element[] | undefined)?.[0] ?? (suite.properties as unknown as Element), 'property');
        expect(properties.find((p) => p.name === 'shard')?.value, String(suite.name)).to.equal('3/4');
      }
    });

    it('merges shards by keeping each file\'s suites under one root, as the instructor guide shows', () => {
      const files = [1, 2].map((index) => renderJunit({ ...CLASS, learners: CLASS.learners.slice(index - 1, index + 1), shard: { index, count: 2 } }, t));
      // The guide's merge: drop each file's first two lines (declaration, root) and its last (the root's end).
      const merged = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites name="class">', ...files.flatMap((xml) => xml.trimEnd().split('\n').slice(2, -1)), '</testsuites>'].join('\n');
      const suites = all(readJunit(merged), 'testsuite');
      expect(suites.map((s) => s.name)).to.deep.equal(['ana', 'Rossi, "Bea"', PROBLEMS_SUITE, 'Rossi, "Bea"', 'Zoë <& co>', PROBLEMS_SUITE]);
    });
  });

  describe('JSON', () => {
    it('holds one object per learner in the single-check contract, the problems with their lines, and shared targets', () => {
      const json = toClassJson(CLASS, t);
      expect(Object.keys(json)).to.deep.equal(['version', 'step', 'id', 'lang', 'learners', 'problems', 'shared']);
      expect(json.learners.map((l) => [l.learner, l.line])).to.deep.equal(CLASS.learners.map((l) => [l.learner, l.line]));
      const first = json.learners[1]!.results;
      expect(Object.keys(first)).to.deep.equal(['version', 'step', 'id', 'lang', 'target', 'passed', 'checks']);
      expect(first.checks[0]).to.include({ status: 'failed', reason: 'assertion', passed: false });
      expect(json.problems).to.deep.equal([{ line: 4, problem: 'fields', message: 'expected two fields (learner,target), found 3' }]);
      expect(json.shared).to.deep.equal([]);
      const twice = toClassJson({ ...CLASS, learners: [...CLASS.learners, { ...CLASS.learners[0]!, learner: 'bo', line: 9, results: learnerResults('http://127.0.0.1:3001/chat', ['passed']) }] }, t);
      expect(twice.shared).to.deep.equal([{ target: 'http://127.0.0.1:3001', lines: [2, 9] }]);
    });

    it('says which shard it holds', () => {
      const json = toClassJson({ ...CLASS, shard: { index: 1, count: 4 } }, t);
      expect(json.shard).to.deep.equal({ index: 1, count: 4 });
      expect(Object.keys(json).slice(0, 5)).to.deep.equal(['version', 'step', 'id', 'lang', 'shard']);
    });

    it('escapes what JSON.stringify leaves raw and a terminal could obey, meaning the same', () => {
      const name = 'eve\u009b31m\u202eevil';
      const text = renderClassJson({ ...CLASS, learners: [{ ...CLASS.learners[0]!, learner: name }] }, t);
      expect(text).to.not.match(/[\u007f-\u009f\u202e]/);
      expect(text).to.include('eve\\u009b31m\\u202eevil');
      // Two spaces a level, as people read it.
      expect(text.startsWith('{\n  "version": 1,\n  "step": "')).to.equal(true);
      expect(JSON.parse(text).learners[0].learner).to.equal(name);
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
      expect(lines).to.include("1–3: freeCodeCamp's hints");
      expect(lines).to.include('  1. Your server.js has currentUsers.');
      expect(lines).to.include('2 of 3 learners passed every check.');
      expect(lines.slice(-2)).to.deep.equal(['Roster lines that were not checked (1):', '  line 4: expected two fields (learner,target), found 3']);
    });

    it('agrees in number: 1 learner, 1 of 1', () => {
      const lines = renderTable({ ...CLASS, learners: CLASS.learners.slice(0, 1), problems: [] }, t, undefined, 'Lesson').split('\n');
      expect(lines[0]).to.equal('Lesson: a class of 1 learner');
      expect(lines.at(-1)).to.equal('1 of 1 learner passed every check.');
      expect(renderTable({ ...CLASS, learners: CLASS.learners.slice(0, 1), problems: [] }, translator('it'), undefined, 'Lezione').split('\n').at(-1)).to.equal(
        '1 studente su 1 ha superato tutti i controlli.',
      );
    });

    it('shows a name of 40 characters whole and cuts one of 41 to 40, the last an ellipsis', () => {
      const row = (learner: string) => renderTable({ ...CLASS, learners: [{ ...CLASS.learners[0]!, learner }], problems: [] }, t).split('\n').find((line) => line.startsWith(learner.slice(0, 10)))!;
      expect(row('n'.repeat(40))).to.equal(`${'n'.repeat(40)}  ✔ ✔ ✔ ✔ ✔`);
      expect(row('m'.repeat(41))).to.equal(`${'m'.repeat(39)}…  ✔ ✔ ✔ ✔ ✔`);
    });

    it('names the shard in its heading', () => {
      expect(renderTable({ ...CLASS, shard: { index: 2, count: 4 } }, t, undefined, 'Lesson').split('\n')[0]).to.equal('Lesson: shard 2 of 4, 4 learners');
    });

    it('lists the lines that point at the same app, with the lines in words', () => {
      const same = (learner: string, line: number) => ({ learner, line, results: learnerResults('http://127.0.0.1:3001/', ['passed']) });
      const lines = renderTable({ ...CLASS, learners: [...CLASS.learners, same('bo', 8), same('cy', 9)], problems: [] }, t).split('\n');
      expect(lines.slice(-2)).to.deep.equal(['Lines that point at the same app or folder (checked one after another, never side by side):', '  http://127.0.0.1:3001: lines 2, 8, and 9']);
      const pt = renderTable({ ...CLASS, lang: 'pt-BR', learners: [...CLASS.learners, same('bo', 8)], problems: [] }, translator('pt-BR')).split('\n');
      expect(pt.at(-1)).to.equal('  http://127.0.0.1:3001: linhas 2 e 8');
    });

    it('lines the marks up whatever the names: a CJK character takes two columns, an emoji two, a combining accent none', () => {
      const one = (learner: string, line: number) => ({ learner, line, results: learnerResults(`http://127.0.0.1:${3000 + line}/`, ['passed']) });
      const names = ['ana', '李雷', 'Jose\u0301', '😀 bo'];
      const rows = renderTable({ ...CLASS, learners: names.map((name, at) => one(name, at + 2)), problems: [] }, t).split('\n');
      expect(rows.slice(2, 7)).to.deep.equal(['learner  1  reason', 'ana      ✔', '李雷     ✔', 'Jose\u0301     ✔', '😀 bo    ✔']);
    });

    it('keeps each learner on one line, with no control characters from the roster', () => {
      const table = renderTable(CLASS, t);
      expect(table).to.include('\ndario new line  ✘ ✘ ✘ ✘ ✘  timeout\n');
      expect(table).to.not.match(/[\u0000-\u0009\u000b-\u001f]/);
    });

    it('cleans ESC, OSC and C1 sequences from names, in rows and in the "not checked" list', () => {
      const hostile = ['\u001b[2J\u001b]0;owned\u0007mallory', 'trudy\u009b31m\u009d0;x\u009c', 'eve\u202egnp.exe'];
      const results: ClassResults = {
        ...CLASS,
        learners: [{ ...CLASS.learners[0]!, learner: hostile[0]! }],
        problems: [
          { line: 7, code: 'interrupted', params: { learner: hostile[1] } },
          { line: 8, code: 'duplicate', params: { learner: hostile[2], first: 2 } },
          { line: 9, code: 'bad-url', params: { learner: 'x', url: 'ftp://\u001b[31mred' } },
        ],
      };
      const table = renderTable(results, t);
      expect(table).to.not.match(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(table.split('\n')).to.include.members([
        '[2J]0;ownedmallory  ✔ ✔ ✔ ✔ ✔',
        '  line 7: trudy31m0;x: not checked, the run was interrupted (Ctrl-C)',
        '  line 8: evegnp.exe is already on line 2',
        '  line 9: x: "ftp://[31mred" is not an http or https address',
      ]);
      // Colours are the table's own, and only those.
      expect(renderTable(results, t, ANSI).replace(/\u001b\[(?:1|2|22|31|32|33|39)m/g, '')).to.not.include('\u001b');
    });

    it('colours the marks only when given a painter', () => {
      expect(renderTable(CLASS, t)).to.not.include('\u001b[');
      expect(renderTable(CLASS, t, ANSI)).to.include('\u001b[32m✔');
    });
  });

  describe('bounded', () => {
    // What hostile submissions can put in results: huge assertion messages and parameters,
    // and a roster with huge names and addresses. Each text is shared, so the test itself
    // stays small; what the reports copy of them is what is measured.
    const MiB = 1024 * 1024;
    const huge = 'x'.repeat(30 * MiB);
    const emoji = '😀'.repeat(MiB);
    const hostileClass = (): ClassResults => {
      const results = learnerResults(`http://127.0.0.1:3001/${'a'.repeat(MiB)}`, ['failed', 'failed', 'failed', 'failed', 'failed'], 'assertion', huge);
      for (const check of results.checks) check.failure!.params = { url: huge, pattern: emoji, ms: 1000 };
      return {
        ...CLASS,
        learners: Array.from({ length: 200 }, (_, at) => ({ learner: emoji, line: at + 2, results })),
        problems: Array.from({ length: 200 }, (_, at) => ({ line: at + 300, code: 'bad-url' as const, params: { learner: huge, url: emoji } })),
      };
    };

    it('keeps every report of 200 hostile learners small, each text cut to its limit', () => {
      const results = hostileClass();
      const reports = {
        table: renderTable(results, t),
        json: renderClassJson(results, t),
        csv: renderCsv(results),
        junit: renderJunit(results, t),
      };
      for (const [name, text] of Object.entries(reports)) expect(text.length, name).to.be.below(4 * MiB);
      const json = JSON.parse(reports.json);
      expect([...json.learners[0].learner]).to.have.length(TEXT_LIMITS.learner);
      expect(json.learners[0].learner.endsWith('…')).to.equal(true);
      expect([...json.learners[0].results.target]).to.have.length(TEXT_LIMITS.target);
      expect(json.learners[0].results.checks[0].message.length).to.be.at.most(TEXT_LIMITS.message);
      expect([...json.problems[0].message]).to.have.length.below(2 * TEXT_LIMITS.param + 100);
      expect(readCsv(reports.csv)).to.have.length(201);
      expect(XMLValidator.validate(reports.junit)).to.equal(true);
      expect(reports.junit.match(/<testsuite /g)).to.have.length(201);
    });
  });

  describe('progress', () => {
    it('draws a bar of the checks done with learner and check counts', () => {
      const line = progressLine({ checksDone: 5, checksTotal: 10, learnersDone: 1, learnersTotal: 2 }, t, 10);
      expect(line).to.equal('█████░░░░░  50% 1/2 learners, 5/10 checks');
    });

    it('shows a class with no checks to run as done, and never more than done', () => {
      expect(progressLine({ checksDone: 0, checksTotal: 0, learnersDone: 0, learnersTotal: 0 }, t, 10)).to.equal('██████████ 100% 0/0 learners, 0/0 checks');
      expect(progressLine({ checksDone: 12, checksTotal: 10, learnersDone: 2, learnersTotal: 2 }, t, 10)).to.equal('██████████ 100% 2/2 learners, 12/10 checks');
    });

    /** A stream that keeps what is written to it, in `written`. */
    const sinkInto = (written: string[], isTTY: boolean, columns = 80) => ({ isTTY, columns, write: (s: string) => written.push(s) }) as unknown as NodeJS.WriteStream;

    it('writes in place on a terminal, and nothing at all elsewhere', () => {
      const written: string[] = [];
      const sink = (isTTY: boolean) => sinkInto(written, isTTY);
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

    it('clears its line once: not before it drew one, not twice', () => {
      const written: string[] = [];
      const bar = new ProgressBar(sinkInto(written, true), t, 1, 2, 0);
      bar.clear();
      expect(written).to.deep.equal([]);
      bar.start();
      bar.clear();
      bar.clear();
      expect(written.slice(1)).to.deep.equal(['\r\u001b[K']);
    });

    it('cuts its line to one column less than a narrow terminal has, so it never wraps', () => {
      const written: string[] = [];
      new ProgressBar(sinkInto(written, true, 30), t, 2, 10, 0).start();
      expect(written).to.deep.equal([`\r${'░'.repeat(10)}   0% 0/2 learners,\u001b[K`]);
      expect([...written[0]!.slice(1, -3)]).to.have.length(29);
    });

    it('draws its bar 50 columns narrower than the terminal, between 10 and 30 wide', () => {
      const drawn = (columns: number) => {
        const written: string[] = [];
        new ProgressBar(sinkInto(written, true, columns), t, 2, 10, 0).start();
        return written[0];
      };
      expect(drawn(70)).to.equal(`\r${'░'.repeat(20)}   0% 0/2 learners, 0/10 checks\u001b[K`);
      expect(drawn(81)).to.equal(`\r${'░'.repeat(30)}   0% 0/2 learners, 0/10 checks\u001b[K`);
      expect(drawn(59)).to.equal(`\r${'░'.repeat(10)}   0% 0/2 learners, 0/10 checks\u001b[K`);
    });

    it('redraws at most every 100 ms by default (not 99 ms after the last line, again at 100), but at once for the last learner', () => {
      const written: string[] = [];
      const realNow = Date.now;
      let now = 1_000_000;
      Date.now = () => now;
      try {
        const bar = new ProgressBar(sinkInto(written, true), t, 2, 10);
        bar.start();
        now += 99;
        bar.check();
        expect(written).to.have.length(1);
        now += 1;
        bar.check();
        expect(written).to.have.length(2);
        expect(written[1]).to.include('0/2 learners, 2/10 checks');
        // The last learner's line is drawn at once, however soon after the one before.
        bar.learner();
        expect(written).to.have.length(2);
        bar.learner();
        expect(written).to.have.length(3);
        expect(written[2]).to.include('2/2 learners, 2/10 checks');
      } finally {
        Date.now = realNow;
      }
    });
  });
});
