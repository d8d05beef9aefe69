// `check --roster`: classes of real submissions checked through the CLI's main(), in-process
// (one child process only, for a real Ctrl-C). Running apps (solution, starter), a closed
// port, a server that accepts and never answers, folders, and malformed lines; reports read
// back by csv-parse and fast-xml-parser; the instructor guide's sample run for real.

import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { parse as parseCsvText } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { main } from '../checker/cli/main.ts';
import { translator } from '../checker/i18n/index.ts';
import { PLAIN } from '../checker/render/colour.ts';
import { PROBLEMS_SUITE } from '../checker/render/junit.ts';
import { renderTable } from '../checker/render/table.ts';
import { concurrencyFor, runClass } from '../checker/roster/class.ts';
import { readRoster } from '../checker/roster/read.ts';
import { loadStep } from '../checker/step/course.ts';
import { LANGS, type ClassResults } from '../checker/types.ts';
import { closedPort, ROOT, startApp, type RunningApp } from './helpers/apps.ts';
import { startHostile, type HostileServer } from './helpers/hostile-servers.ts';
import { until } from './helpers/wait.ts';

const TITLE = 'Share the User Count with Every Client by Emitting an Event';
const SAMPLE = path.join(ROOT, 'test/fixtures/rosters/sample');

interface JsonClass {
  version: number;
  learners: { learner: string; line: number; results: { target: string; passed: boolean; checks: { status: string; reason?: string }[] } }[];
  problems: { line: number; problem: string; message: string }[];
  shared: { target: string; lines: number[] }[];
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run check -- ...argv` in this process, with streams that are not terminals. */
async function check(argv: string[], signal?: AbortSignal): Promise<Run> {
  const out = { stdout: '', stderr: '' };
  const stream = (name: 'stdout' | 'stderr') => {
    const s = new PassThrough();
    s.on('data', (chunk: Buffer) => (out[name] += chunk.toString()));
    return s;
  };
  const code = await main(argv, { stdout: stream('stdout'), stderr: stream('stderr'), env: { LANG: 'en_US.UTF-8' } }, signal);
  return { code, ...out };
}


const readCsv = (file: string, delimiter: ',' | ';') => parseCsvText(readFileSync(file, 'utf8'), { bom: true, delimiter, record_delimiter: '\r\n' }) as string[][];

type Element = Record<string, unknown>;
const ARRAYS = new Set(['testsuite', 'testcase', 'failure', 'error', 'skipped', 'property']);
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, htmlEntities: true, isArray: (name, _p, _l, attr) => !attr && ARRAYS.has(name) });
function readJunit(file: string): Element & { testsuite: (Element & { testcase: Element[] })[] } {
  const text = readFileSync(file, 'utf8');
  expect(XMLValidator.validate(text), 'well-formed XML').to.equal(true);
  return (xml.parse(text) as { testsuites: Element & { testsuite: (Element & { testcase: Element[] })[] } }).testsuites;
}

describe('check --roster', function () {
  this.timeout(60_000);
  let solution: RunningApp;
  let starter: RunningApp;
  let silent: HostileServer;
  let closed: string;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kit-class-'));
    const started = await Promise.allSettled([startApp('solution'), startApp('starter'), startHostile('silent')]);
    [solution, starter, silent] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined)) as [RunningApp, RunningApp, HostileServer];
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    closed = `http://127.0.0.1:${await closedPort()}`;
  });

  after(async () => {
    await Promise.all([solution?.stop(), starter?.stop(), silent?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('a mixed class, ";"-separated, with every report', () => {
    let run: Run;
    let json: JsonClass;
    const learners = ['ana', 'bruno', 'carla', 'Rossi; Dario', 'João'];

    before(async () => {
      const roster = path.join(dir, 'mixed.csv');
      writeFileSync(
        roster,
        [
          'learner;target', // 1
          `ana;${solution.url}`, // 2: passes
          `bruno;${starter.url}`, // 3: fails the hints
          '# carla stopped her app', // 4
          `carla;${closed}`, // 5: nothing there
          `"Rossi; Dario";${path.relative(dir, path.join(ROOT, 'solution'))}`, // 6: a folder, relative to the roster
          '', // 7
          'this line;has;three fields', // 8: malformed
          `João;${solution.url}/`, // 9: ana's app
        ].join('\r\n') + '\r\n',
      );
      run = await check(['--roster', roster, '--hints-only', '--json', '--csv', path.join(dir, 'mixed.out.csv'), '--csv-delimiter', ';', '--junit', path.join(dir, 'mixed.xml'), '--concurrency', '2']);
      json = JSON.parse(run.stdout) as JsonClass;
    });

    it('exits 1: every good line was checked, one could not be; nothing on stderr off a terminal', () => {
      expect(run.code, run.stderr).to.equal(1);
      expect(run.stderr).to.equal('');
    });

    it('lists every learner once, in roster order, with the right results', () => {
      expect(json.learners.map((l) => [l.learner, l.line])).to.deep.equal([
        ['ana', 2],
        ['bruno', 3],
        ['carla', 5],
        ['Rossi; Dario', 6],
        ['João', 9],
      ]);
      const reasons = json.learners.map((l) => l.results.checks.map((c) => c.reason ?? c.status));
      expect(reasons, JSON.stringify(json.learners)).to.deep.equal([
        ['passed', 'passed', 'passed'],
        ['assertion', 'assertion', 'assertion'],
        ['unreachable', 'unreachable', 'unreachable'],
        ['passed', 'passed', 'passed'],
        ['passed', 'passed', 'passed'],
      ]);
      expect(json.learners[3]!.results.target).to.equal(path.join(ROOT, 'solution'));
    });

    it('reports the malformed line with its number and the roster\'s separator, and the two lines on one app', () => {
      expect(json.problems).to.deep.equal([{ line: 8, problem: 'fields', message: 'expected two fields (learner;target), found 3' }]);
      expect(json.shared).to.deep.equal([{ target: solution.url, lines: [2, 9] }]);
    });

    it('writes a ";"-separated CSV with a byte order mark that csv-parse reads back', () => {
      const bytes = readFileSync(path.join(dir, 'mixed.out.csv'));
      expect(bytes.subarray(0, 3)).to.deep.equal(Buffer.from([0xef, 0xbb, 0xbf]));
      const [header, ...rows] = readCsv(path.join(dir, 'mixed.out.csv'), ';');
      expect(rows.map((row) => row.length)).to.deep.equal(rows.map(() => header!.length));
      expect(rows.map((row) => row[0])).to.deep.equal(learners);
      const column = (name: string) => header!.indexOf(name);
      expect(rows.map((row) => row[column('passed')])).to.deep.equal(['true', 'false', 'false', 'true', 'true']);
      expect(rows.map((row) => row[column('reason_1')])).to.deep.equal(['', 'assertion', 'unreachable', '', '']);
    });

    it('writes JUnit XML that fast-xml-parser validates, one suite per learner, the right counts', () => {
      const root = readJunit(path.join(dir, 'mixed.xml'));
      expect(root.testsuite.map((s) => s.name)).to.deep.equal([...learners, PROBLEMS_SUITE]);
      expect(root.testsuite.map((s) => [s.tests, s.failures, s.skipped, s.errors].map(Number))).to.deep.equal([
        [3, 0, 0, 0],
        [3, 3, 0, 0],
        [3, 3, 0, 0],
        [3, 0, 0, 0],
        [3, 0, 0, 0],
        [1, 0, 0, 1],
      ]);
      expect(root).to.include({ tests: '16', failures: '6', skipped: '0', errors: '1' });
    });
  });

  describe('several lines on one app, in the first of two shards, with a report that cannot be written', () => {
    let run: Run;

    before(async () => {
      const roster = path.join(dir, 'same-app.csv');
      const lines = ['l1', 'l2', 'l3', 'l4'].map((learner) => `${learner},${solution.url}`);
      writeFileSync(roster, ['learner,target', ...lines, `eva,${path.join(ROOT, 'starter')}`].join('\n') + '\n');
      // /dev/full accepts the open and fails the write: a disk that is full. The four lines
      // on one app need one worker whatever --concurrency says, so asking for 64 costs nothing.
      run = await check(['--roster', roster, '--shard', '1/2', '--concurrency', '64', '--junit', path.join(dir, 'same-app.xml'), '--csv', '/dev/full']);
    });

    it('passes every line: the behaviour checks of one app ran one after another, never mixing its counts', () => {
      const rows = run.stdout.trimEnd().split('\n');
      for (const learner of ['l1', 'l2', 'l3', 'l4']) expect(rows, run.stdout).to.include(`${learner}       ✔ ✔ ✔ ✔ ✔ ✔ ✔`);
      expect(rows).to.include('4 of 4 learners passed every check.');
      expect(rows.slice(-2)).to.deep.equal(['Lines that point at the same app or folder (checked one after another, never side by side):', `  ${solution.url}: lines 2, 3, 4, and 5`]);
    });

    it('holds only its shard (the four lines on one app stay together) and says so', () => {
      expect(run.stdout.split('\n')[0]).to.equal(`${TITLE}: shard 1 of 2, 4 learners`);
      expect(run.stdout).to.not.include('eva');
      const root = readJunit(path.join(dir, 'same-app.xml'));
      expect(root.name).to.equal('communicate-by-emitting shard 1/2');
      expect(root.testsuite.map((s) => s.name)).to.deep.equal(['l1', 'l2', 'l3', 'l4']);
      expect(root).to.include({ tests: '28', failures: '0', errors: '0' });
    });

    it('prints the table and writes the JUnit file although the CSV could not be written: one line on stderr, exit 2', () => {
      expect(run.stderr.split('\n').filter((line) => !line.includes('--concurrency'))).to.deep.equal(['check: cannot write the report /dev/full (ENOSPC)', '']);
      expect(run.code).to.equal(2);
    });

    it('says on stderr when --concurrency is more than the machine can run, and how many it checks at once', () => {
      const cores = os.availableParallelism();
      const { used, clamped } = concurrencyFor(64, cores, true);
      const notice = run.stderr.split('\n').filter((line) => line.includes('--concurrency'));
      expect(notice).to.deep.equal(clamped ? [`check: ${translator('en')('class.cli.concurrencyClamped', { asked: 64, used, cores })}`] : []);
      if (cores === 2) expect(notice).to.deep.equal(['check: --concurrency 64 is more than this machine can run at once (2 cores): checking 8 submissions at a time.']);
    });
  });

  describe('Ctrl-C while a slow app is being checked', () => {
    let roster: string;
    before(() => {
      roster = path.join(dir, 'slow.csv');
      // One at a time: ana (a folder) is done when dario's app, which never answers, is asked.
      writeFileSync(roster, [`ana,${path.join(ROOT, 'solution')}`, `dario,${silent.url}`, `eva,${path.join(ROOT, 'starter')}`].join('\n') + '\n');
    });

    const notChecked = ['Roster lines that were not checked (2):', '  line 2: dario: not checked, the run was interrupted (Ctrl-C)', '  line 3: eva: not checked, the run was interrupted (Ctrl-C)'];

    it('prints what finished, lists the rest as not checked, writes the reports, and exits 130', async () => {
      const stop = new AbortController();
      const asked = silent.requests();
      const running = check(['--roster', roster, '--concurrency', '1', '--csv', path.join(dir, 'slow.out.csv'), '--junit', path.join(dir, 'slow.xml')], stop.signal);
      try {
        await until(() => silent.requests() > asked);
      } finally {
        // Also when the wait failed: the run stops, and its workers with it.
        stop.abort();
      }
      const run = await running;
      expect(run.code, run.stderr).to.equal(130);
      const rows = run.stdout.trimEnd().split('\n');
      expect(rows).to.include('ana      ✔ ✔ ✔ – – – –  hints only');
      expect(rows).to.include('1 of 1 learner passed every check.');
      expect(rows.slice(-3)).to.deep.equal(notChecked);
      expect(readCsv(path.join(dir, 'slow.out.csv'), ',').map((row) => row[0])).to.deep.equal(['learner', 'ana']);
      const root = readJunit(path.join(dir, 'slow.xml'));
      expect(root.testsuite.map((s) => s.name)).to.deep.equal(['ana', PROBLEMS_SUITE]);
      const errors = root.testsuite[1]!.testcase.map((c) => (c.error as Element[])[0]!.type);
      expect(errors).to.deep.equal(['interrupted', 'interrupted']);
    });

    it('does the same for a real SIGINT to `npm run check`', async () => {
      let child: ChildProcess | undefined;
      try {
        const asked = silent.requests();
        child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'checker/cli.ts'), '--roster', roster, '--concurrency', '1'], {
          cwd: ROOT,
          env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
        await until(() => silent.requests() > asked, 30_000);
        child.kill('SIGINT');
        expect(await exited).to.equal(130);
        expect(stdout.split('\n')).to.include('ana      ✔ ✔ ✔ – – – –  hints only');
        expect(stdout.trimEnd().split('\n').slice(-3)).to.deep.equal(notChecked);
      } finally {
        if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });
  });

  describe('mistakes found before anything is checked: exit 2, one line on stderr', () => {
    let roster: string;
    before(() => {
      roster = path.join(dir, 'never-run.csv');
      // Checking this roster would ask the silent server: it must not be asked.
      writeFileSync(roster, `dario,${silent.url}\n`);
    });

    // Each case: its name, then its command line and its line on stderr, once the folder exists.
    const cases: [string, () => [string[], string]][] = [
      ['a report that is a folder', () => [['--roster', roster, '--csv', dir], `cannot write the report ${dir}: it is a folder (give a file name)`]],
      [
        'a report in a folder that does not exist',
        () => [['--roster', roster, '--junit', path.join(dir, 'no', 'out.xml')], `cannot write the report ${path.join(dir, 'no', 'out.xml')}: the folder ${path.join(dir, 'no')} does not exist`],
      ],
      ['a report over the roster', () => [['--roster', roster, '--csv', roster], `${roster} is named twice: the roster and each report need a file of their own`]],
      [
        'the same file for both reports',
        () => [['--roster', roster, '--csv', path.join(dir, 'r'), '--junit', path.join(dir, 'r')], `${path.join(dir, 'r')} is named twice: the roster and each report need a file of their own`],
      ],
      ['a roster that cannot be read', () => [['--roster', path.join(dir, 'missing.csv')], `cannot read the roster ${path.join(dir, 'missing.csv')}`]],
      ['--csv without a roster', () => [['--csv', 'out.csv'], '--csv only works with --roster FILE']],
    ];
    for (const [name, make] of cases) {
      it(name, async () => {
        const asked = silent.requests();
        const [argv, line] = make();
        const run = await check(argv);
        expect(run.code).to.equal(2);
        expect(run.stdout).to.equal('');
        expect(run.stderr).to.equal(`check: ${line}\n`);
        expect(silent.requests()).to.equal(asked);
      });
    }

    it('a roster that names nobody, and a bad --concurrency in the chosen language', async () => {
      const empty = path.join(dir, 'empty.csv');
      writeFileSync(empty, 'learner,target\n# nobody yet\n');
      expect(await check(['--roster', empty])).to.deep.equal({ code: 2, stdout: '', stderr: `check: the roster ${empty} names no learners (write one learner,target line for each)\n` });
      const bad = await check(['--roster', roster, '--concurrency', '0', '--lang', 'it']);
      expect(bad).to.deep.equal({ code: 2, stdout: '', stderr: 'check: --concurrency vuole un numero intero da 1 a 64, non "0"\n' });
    });
  });

  describe("the instructor guide's sample", () => {
    let results: ClassResults;
    const origin = () => solution.url;

    before(async () => {
      // The sample roster, with the solution for :3001, the starter for :3002, nothing at :3003.
      const copy = path.join(dir, 'sample');
      mkdirSync(copy);
      cpSync(SAMPLE, copy, { recursive: true });
      const text = readFileSync(path.join(SAMPLE, 'class.csv'), 'utf8');
      writeFileSync(path.join(copy, 'class.csv'), text.replaceAll('http://localhost:3001', solution.url).replaceAll('http://localhost:3002', starter.url).replaceAll('http://localhost:3003', closed));
      const roster = await readRoster(path.join(copy, 'class.csv'));
      results = await runClass(await loadStep(undefined, 'en'), roster.entries, roster.problems, { lang: 'en', limits: { timeoutMs: 2000 } });
    });

    /** The fenced block after `<!-- name -->` in a guide. */
    function block(lang: string, name: string): string {
      const guide = readFileSync(path.join(ROOT, 'docs', lang, 'instructor.md'), 'utf8');
      const at = guide.indexOf(`<!-- ${name} -->`);
      expect(at, `docs/${lang}/instructor.md has <!-- ${name} -->`).to.be.above(-1);
      const match = /```[a-z]*\n([\s\S]*?)\n```/.exec(guide.slice(at));
      return match![1]!;
    }

    for (const lang of LANGS) {
      it(`docs/${lang}/instructor.md shows the sample roster and the table it really gives`, async () => {
        const withoutComments = (text: string) => text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
        expect(withoutComments(block(lang, 'sample-roster'))).to.deep.equal(withoutComments(readFileSync(path.join(SAMPLE, 'class.csv'), 'utf8')));
        // The run was in English; a table in another language shows that language's sentences.
        const step = await loadStep(undefined, lang);
        const inLang: ClassResults = {
          ...results,
          lang,
          learners: results.learners.map((l) => ({ ...l, results: { ...l.results, lang, checks: l.results.checks.map((c) => ({ ...c, text: step.checks[c.n - 1]!.plain })) } })),
        };
        const table = renderTable(inLang, translator(lang), PLAIN, step.title).replaceAll(origin(), 'http://localhost:3001');
        expect(block(lang, 'sample-table')).to.equal(table);
      });
    }
  });
});
