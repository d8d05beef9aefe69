// `check --merge`: the JSON reports of one roster's shards, joined into one class (issue 22,
// item 6). Shards are checked for real (folders: quick, nothing to start), merged by the
// command as a learner's CI runs it (a process of its own), and compared with the same class
// checked in one go; each refusal has its own case.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse as parseCsvText } from 'csv-parse/sync';
import { XMLValidator } from 'fast-xml-parser';
import { ROOT } from '../scripts/start-app.ts';
import { runCli, runCliProcess } from './helpers/cli.ts';

interface JsonCheck {
  n: number;
  status: string;
  ms: number;
  reason?: string;
  message?: string;
}
interface JsonClass {
  learners: { learner: string; line: number; results: { checks: JsonCheck[] } & Record<string, unknown> }[];
  problems: { line: number; problem: string; message: string }[];
  shared: unknown[];
  roster?: { sha256: string };
  shard?: unknown;
  [key: string]: unknown;
}

/** A report without its timings, which differ from run to run. */
const timeless = (json: JsonClass) => ({
  ...json,
  learners: json.learners.map((l) => ({ ...l, results: { ...l.results, checks: l.results.checks.map(({ ms: _ms, ...rest }) => rest) } })),
});

describe('check --merge', function () {
  this.timeout(120_000);
  let dir: string;
  let roster: string;
  let whole: JsonClass;
  const shardFile = (index: number, count = 3) => path.join(dir, `shard-${index}-of-${count}.json`);

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'merge-'));
    roster = path.join(dir, 'class.csv');
    const starter = path.join(ROOT, 'starter');
    const solution = path.join(ROOT, 'solution');
    writeFileSync(
      roster,
      ['learner,target', `ana,${starter}`, `bruno,${solution}`, 'carla', `dario,${starter}/`, `eva,${solution}/`, 'fabio,ftp://x', `gaia,${starter}`].join('\n') + '\n',
    );
    const one = await runCli(['--roster', roster, '--json']);
    expect(one.code, one.stderr).to.equal(1);
    whole = JSON.parse(one.stdout);
    for (let index = 1; index <= 3; index++) {
      const run = await runCli(['--roster', roster, '--shard', `${index}/3`, '--json']);
      expect(run.code, run.stderr).to.be.oneOf([0, 1]);
      writeFileSync(shardFile(index), run.stdout);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a class report names its roster by its SHA-256, the same in every shard', () => {
    expect(whole.roster?.sha256).to.match(/^[0-9a-f]{64}$/);
    for (let index = 1; index <= 3; index++) expect(JSON.parse(readFileSync(shardFile(index), 'utf8')).roster).to.deep.equal(whole.roster);
  });

  it('joins three shards, given in any order, into the class as one run reports it: roster order, problems and shared lines kept, no shard', async () => {
    const csv = path.join(dir, 'merged.csv');
    const junit = path.join(dir, 'merged.xml');
    const run = await runCliProcess(['--merge', shardFile(2), shardFile(3), shardFile(1), '--json', '--csv', csv, '--junit', junit]);
    expect(run.code, run.stderr).to.equal(1);
    expect(run.stderr).to.equal('');
    const merged: JsonClass = JSON.parse(run.stdout);
    expect(merged).to.not.have.property('shard');
    expect(timeless(merged)).to.deep.equal(timeless(whole));
    expect(merged.learners.map((l) => l.learner)).to.deep.equal(['ana', 'bruno', 'dario', 'eva', 'gaia']);
    expect(merged.problems.map((p) => [p.line, p.problem])).to.deep.equal([
      [4, 'fields'],
      [7, 'bad-url'],
    ]);
    const rows = parseCsvText(readFileSync(csv, 'utf8'), { bom: true, record_delimiter: '\r\n' }) as string[][];
    expect(rows.map((row) => row[0])).to.deep.equal(['learner', 'ana', 'bruno', 'dario', 'eva', 'gaia']);
    expect(rows[0]).to.not.include('shard');
    const message = rows[0]!.indexOf('message');
    expect(rows[1]![message]).to.equal('You should have variable currentUsers defined');
    expect(rows[2]![message]).to.equal('');
    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).to.equal(true);
    // The class's time (JUnit's): every check's time added up, whatever ran side by side.
    const added = merged.learners.flatMap((l) => l.results.checks).reduce((sum, check) => sum + check.ms, 0);
    expect(xml).to.include(`<testsuites name="communicate-by-emitting" tests="37" failures="9" errors="2" skipped="20" time="${(added / 1000).toFixed(3)}"`);
    expect(xml).to.not.include('shard');
  });

  it('prints the table by default, in the reports\' language (their messages are written in it) whatever --lang says, learners in roster order', async () => {
    const run = await runCli(['--merge', shardFile(1), shardFile(2), shardFile(3), '--lang', 'it']);
    expect(run.code, run.stderr).to.equal(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).to.equal('Share the User Count with Every Client by Emitting an Event: a class of 5 learners');
    expect(lines.filter((line) => /^(ana|bruno|dario|eva|gaia) /.test(line)).map((line) => line.split(' ')[0])).to.deep.equal(['ana', 'bruno', 'dario', 'eva', 'gaia']);
    expect(run.stdout).to.include('  line 4: expected two fields (learner,target), found 1');
  });

  async function refused(files: string[], env: NodeJS.ProcessEnv = {}) {
    const run = await runCli(['--merge', ...files], env);
    expect(run.code).to.equal(2);
    expect(run.stdout).to.equal('');
    return run.stderr;
  }

  /** Shard `from`'s report (or a copy of the report `from`), changed, as file `name`. */
  const rewrite = (from: number | JsonClass, name: string, change: (json: JsonClass) => void) => {
    const json = JSON.parse(typeof from === 'number' ? readFileSync(shardFile(from), 'utf8') : JSON.stringify(from)) as JsonClass;
    change(json);
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify(json));
    return file;
  };

  it('refuses a shard given twice, naming both files', async () => {
    expect(await refused([shardFile(1), shardFile(2), shardFile(2), shardFile(3)])).to.equal(`check: ${shardFile(2)} is shard 2 of 3, and so is ${shardFile(2)}: give each shard once\n`);
  });

  it('refuses when a shard is missing', async () => {
    expect(await refused([shardFile(1), shardFile(3)])).to.equal('check: shard 2 of 3 is missing: give the reports of all 3 shards\n');
    expect(await refused([shardFile(2), shardFile(3)])).to.equal('check: shard 1 of 3 is missing: give the reports of all 3 shards\n');
  });

  it('refuses shards of another roster', async () => {
    const other = rewrite(2, 'other-roster.json', (json) => (json.roster = { sha256: 'f'.repeat(64) }));
    expect(await refused([shardFile(1), other, shardFile(3)])).to.equal(`check: ${other} comes from another roster than ${shardFile(1)}: merge the shards of one roster\n`);
  });

  it('refuses shards in another language, in the language asked for', async () => {
    const other = rewrite(3, 'other-lang.json', (json) => (json.lang = 'pt-BR'));
    expect(await refused([shardFile(1), shardFile(2), other], { LANG: 'pt_BR.UTF-8' })).to.equal(
      `check: ${other} está em pt-BR, e ${shardFile(1)} em en: verifique todas as partes com o mesmo --lang\n`,
    );
  });

  it('refuses another step', async () => {
    const other = rewrite(3, 'other-step.json', (json) => (json.step = 'handle-a-disconnect'));
    expect(await refused([shardFile(1), shardFile(2), other])).to.equal(`check: ${other} is a report of the step "handle-a-disconnect", ${shardFile(1)} of "communicate-by-emitting": merge the shards of one class\n`);
  });

  it('refuses another shard count', async () => {
    const other = rewrite(3, 'other-count.json', (json) => (json.shard = { index: 3, count: 4 }));
    expect(await refused([shardFile(1), shardFile(2), other])).to.equal(`check: ${other} is one of 4 shards, ${shardFile(1)} one of 3: every job needs the same --shard K/N count\n`);
  });

  it('refuses a roster line that appears in two reports', async () => {
    const first = JSON.parse(readFileSync(shardFile(1), 'utf8')) as JsonClass;
    const other = rewrite(2, 'line-twice.json', (json) => json.learners.push(first.learners[0]!));
    expect(await refused([shardFile(1), other, shardFile(3)])).to.equal(`check: ${other} holds roster line ${first.learners[0]!.line}, and so does ${shardFile(1)}: these are not shards of one run\n`);
  });

  it('refuses what is not a class report: not JSON, a wrong field, no roster digest, a missing file', async () => {
    const text = path.join(dir, 'notes.txt');
    writeFileSync(text, 'hello');
    expect(await refused([text])).to.equal(`check: ${text} is not JSON: give the reports written by npm run -s check -- --roster FILE --shard K/N --json\n`);
    const wrong = rewrite(1, 'wrong.json', (json) => (json.learners[0]!.results.checks[0]!.status = 'maybe'));
    expect(await refused([wrong])).to.equal(`check: ${wrong} is not a class report of the checker (learners[0].results.checks[0].status is missing or wrong)\n`);
    const shard0 = rewrite(1, 'shard-0.json', (json) => (json.shard = { index: 0, count: 3 }));
    expect(await refused([shard0])).to.equal(`check: ${shard0} is not a class report of the checker (shard is missing or wrong)\n`);
    const sections = rewrite(1, 'sections.json', (json) => ((json.learners[0]!.results as { sectionsRun?: unknown }).sectionsRun = { hints: true }));
    expect(await refused([sections])).to.equal(`check: ${sections} is not a class report of the checker (learners[0].results.sectionsRun is missing or wrong)\n`);
    const later = rewrite(1, 'version-2.json', (json) => ((json as unknown as { version: number }).version = 2));
    expect(await refused([later])).to.equal(`check: ${later} is not a class report of the checker (version is missing or wrong)\n`);
    const list = path.join(dir, 'list.json');
    writeFileSync(list, '[1]');
    expect(await refused([list])).to.equal(`check: ${list} is not a class report of the checker (version is missing or wrong)\n`);
    const old = rewrite(1, 'old.json', (json) => delete json.roster);
    expect(await refused([old])).to.equal(`check: ${old} does not say which roster it comes from (an older checker wrote it): check that shard again\n`);
    const missing = path.join(dir, 'nowhere.json');
    expect(await refused([missing])).to.equal(`check: cannot read the report ${missing}\n`);
  });

  it("refuses a check's time that is not a number of milliseconds (text, below zero, past any number), and a roster problem without a line number", async () => {
    const wrongMs = `is not a class report of the checker (learners[0].results.checks[0].ms is missing or wrong)\n`;
    const text = rewrite(1, 'ms-text.json', (json) => ((json.learners[0]!.results.checks[0] as { ms: unknown }).ms = '5'));
    expect(await refused([text])).to.equal(`check: ${text} ${wrongMs}`);
    const negative = rewrite(1, 'ms-negative.json', (json) => (json.learners[0]!.results.checks[0]!.ms = -1));
    expect(await refused([negative])).to.equal(`check: ${negative} ${wrongMs}`);
    // JSON has no Infinity, but 1e999 reads as one.
    const endless = rewrite(1, 'ms-endless.json', (json) => (json.learners[0]!.results.checks[0]!.ms = 424242));
    writeFileSync(endless, readFileSync(endless, 'utf8').replace('424242', '1e999'));
    expect(await refused([endless])).to.equal(`check: ${endless} ${wrongMs}`);
    // A roster problem's line, likewise: an object without a line number is refused.
    const lineless = rewrite(1, 'problem-line.json', (json) => ((json.problems[0] as { line: unknown }).line = 'four'));
    expect(await refused([lineless])).to.equal(`check: ${lineless} is not a class report of the checker (problems[0].line is missing or wrong)\n`);
    const zero = rewrite(1, 'ms-zero.json', (json) => (json.learners[0]!.results.checks[0]!.ms = 0));
    // A check of 0 ms is fine: merged (exit 1, as for the shards untouched: some learners fail).
    const merged = await runCli(['--merge', zero, shardFile(2), shardFile(3)]);
    expect([merged.code, merged.stderr]).to.deep.equal([1, '']);
  });

  it('refuses options that belong to a class run, and --merge without files', async () => {
    expect(await refused([shardFile(1), '--roster', roster])).to.equal('check: --roster does not go with --merge: the reports already say how their learners were checked\n');
    const none = await runCli(['--merge']);
    expect(none.code).to.equal(2);
    expect(none.stderr).to.equal('check: --merge needs the class reports to join, e.g. npm run check -- --merge report-1.json report-2.json\n');
  });

  it('is in the help, in each language', async () => {
    expect((await runCli(['--help'])).stdout).to.include("  --merge FILE...     join the JSON reports of one roster's shards (--shard K/N --json) into one class\n  --csv FILE          with --roster or --merge:");
    expect((await runCli(['--help', '--lang', 'pt-BR'])).stdout).to.include('  --merge ARQUIVO...  junta os relatórios JSON das partes de uma lista (--shard K/N --json) numa turma só');
    expect((await runCli(['--help', '--lang', 'it'])).stdout).to.include('  --merge FILE...     unisce in una sola classe i rapporti JSON delle parti di un elenco (--shard K/N --json)');
  });

  it('keeps a reason code of up to 40 characters, an app older than its files and a Ctrl-C; refuses a 41-character reason', async () => {
    const failedAt = whole.learners[0]!.results.checks.findIndex((check) => check.status === 'failed');
    const withReason = (reason: string, name: string) =>
      rewrite(whole, name, (json) => {
        json.learners[0]!.results.checks[failedAt]!.reason = reason;
        json.learners[0]!.results.staleApp = true;
        json.learners[0]!.results.interrupted = true;
      });
    // Every character a reason code may hold: a-z, 0-9 and '-'.
    const longest = `a-0123456789${'b'.repeat(28)}`;
    const run = await runCli(['--merge', withReason(longest, 'reason-40.json'), '--json']);
    expect(run.code, run.stderr).to.equal(1);
    const merged: JsonClass = JSON.parse(run.stdout);
    expect(merged.learners[0]!.results.checks[failedAt]!.reason).to.equal(longest);
    expect(merged.learners[0]!.results.staleApp).to.equal(true);
    expect(merged.learners[0]!.results.interrupted).to.equal(true);
    const tooLong = withReason(`${longest}c`, 'reason-41.json');
    expect(await refused([tooLong])).to.equal(`check: ${tooLong} is not a class report of the checker (learners[0].results.checks[${failedAt}].reason is missing or wrong)\n`);
  });

  it('merges a single report of a class checked without --shard', async () => {
    const file = path.join(dir, 'whole.json');
    writeFileSync(file, JSON.stringify(whole));
    const run = await runCli(['--merge', file, '--json']);
    expect(run.code, run.stderr).to.equal(1);
    expect(timeless(JSON.parse(run.stdout))).to.deep.equal(timeless(whole));
  });
});
