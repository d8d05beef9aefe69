// The course along its steps: every step's end state (made from solution/ and the steps'
// changes, steps/<step>/app.diff) passes its step and every earlier one; the state before
// a step fails that step's own hint; the kit's starter made this way is starter/, byte for
// byte; and the commands that take --step (check, --watch, --dir, --roster, compare, the
// lesson page) check or show the step they are given.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { compareDirs } from '../checker/compare/files.ts';
import { compareMain } from '../checker/cli/compare-main.ts';
import { END_STATES_DIR, endStateChanges, writeEndState } from '../checker/course/states.ts';
import { checkCommand, stepAfter } from '../checker/course/next.ts';
import { CheckPool, courseSteps, loadStep, run, type Results, type Step } from '../checker/index.ts';
import { PLAIN } from '../checker/render/colour.ts';
import { renderTable } from '../checker/render/table.ts';
import { runClass } from '../checker/roster/class.ts';
import { readRoster } from '../checker/roster/read.ts';
import { translator } from '../checker/i18n/index.ts';
import { LANGS, type ClassResults } from '../checker/types.ts';
import { createLearnApp } from '../learn/app.ts';
import { closedPort, ROOT, startApp, type RunningApp } from './helpers/apps.ts';
import { main } from '../checker/cli/main.ts';
import { Capture, TEST_ENV, type CliRun } from './helpers/cli.ts';
import { stopAll } from './helpers/fixture-apps.ts';
import { until } from './helpers/wait.ts';

const FIRST = 'communicate-by-emitting';
const SECOND = 'handle-a-disconnect';
const TIMEOUT_MS = 3000;
const limits = { timeoutMs: TIMEOUT_MS };

const statuses = (results: Results) => results.checks.map((c) => `${c.section} ${c.status}`);

describe('the course: steps in order, each with its end state', function () {
  this.timeout(60_000);
  const steps = courseSteps();
  const made: string[] = [];
  /** An end state written inside the kit (so that it finds the kit's node_modules), removed afterwards. */
  const endState = (step: string | null): string => {
    mkdirSync(END_STATES_DIR, { recursive: true });
    const dir = mkdtempSync(path.join(END_STATES_DIR, 'test-'));
    made.push(dir);
    writeEndState(step, dir);
    return dir;
  };
  const loaded: Record<string, Step> = {};
  /** The app at each point of the course: `starter`, then after each step. */
  const apps: Record<string, RunningApp> = {};
  let pool: CheckPool | undefined;

  /** `npm run check -- args` in this process, on this file's pool (no worker to start for each run). */
  async function runCli(args: string[]): Promise<CliRun> {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await main(args, { stdout, stderr, env: TEST_ENV }, undefined, pool);
    return { code, signal: null, stdout: stdout.text, stderr: stderr.text };
  }

  before(async () => {
    for (const name of steps) loaded[name] = await loadStep(name, 'en');
    const points: (string | null)[] = [null, ...steps];
    const started = await Promise.all(points.map((point) => startApp(endState(point))));
    points.forEach((point, i) => (apps[point ?? 'starter'] = started[i]!));
    pool = new CheckPool(2);
  });

  after(async () => {
    await pool?.close();
    await stopAll(Object.values(apps));
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('lists Handle a Disconnect after Communicate by Emitting', () => {
    expect(steps).to.deep.equal([FIRST, SECOND]);
    expect(stepAfter(FIRST, steps)).to.equal(SECOND);
    expect(stepAfter(SECOND, steps)).to.equal(undefined);
    expect(stepAfter('not-a-step', steps)).to.equal(undefined);
  });

  it("makes the kit's starter exactly starter/, and the last step's end state exactly solution/", () => {
    const differ = (a: string, b: string) => compareDirs(a, b).filter((change) => change.status !== 'same').map((change) => change.file);
    expect(differ(endState(null), path.join(ROOT, 'starter'))).to.deep.equal([]);
    expect(differ(endState(SECOND), path.join(ROOT, 'solution'))).to.deep.equal([]);
    expect([...endStateChanges(SECOND).keys()]).to.deep.equal([]);
  });

  it("changes only the lessons' lines from one step to the next: the lines of the step's app.diff, added", () => {
    const expected: Record<string, Record<string, string[]>> = {
      [FIRST]: {
        'public/client.js': ["socket.on('user count', function (data) {", 'console.log(data);', '});'],
        'server.js': ['let currentUsers = 0;', '++currentUsers;', "io.emit('user count', currentUsers);"],
      },
      [SECOND]: {
        'server.js': ['', "socket.on('disconnect', () => {", '--currentUsers;', "io.emit('user count', currentUsers);", '});'],
      },
    };
    let before = endState(null);
    for (const step of steps) {
      const after = endState(step);
      const changed: Record<string, string[]> = {};
      for (const change of compareDirs(before, after)) {
        if (change.status === 'same') continue;
        expect(change.status, `${step}: ${change.file}`).to.equal('changed');
        if (change.status !== 'changed') continue;
        expect(change.removed, `${step}: lines removed from ${change.file}`).to.equal(0);
        changed[change.file] = change.hunks.flatMap((hunk) => hunk.lines.filter((line) => line.op === 'added').map((line) => line.text.trim()));
      }
      expect(changed, step).to.deep.equal(expected[step]);
      before = after;
    }
  });

  it('refuses a change that no longer applies, naming the step and the file (the kit\'s own error)', () => {
    const stepsDir = mkdtempSync(path.join(os.tmpdir(), 'kit-steps-'));
    made.push(stepsDir);
    for (const step of steps) symlinkSync(path.join(ROOT, 'steps', step), path.join(stepsDir, step));
    writeFileSync(path.join(stepsDir, 'course.json'), JSON.stringify({ steps }));
    const solutionDir = mkdtempSync(path.join(os.tmpdir(), 'kit-solution-'));
    made.push(solutionDir);
    cpSync(path.join(ROOT, 'solution'), solutionDir, { recursive: true, filter: (source) => !/[\\/](node_modules|data)$/.test(source) });
    writeFileSync(path.join(solutionDir, 'server.js'), readFileSync(path.join(solutionDir, 'server.js'), 'utf8').replace('--currentUsers;', 'currentUsers -= 1;'));
    expect(() => endStateChanges(FIRST, { stepsDir, solutionDir })).to.throw().with.property('key', 'course.changeDoesNotApply');
  });

  it('each end state passes its step and every earlier one; the state before a step fails its own hint', async () => {
    // In order on each app: from step two on, the checks leave the count as they found it.
    const seen: Record<string, Record<string, string[]>> = {};
    await Promise.all(
      ['starter', ...steps].map(async (point) => {
        seen[point] = {};
        for (const step of steps) seen[point]![step] = statuses(await run(loaded[step]!, { kind: 'url', url: apps[point]!.url }, { lang: 'en', pool, limits, sections: point === 'starter' || steps.indexOf(point) < steps.indexOf(step) ? ['hints'] : undefined }));
      })
    );
    const passedAll = (step: string) => loaded[step]!.checks.map((c) => `${c.section} passed`);
    expect(seen.starter![FIRST], 'the starter on step one').to.deep.equal(['hints failed', 'hints failed', 'hints failed']);
    expect(seen.starter![SECOND], 'the starter on step two').to.deep.equal(['hints failed', 'hints failed']);
    expect(seen[FIRST]![FIRST], 'step one on step one').to.deep.equal(passedAll(FIRST));
    // Step two's second hint is step one's (the client listens): only the first is step two's own.
    expect(seen[FIRST]![SECOND], 'step one on step two').to.deep.equal(['hints failed', 'hints passed']);
    expect(seen[SECOND]![FIRST], 'step two on step one').to.deep.equal(passedAll(FIRST));
    expect(seen[SECOND]![SECOND], 'step two on step two').to.deep.equal(passedAll(SECOND));
  });

  describe('npm run check: --step, and the line naming the next step', () => {
    it('without --step checks the first step and, when it passes, names the next step and its command', async () => {
      const url = apps[FIRST]!.url;
      const { code, stdout, stderr } = await runCli(['--timeout', String(TIMEOUT_MS), url]);
      expect(stderr).to.equal('');
      expect(code).to.equal(0);
      expect(stdout).to.include('Share the User Count with Every Client by Emitting an Event');
      expect(stdout.trimEnd().split('\n').at(-1)).to.equal(`Next step: Handle a Disconnect. Check it with: npm run check -- --step handle-a-disconnect ${url}/`);
    });

    it('names no next step when the step fails, nor in JSON (whose contract is unchanged)', async () => {
      const failed = await runCli(['--hints-only', apps.starter!.url]);
      expect(failed.code).to.equal(1);
      expect(failed.stdout).not.to.include('Next step');
      const json = await runCli(['--json', '--timeout', String(TIMEOUT_MS), apps[FIRST]!.url]);
      expect(json.code).to.equal(0);
      const parsed = JSON.parse(json.stdout) as { step: string; checks: unknown[] };
      expect(parsed.step).to.equal(FIRST);
      expect(parsed.checks).to.have.length(7);
    });

    it('--step handle-a-disconnect checks step two, in the chosen language, and says the course is done', async () => {
      const passed = await runCli(['--step', SECOND, '--lang', 'pt-BR', '--timeout', String(TIMEOUT_MS), apps[SECOND]!.url]);
      expect(passed.code).to.equal(0);
      expect(passed.stdout).to.include('Tratar a desconexão de um usuário').and.include('3 de 3 verificações');
      expect(passed.stdout.trimEnd().split('\n').at(-1)).to.equal('Essa foi a última etapa do curso.');
      const failed = await runCli(['--step', SECOND, '--hints-only', apps[FIRST]!.url]);
      expect(failed.code).to.equal(1);
      expect(failed.stdout).to.include("The server should handle the 'disconnect' event of a socket.");
    });

    it('writes the command for a folder or another address, quoted for a shell', () => {
      expect(checkCommand(SECOND, { kind: 'url', url: 'http://localhost:3000/' })).to.equal('npm run check -- --step handle-a-disconnect');
      expect(checkCommand(SECOND, { kind: 'url', url: 'http://localhost:3001/' })).to.equal('npm run check -- --step handle-a-disconnect http://localhost:3001/');
      expect(checkCommand(SECOND, { kind: 'dir', dir: '/class/ana maria' })).to.equal("npm run check -- --step handle-a-disconnect --dir '/class/ana maria'");
    });

    it('--step with --dir reads a folder for that step', async () => {
      const before = await runCli(['--step', SECOND, '--dir', endState(FIRST)]);
      expect(before.code).to.equal(1);
      expect(before.stdout).to.include('✘ 1.').and.include('✔ 2.');
      const dir = endState(SECOND);
      const after = await runCli(['--step', SECOND, '--dir', dir]);
      expect(after.code).to.equal(0);
      expect(after.stdout).to.include('2 of 3 checks passed, 1 skipped.');
      expect(after.stdout.trimEnd().split('\n').at(-1)).to.equal('That was the last step of the course.');
    });

    it('--step with --watch checks that step, and names the next one when it passes', async () => {
      const stdout = new Capture();
      const stop = new AbortController();
      const watching = main(['--watch', '--step', FIRST, '--timeout', String(TIMEOUT_MS), apps[SECOND]!.url], { stdout, stderr: new Capture(), env: TEST_ENV }, stop.signal, pool);
      try {
        await until(() => stdout.text.includes('Watching'), 20_000, 'the first report');
      } finally {
        stop.abort();
      }
      expect(await watching).to.equal(130);
      expect(stdout.text).to.include('7 of 7 checks passed.').and.include('Next step: Handle a Disconnect. Check it with: npm run check -- --step handle-a-disconnect');
    });

    it('--step with --roster checks a whole class on that step (the hints: a failing app waits for events)', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-roster-'));
      made.push(dir);
      const roster = path.join(dir, 'class.csv');
      writeFileSync(roster, `learner,target\nana,${apps[SECOND]!.url}\nbruno,${apps[FIRST]!.url}\ncarla,${endState(SECOND)}\n`);
      const { code, stdout } = await runCli(['--roster', roster, '--step', SECOND, '--json', '--hints-only']);
      expect(code).to.equal(0);
      const report = JSON.parse(stdout) as { step: string; learners: { learner: string; results: { passed: boolean; checks: { status: string }[] } }[] };
      expect(report.step).to.equal(SECOND);
      expect(report.learners.map((l) => [l.learner, l.results.passed, l.results.checks.map((c) => c.status).join(' ')])).to.deep.equal([
        ['ana', true, 'passed passed'],
        ['bruno', false, 'failed passed'],
        ['carla', true, 'passed passed'],
      ]);
    });
  });

  describe("the instructor guide's class checked per step", () => {
    let results: ClassResults;
    const SAMPLE = path.join(ROOT, 'test/fixtures/rosters/sample');

    before(async () => {
      // As in the guide: the solution (now at step two) on :3001, the starter on :3002, nothing on :3003.
      const copy = mkdtempSync(path.join(os.tmpdir(), 'kit-sample-'));
      made.push(copy);
      cpSync(SAMPLE, copy, { recursive: true });
      const text = readFileSync(path.join(SAMPLE, 'class.csv'), 'utf8');
      const closed = `http://127.0.0.1:${await closedPort()}`;
      writeFileSync(path.join(copy, 'class.csv'), text.replaceAll('http://localhost:3001', apps[SECOND]!.url).replaceAll('http://localhost:3002', apps.starter!.url).replaceAll('http://localhost:3003', closed));
      const roster = await readRoster(path.join(copy, 'class.csv'));
      results = await runClass(loaded[SECOND]!, roster.entries, roster.problems, { lang: 'en', limits });
    });

    for (const lang of LANGS) {
      it(`docs/${lang}/instructor.md shows the table the sample roster really gives on step two`, async () => {
        const step = await loadStep(SECOND, lang);
        const inLang: ClassResults = {
          ...results,
          lang,
          learners: results.learners.map((l) => ({ ...l, results: { ...l.results, lang, checks: l.results.checks.map((c) => ({ ...c, text: step.checks[c.n - 1]!.plain })) } })),
        };
        const table = renderTable(inLang, translator(lang), PLAIN, step.title).replaceAll(apps[SECOND]!.url, 'http://localhost:3001');
        if (process.env.PRINT_TABLES) console.log(`--- ${lang}\n${table}\n---`);
        const guide = readFileSync(path.join(ROOT, 'docs', lang, 'instructor.md'), 'utf8');
        const at = guide.indexOf('<!-- sample-table-handle-a-disconnect -->');
        expect(at, `docs/${lang}/instructor.md has <!-- sample-table-handle-a-disconnect -->`).to.be.above(-1);
        const block = /```[a-z]*\n([\s\S]*?)\n```/.exec(guide.slice(at))![1]!;
        expect(block).to.equal(table);
      });
    }
  });

  describe('npm run compare', () => {
    function runCompare(args: string[], root = ROOT): { code: number; stdout: string; stderr: string } {
      const stdout = new Capture();
      const stderr = new Capture();
      const code = compareMain(args, { stdout, stderr, env: { LANG: 'en_US.UTF-8', NO_COLOR: '1' } }, root);
      return { code, stdout: stdout.text, stderr: stderr.text };
    }

    it("--step NAME shows that step's own change, from the step before it", () => {
      const second = runCompare(['--step', SECOND]);
      expect(second.code).to.equal(0);
      expect(second.stdout).to.include('From communicate-by-emitting/ to handle-a-disconnect/, file by file');
      expect(second.stdout).to.include('server.js: 5 lines added, 0 removed').and.include("+   socket.on('disconnect', () => {");
      expect(second.stdout).not.to.include('public/client.js:');
      const first = runCompare(['--step', FIRST]);
      expect(first.stdout).to.include('From starter/ to communicate-by-emitting/, file by file').and.include('public/client.js: 3 lines added, 0 removed');
    });

    it("--step NAME FOLDER shows a learner's folder against that step's end state", () => {
      const learner = endState(FIRST);
      const { code, stdout } = runCompare(['--step', SECOND, learner]);
      expect(code).to.equal(0);
      expect(stdout).to.include(`From ${learner} to handle-a-disconnect/, file by file`).and.include('+     --currentUsers;');
    });

    it("without folders, shows the kit's own starter, whatever a learner did to starter/", () => {
      // A kit whose starter/ a learner has finished: compare still starts from the kit's starter.
      const root = mkdtempSync(path.join(os.tmpdir(), 'kit-root-'));
      made.push(root);
      symlinkSync(path.join(ROOT, 'steps'), path.join(root, 'steps'));
      symlinkSync(path.join(ROOT, 'solution'), path.join(root, 'solution'));
      cpSync(path.join(ROOT, 'solution'), path.join(root, 'starter'), { recursive: true, filter: (source) => !/[\\/](node_modules|data)$/.test(source) });
      const { code, stdout } = runCompare([], root);
      expect(code).to.equal(0);
      expect(stdout).to.include('From starter/ to solution/, file by file');
      expect(stdout).to.include('server.js: 8 lines added, 0 removed').and.include('public/client.js: 3 lines added, 0 removed');
    });

    it('refuses an unknown step, or --step with two folders (exit 2, one line)', () => {
      const unknown = runCompare(['--step', 'nope']);
      expect(unknown.code).to.equal(2);
      expect(unknown.stderr).to.equal('compare: unknown step "nope" (known: communicate-by-emitting, handle-a-disconnect)\n');
      const two = runCompare(['--step', SECOND, 'starter', 'solution']);
      expect(two.code).to.equal(2);
      expect(two.stderr).to.equal("compare: give two folders to compare, or none for the kit's starter and solution/; with --step, one folder at most\n");
    });
  });

  describe('the lesson page', () => {
    let server: Server | undefined;
    let port = 0;
    before(async () => {
      server = createServer(createLearnApp({ pool: pool!, port: () => port, limits }));
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    after(async () => {
      await new Promise((resolve) => server?.close(resolve));
    });

    const page = async (lang: string, step: string) => (await fetch(`http://127.0.0.1:${port}/${lang}/${step}`)).text();

    it('shows both steps, each linking to the one before and the one after, in three languages', async () => {
      const first = await page('it', FIRST);
      expect(first).to.include('data-step="communicate-by-emitting"');
      expect(first).to.match(/<nav class="pager" aria-label="Tappe del corso"><a class="next" rel="next" href="\/it\/handle-a-disconnect">Tappa successiva: Gestire la disconnessione di un utente<\/a><\/nav>/);
      const second = await page('pt-BR', SECOND);
      expect(second).to.include('data-step="handle-a-disconnect"');
      expect(second).to.match(/<nav class="pager" aria-label="Etapas do curso"><a class="prev" rel="prev" href="\/pt-BR\/communicate-by-emitting">Etapa anterior: Emitir um evento para compartilhar a contagem de usuários com todos os clientes<\/a><\/nav>/);
      expect(await page('en', SECOND)).to.include('<a class="prev" rel="prev" href="/en/communicate-by-emitting">Previous step: Share the User Count with Every Client by Emitting an Event</a>');
    });

    it("each step's page checks its own step", async () => {
      const check = async (step: string, url: string) => {
        const res = await fetch(`http://127.0.0.1:${port}/api/check`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin' },
          body: JSON.stringify({ url, lang: 'en', step }),
        });
        expect(res.status, step).to.equal(200);
        return (await res.json()) as { checks: { status: string }[] };
      };
      const second = await check(SECOND, apps[SECOND]!.url);
      expect(second.checks.map((c) => c.status)).to.deep.equal(['passed', 'passed', 'passed']);
      const beforeIt = await check(SECOND, apps[FIRST]!.url);
      expect(beforeIt.checks.map((c) => c.status)).to.deep.equal(['failed', 'passed', 'failed']);
      const first = await check(FIRST, apps[FIRST]!.url);
      expect(first.checks.map((c) => c.status)).to.deep.equal(['passed', 'passed', 'passed', 'passed', 'passed', 'passed', 'passed']);
    });
  });
});
