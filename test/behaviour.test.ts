// The behaviour checks (`# --behaviour--`) against real Socket.IO apps: small fixture
// apps that pass freeCodeCamp's text hints but get the behaviour wrong one way each,
// one that is right, and the kit's solution. Each app runs on its own free port; the
// real CLI checks it as a child process (reasons, messages, exit status) and run()
// checks it in-process (catalog keys, nothing left open afterwards).

import { expect } from 'chai';
import { translator } from '../checker/i18n/index.ts';
import { run } from '../checker/run/run.ts';
import { loadStep } from '../checker/step/course.ts';
import type { Lang, Reason, Status, Step } from '../checker/types.ts';
import { closedPort, runCli, startApp, type RunningApp } from './helpers/apps.ts';
import { fixtureApps, openClients, readExpected, settledClients, startFixture, templatePattern, type ExpectedCheck } from './helpers/fixture-apps.ts';

interface JsonCheck {
  n: number;
  section: string;
  text: string;
  passed: boolean;
  status: Status;
  reason?: Reason;
  message?: string;
}

interface CheckedJson {
  code: number | null;
  checks: JsonCheck[];
}

async function checkJson(args: string[]): Promise<CheckedJson> {
  // runCli waits for the child to exit by itself, and fails the test if it has to kill it.
  const { code, stdout, stderr } = await runCli(['--json', ...args]);
  expect(stderr, 'nothing on stderr').to.equal('');
  return { code, checks: (JSON.parse(stdout) as { checks: JsonCheck[] }).checks };
}

/** A check as compared between runs: everything but its duration. */
const verdict = ({ n, section, text, status, reason, message }: JsonCheck) => ({ n, section, text, status, reason, message });

/** The message the JSON gives for a failure is the catalog's text for `key`, whatever the counts were. */
function expectFailure(check: JsonCheck, want: ExpectedCheck, lang: Lang = 'en'): void {
  const label = `check ${check.n}`;
  expect(check.status, label).to.equal(want.status);
  expect(check.reason, label).to.equal(want.reason);
  if (want.key) expect(check.message, label).to.match(templatePattern(translator(lang)(`failures.${want.key}`)));
  else expect(check.message, label).to.equal(undefined);
}

/** Active handles and requests of this thread, counted by type. */
function resources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** Nothing that run() started is still open in this thread once it has returned. */
function expectNothingMoreThan(before: Map<string, number>): void {
  for (const [type, count] of resources()) {
    expect(count, `open ${type} after run()`).to.be.at.most(before.get(type) ?? 0);
  }
}

const HINTS = ['hints', 'hints', 'hints'];
const SECTIONS = [...HINTS, 'behaviour', 'behaviour'];

describe('behaviour checks with real Socket.IO clients', function () {
  this.timeout(60_000);
  let step: Step;

  before(async () => {
    step = await loadStep('communicate-by-emitting', 'en');
  });

  for (const name of fixtureApps()) {
    const expected = readExpected(name);
    const allPass = [...expected.hints, ...expected.behaviour.map((b) => b.status)].every((s) => s === 'passed');

    describe(`the fixture app ${name}`, () => {
      let app: RunningApp;
      let full: JsonCheck[] = [];

      before(async () => {
        app = await startFixture(name);
      });
      after(async () => {
        await app?.stop();
      });

      it(`the CLI: the hints ${expected.hints.join('/')}, then ${expected.behaviour.map((b) => b.key ?? b.status).join(', ')}`, async () => {
        const { code, checks } = await checkJson([app.url]);
        full = checks;
        expect(code).to.equal(allPass ? 0 : 1);
        expect(checks.map((c) => c.section)).to.deep.equal(SECTIONS);
        expect(checks.slice(0, 3).map((c) => c.status)).to.deep.equal(expected.hints);
        checks.slice(3).forEach((check, i) => expectFailure(check, expected.behaviour[i]));
        expect(await settledClients(app), 'test clients still connected to the app').to.equal(0);
      });

      it('--hints-only gives exactly the hints of a full run, and no behaviour check', async () => {
        const { code, checks } = await checkJson(['--hints-only', app.url]);
        expect(checks.map(verdict)).to.deep.equal(full.slice(0, 3).map(verdict));
        expect(code).to.equal(expected.hints.every((s) => s === 'passed') ? 0 : 1);
      });

      it('run() in-process gives the expected catalog keys, closes its pool and leaves nothing open', async () => {
        expect(await settledClients(app), 'clients connected before run()').to.equal(0);
        // Taken after an await: mocha starts its own timer for the test only then.
        const before = resources();
        const results = await run(step, { kind: 'url', url: app.url }, { lang: 'en' });
        expectNothingMoreThan(before);
        const behaviour = results.checks.filter((c) => c.section === 'behaviour');
        expect(behaviour.map((c) => ({ status: c.status, reason: c.failure?.reason, key: c.failure?.key }))).to.deep.equal(
          expected.behaviour.map((b) => ({ status: b.status, reason: b.reason, key: b.key }))
        );
        expect(results.passed).to.equal(allPass);
        expect(await settledClients(app), 'test clients still connected to the app').to.equal(0);
      });
    });
  }

  describe('the counter declared inside the connection listener, in each language', () => {
    let app: RunningApp;
    before(async () => {
      app = await startFixture('counter-inside-listener');
    });
    after(async () => {
      await app?.stop();
    });

    it('says what was seen (1, then 1 again) and where the declaration belongs', async () => {
      const { params } = (await run(step, { kind: 'url', url: app.url }, { lang: 'en' })).checks[4].failure!;
      // Robust to the count the app has reached: the counter restarts on every connection.
      expect(params).to.deep.equal({ before: 1, after: 1 });
    });

    for (const lang of ['en', 'pt-BR', 'it'] as const) {
      it(`the text report in ${lang}`, async () => {
        const t = translator(lang);
        const { code, stdout, stderr } = await runCli(['--lang', lang, app.url]);
        expect(code, stderr).to.equal(1);
        expect(stdout).to.include(t('report.sections.behaviour'));
        expect(stdout).to.include(t('failures.count-not-increased', { before: 1, after: 1 }));
        expect(stdout).to.include(t('advice.count-not-increased'));
        if (lang !== 'en') expect(stdout).not.to.include(translator('en')('advice.count-not-increased'));
        expect(stdout).not.to.match(/^\s+at /m);
      });
    }
  });

  describe("the kit's solution", () => {
    let app: RunningApp;
    before(async () => {
      app = await startApp('solution');
    });
    after(async () => {
      await app?.stop();
    });

    it('passes every check, hints and behaviour, exit 0', async () => {
      const { code, checks } = await checkJson([app.url]);
      expect(checks.map((c) => [c.section, c.status])).to.deep.equal(SECTIONS.map((s) => [s, 'passed']));
      expect(code).to.equal(0);
    });

    it('passes again on a second run: the checks compare counts, not absolute numbers', async () => {
      const results = await run(step, { kind: 'url', url: app.url }, { lang: 'en' });
      expect(results.checks.map((c) => c.status)).to.deep.equal(SECTIONS.map(() => 'passed'));
    });

    it('--hints-only runs the three hints only', async () => {
      const { code, checks } = await checkJson(['--hints-only', app.url]);
      expect(checks.map((c) => [c.section, c.status])).to.deep.equal(HINTS.map((s) => [s, 'passed']));
      expect(code).to.equal(0);
    });
  });

  describe('an address where nothing listens', () => {
    it('fails the hints and the behaviour checks as unreachable, exit 1', async () => {
      const url = `http://127.0.0.1:${await closedPort()}`;
      const { code, checks } = await checkJson([url]);
      expect(code).to.equal(1);
      expect(checks.map((c) => [c.section, c.reason])).to.deep.equal(SECTIONS.map((s) => [s, 'unreachable']));
      checks.slice(3).forEach((check) => expectFailure(check, { status: 'failed', reason: 'unreachable', key: 'unreachable' }));
    });
  });

  describe('a behaviour check that overruns its time limit', () => {
    let app: RunningApp;
    before(async () => {
      app = await startFixture('right');
    });
    after(async () => {
      await app?.stop();
    });

    it('has its worker terminated, which closes the test client it had open', async () => {
      const hangs: Step = {
        ...step,
        checks: [
          {
            section: 'behaviour',
            text: 'Connects, then never ends.',
            plain: 'Connects, then never ends.',
            code: "async (getUserInput) => {\n  await sockets.connect(getUserInput('url'), 'first');\n  await new Promise(() => {});\n}",
            line: 1,
          },
        ],
      };
      let ended = false;
      const running = run(hangs, { kind: 'url', url: app.url }, { lang: 'en', limits: { timeoutMs: 3000 } }).finally(() => (ended = true));
      // The client really was connected while the check hung...
      let seen = 0;
      while (seen === 0 && !ended) {
        seen = await openClients(app);
        if (seen === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(seen, 'clients connected while the check hung').to.equal(1);
      const results = await running;
      // ...and is gone once the pool has stopped the worker.
      expect(results.checks.map((c) => [c.status, c.failure?.reason])).to.deep.equal([['failed', 'timeout']]);
      expect(await settledClients(app), 'the hung check left its client connected').to.equal(0);
    });
  });
});
