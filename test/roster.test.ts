// `check --roster`: a class of real submissions checked at once, through the real CLI.
// Passing (solution app), failing (starter app), unreachable (a closed port), hanging (a
// server that accepts and never answers), a folder, and a malformed roster line.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { PROBLEMS_SUITE } from '../checker/render/junit.ts';
import { parseCsv } from '../checker/roster/csv.ts';
import { closedPort, ROOT, runCli, startApp, type RunningApp } from './helpers/apps.ts';
import { startHostile, type HostileServer } from './helpers/hostile-servers.ts';
import { parseXml, type XmlElement } from './helpers/xml.ts';

const TIMEOUT_MS = 1000;
const CHECKS = 5;

interface JsonCheck {
  n: number;
  section: 'hints' | 'behaviour';
  status: 'passed' | 'failed' | 'skipped';
  reason?: string;
  ms: number;
}
interface JsonClass {
  version: number;
  step: string;
  learners: { learner: string; line: number; results: { target: string; passed: boolean; checks: JsonCheck[] } }[];
  problems: { line: number; problem: string; message: string }[];
}

const child = (element: XmlElement, name: string) => element.children.filter((c) => c.name === name);

describe('check --roster', function () {
  this.timeout(120_000);
  let solution: RunningApp;
  let starter: RunningApp;
  let hanging: HostileServer;
  let dir: string;
  let roster: string;
  const learners = ['ana', 'bruno', 'carla', 'Rossi, "Dario"', 'eva'];

  before(async () => {
    [solution, starter, hanging] = await Promise.all([startApp('solution'), startApp('starter'), startHostile('silent')]);
    const port = await closedPort();
    dir = mkdtempSync(path.join(os.tmpdir(), 'kit-class-'));
    roster = path.join(dir, 'class.csv');
    writeFileSync(
      roster,
      [
        'learner,target', // 1
        `ana,${solution.url}`, // 2: passes every check
        `bruno,${starter.url}`, // 3: fails the hints
        '# carla stopped her app', // 4
        `carla,http://127.0.0.1:${port}`, // 5: nothing there
        `"Rossi, ""Dario""",${hanging.url}`, // 6: accepts, never answers
        '', // 7
        'this line, has, three fields', // 8: malformed
        `eva,${path.relative(dir, path.join(ROOT, 'solution'))}`, // 9: a folder, relative to the roster
      ].join('\n') + '\n',
    );
  });

  after(async () => {
    await Promise.all([solution?.stop(), starter?.stop(), hanging?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('a mixed class, with every report', () => {
    let code: number | null;
    let stderr: string;
    let json: JsonClass;
    let elapsed: number;

    before(async () => {
      const started = Date.now();
      const out = await runCli(['--roster', roster, '--timeout', String(TIMEOUT_MS), '--json', '--csv', path.join(dir, 'out.csv'), '--junit', path.join(dir, 'out.xml')]);
      elapsed = Date.now() - started;
      code = out.code;
      stderr = out.stderr;
      json = JSON.parse(out.stdout) as JsonClass;
    });

    it('exits 1: every good line was checked, one line could not be; no progress bar off a terminal', () => {
      expect(code, stderr).to.equal(1);
      expect(stderr).to.equal('');
    });

    it('lists every learner once, in roster order, with the line they are on', () => {
      expect(json.version).to.equal(1);
      expect(json.learners.map((l) => [l.learner, l.line])).to.deep.equal([
        ['ana', 2],
        ['bruno', 3],
        ['carla', 5],
        ['Rossi, "Dario"', 6],
        ['eva', 9],
      ]);
    });

    it('gives each learner the right results', () => {
      const by = Object.fromEntries(json.learners.map((l) => [l.learner, l.results.checks]));
      // On a failure, say what the learner got, not only that it differs.
      const statuses = (name: string) => by[name]!.map((c) => c.status);
      const got = (name: string) => JSON.stringify(by[name]);
      const reasons = (name: string, section: string) => by[name]!.filter((c) => c.section === section).map((c) => c.reason);
      expect(statuses('ana'), got('ana')).to.deep.equal(['passed', 'passed', 'passed', 'passed', 'passed']);
      expect(reasons('bruno', 'hints')).to.deep.equal(['assertion', 'assertion', 'assertion']);
      expect(statuses('bruno').slice(3)).to.deep.equal(['failed', 'failed']);
      expect(reasons('carla', 'hints')).to.deep.equal(['unreachable', 'unreachable', 'unreachable']);
      expect(statuses('Rossi, "Dario"')).to.deep.equal(['failed', 'failed', 'failed', 'failed', 'failed']);
      expect(reasons('Rossi, "Dario"', 'hints')).to.deep.equal(['timeout', 'timeout', 'timeout']);
      expect(statuses('eva')).to.deep.equal(['passed', 'passed', 'passed', 'skipped', 'skipped']);
      expect(json.learners.find((l) => l.learner === 'eva')!.results.target).to.equal(path.join(ROOT, 'solution'));
    });

    it('reports the malformed line with its number, and checks the lines after it', () => {
      expect(json.problems).to.deep.equal([{ line: 8, problem: 'fields', message: 'expected two fields, learner,target; found 3' }]);
      expect(json.learners.at(-1)!.learner).to.equal('eva');
    });

    it('is not held up by the hanging submission beyond its own time limits', () => {
      // The hanging learner costs at most its checks' limits; the others ran beside it.
      const others = json.learners.filter((l) => l.learner !== 'Rossi, "Dario"').flatMap((l) => l.results.checks);
      expect(others.every((c) => c.reason !== 'timeout')).to.equal(true);
      // Generous: the hanging learner's checks in a row, plus start-up and the apps' checks.
      expect(elapsed).to.be.below(CHECKS * TIMEOUT_MS + 15_000);
    });

    it('writes a CSV that parses back into a table with one row per learner', () => {
      const { records, unterminatedAt } = parseCsv(readFileSync(path.join(dir, 'out.csv'), 'utf8'));
      expect(unterminatedAt).to.equal(undefined);
      const [header, ...rows] = records.map((r) => r.fields.map((f) => f.replace(/\r$/, '')));
      expect(rows.map((row) => row.length)).to.deep.equal(rows.map(() => header!.length));
      expect(rows.map((row) => row[0])).to.deep.equal(learners);
      const column = (name: string) => header!.indexOf(name);
      expect(rows.map((row) => row[column('passed')])).to.deep.equal(['true', 'false', 'false', 'false', 'true']);
      expect(rows.map((row) => row[column('reason_1')])).to.deep.equal(['', 'assertion', 'unreachable', 'timeout', '']);
      expect(rows.map((row) => row[column('check_5')])).to.deep.equal(['passed', 'failed', 'failed', 'failed', 'skipped']);
    });

    it('writes well-formed JUnit XML with one suite per learner and the right counts', () => {
      const root = parseXml(readFileSync(path.join(dir, 'out.xml'), 'utf8'));
      const suites = child(root, 'testsuite');
      expect(suites.map((s) => s.attrs.name)).to.deep.equal([...learners, PROBLEMS_SUITE]);
      const counts = suites.map((s) => [s.attrs.tests, s.attrs.failures, s.attrs.skipped, s.attrs.errors].map(Number));
      expect(counts).to.deep.equal([
        [5, 0, 0, 0],
        [5, 5, 0, 0],
        [5, 5, 0, 0],
        [5, 5, 0, 0],
        [5, 0, 2, 0],
        [1, 0, 0, 1],
      ]);
      expect(root.attrs).to.include({ tests: '26', failures: '15', skipped: '2', errors: '1' });
      const dario = child(suites[3]!, 'testcase');
      expect(child(dario[0]!, 'failure')[0]!.attrs.type).to.equal('timeout');
      expect(dario[0]!.attrs.classname).to.equal('Rossi, "Dario"');
    });
  });

  it('prints the table: each learner once, a mark per check, the reasons, and the bad line', async () => {
    const { code, stdout } = await runCli(['--roster', roster, '--timeout', String(TIMEOUT_MS), '--hints-only']);
    expect(code).to.equal(1);
    const rows = stdout.split('\n');
    for (const learner of learners) expect(rows.filter((row) => row.startsWith(learner + ' ')), learner).to.have.length(1);
    expect(rows.find((row) => row.startsWith('ana '))).to.match(/^ana +✔ ✔ ✔$/);
    expect(rows.find((row) => row.startsWith('bruno '))).to.match(/✘ ✘ ✘ +assertion$/);
    expect(rows.find((row) => row.startsWith('eva '))).to.match(/✔ ✔ ✔$/);
    expect(stdout).to.include('line 8: expected two fields, learner,target; found 3');
  });

  it('exits 0 when every line was checked, whatever the learners got', async () => {
    const file = path.join(dir, 'failing.csv');
    writeFileSync(file, `bruno,${path.join(ROOT, 'starter')}\n`);
    const { code, stdout } = await runCli(['--roster', file, '--json']);
    expect(code).to.equal(0);
    const json = JSON.parse(stdout) as JsonClass;
    expect(json.learners[0]!.results.passed).to.equal(false);
    expect(json.problems).to.deep.equal([]);
  });

  it('exits 2 with one line on stderr when the roster cannot be read or names nobody', async () => {
    const missing = await runCli(['--roster', path.join(dir, 'missing.csv')]);
    expect(missing.code).to.equal(2);
    expect(missing.stdout).to.equal('');
    expect(missing.stderr.trim()).to.equal(`check: cannot read the roster ${path.join(dir, 'missing.csv')}`);
    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, 'learner,target\n# nobody yet\n');
    expect((await runCli(['--roster', empty])).code).to.equal(2);
  });

  it('exits 2 on options that do not go together, in the chosen language', async () => {
    expect((await runCli(['--roster', roster, 'http://localhost:3000'])).code).to.equal(2);
    const csvAlone = await runCli(['--csv', 'out.csv']);
    expect(csvAlone.code).to.equal(2);
    expect(csvAlone.stderr.trim()).to.equal('check: --csv only works with --roster FILE');
    const bad = await runCli(['--roster', roster, '--concurrency', '0', '--lang', 'it']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr.trim()).to.equal('check: --concurrency vuole un numero intero da 1 a 64, non "0"');
    const nowhere = await runCli(['--roster', roster, '--junit', path.join(dir, 'no', 'such', 'out.xml')]);
    expect(nowhere.code).to.equal(2);
    expect(nowhere.stderr).to.include('cannot write the report');
  });
});
