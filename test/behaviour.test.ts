// The behaviour checks (`# --behaviour--`) against real Socket.IO apps: small fixture
// apps that pass freeCodeCamp's text hints but get the behaviour wrong one way each,
// one that is right, and the kit's solution. Every fixture app runs on Socket.IO 2.3,
// 3.x and 4.x, and must get the same verdicts on each. All the apps start at once, on
// free ports of their own; the checks run in-process on one shared pool, with one run
// of the real CLI per Socket.IO version for the exit status and the words it prints.

import { expect } from 'chai';
import { CheckPool } from '../checker/run/pool.ts';
import { run } from '../checker/run/run.ts';
import { loadStep } from '../checker/step/course.ts';
import type { Lang, Results, Step } from '../checker/types.ts';
import { closedPort, runCli, startApp, type CliRun, type RunningApp } from './helpers/apps.ts';
import { poll } from './helpers/wait.ts';
import {
  fixtureApps,
  openClients,
  readExpected,
  settledClients,
  SOCKET_IO_SERVERS,
  startFixtures,
  stopAll,
  type SocketIoVersion,
} from './helpers/fixture-apps.ts';

/** Each check's limit in these runs: the event wait is then 900 ms (limits.ts), instead of 1500. */
const TIMEOUT_MS = 3000;
const limits = { timeoutMs: TIMEOUT_MS };

const HINTS = ['hints', 'hints', 'hints'];
const SECTIONS = [...HINTS, 'behaviour', 'behaviour', 'behaviour', 'behaviour'];

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

/** What the tests compare of a check: its verdict, not its duration. */
const verdict = (results: Results) =>
  results.checks.map((c) => ({ section: c.section, status: c.status, reason: c.failure?.reason, key: c.failure?.key }));

/**
 * One CLI run per Socket.IO version, each in a language of its own, on the counter
 * declared inside the listener: the counter restarts at every connection, so the
 * words are the same whatever ran before (1, then 1 again).
 */
const CLI_RUNS: Record<SocketIoVersion, { lang: Lang; problem: string; advice: string }> = {
  '2.x': {
    lang: 'en',
    problem: 'The first client got 1, then 1 again when a second client connected.',
    advice:
      "The count did not rise. Two usual causes: let currentUsers = 0; is declared inside the connection listener, so it starts from zero on every connection (move it just above io.on('connection', ...)); or the listener lacks ++currentUsers; before io.emit('user count', currentUsers);.",
  },
  '3.x': {
    lang: 'pt-BR',
    problem: 'O primeiro cliente recebeu 1 e, quando um segundo cliente se conectou, recebeu 1 de novo.',
    advice:
      "A contagem não subiu. As duas causas de sempre: let currentUsers = 0; foi declarado dentro do listener de conexão, então recomeça do zero a cada conexão (mova a linha para logo acima de io.on('connection', ...)); ou falta ++currentUsers; no listener, antes de io.emit('user count', currentUsers);.",
  },
  '4.x': {
    lang: 'it',
    problem: 'Il primo client ha ricevuto 1 e poi di nuovo 1 quando si è collegato un secondo client.',
    advice:
      "Il conteggio non è salito. Le due cause tipiche: let currentUsers = 0; è dichiarato dentro il listener di connessione, quindi riparte da zero a ogni connessione (spostalo subito sopra io.on('connection', ...)); oppure nel listener manca ++currentUsers; prima di io.emit('user count', currentUsers);.",
  },
};

describe('behaviour checks with real Socket.IO clients, on Socket.IO 2.x, 3.x and 4.x', function () {
  // Every fixture app on three Socket.IO versions, twice (full and hints only): a few minutes on a busy machine.
  this.timeout(300_000);
  const fixtures = fixtureApps();
  const appKey = (version: SocketIoVersion, name: string) => `${version}/${name}`;
  let step: Step;
  let apps: Record<string, RunningApp> = {};
  let pool: CheckPool | undefined;
  const full = new Map<string, Results>();
  const hintsOnly = new Map<string, Results>();
  const cli = new Map<SocketIoVersion, CliRun>();

  before(async () => {
    step = await loadStep('communicate-by-emitting', 'en');
    // One process per Socket.IO version holds all the fixture apps; each is assigned as it starts.
    const started = await Promise.allSettled([
      startApp('solution').then((app) => (apps.solution = app)),
      ...SOCKET_IO_SERVERS.map(({ version, pkg }) =>
        startFixtures(fixtures, pkg).then((hosted) => {
          for (const name of fixtures) apps[appKey(version, name)] = hosted[name];
        })
      ),
    ]);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    // Checks mostly wait (for events that never come, in the failing apps): several runs
    // share the pool at once, and the CLI runs go alongside. Eight workers, not three: the
    // file took 18 s instead of 26 s alone, for the same CPU time.
    const shared = (pool = new CheckPool(8));
    const target = (key: string) => ({ kind: 'url' as const, url: apps[key].url });
    await Promise.all([
      ...SOCKET_IO_SERVERS.flatMap(({ version }) =>
        fixtures.map(async (name) => {
          const key = appKey(version, name);
          full.set(key, await run(step, target(key), { lang: 'en', pool: shared, limits }));
          hintsOnly.set(key, await run(step, target(key), { lang: 'en', pool: shared, limits, sections: ['hints'] }));
        })
      ),
      ...SOCKET_IO_SERVERS.map(async ({ version }) => {
        const args = ['--lang', CLI_RUNS[version].lang, '--timeout', String(TIMEOUT_MS), apps[appKey(version, 'counter-inside-listener')].url];
        cli.set(version, await runCli(args));
      }),
    ]);
  });

  after(async () => {
    await pool?.close();
    await stopAll(Object.values(apps));
  });

  for (const { version } of SOCKET_IO_SERVERS) {
    describe(`on Socket.IO ${version}`, () => {
      for (const name of fixtures) {
        const expected = readExpected(name);
        const allPass = [...expected.hints, ...expected.behaviour.map((b) => b.status)].every((s) => s === 'passed');

        it(`${name}: the hints ${expected.hints.join('/')}, then ${expected.behaviour.map((b) => b.key ?? b.status).join(', ')}`, async () => {
          const results = full.get(appKey(version, name))!;
          expect(results.checks.map((c) => c.section)).to.deep.equal(SECTIONS);
          expect(results.checks.slice(0, 3).map((c) => c.status)).to.deep.equal(expected.hints);
          expect(verdict(results).slice(3)).to.deep.equal(
            expected.behaviour.map((b) => ({ section: 'behaviour', status: b.status, reason: b.reason, key: b.key }))
          );
          expect(results.passed).to.equal(allPass);
          expect(await settledClients(apps[appKey(version, name)]), 'test clients still connected to the app').to.equal(0);
        });
      }

      // Socket.IO 2.x sends a middleware error's data in place of its message when it has
      // some; 3.x and 4.x send the message (and the data beside it).
      const said = version === '2.x' ? '{"content":"Please log in"}' : 'unauthorized';
      it(`quotes the app's refusal as the client received it (requires-session: ${said})`, () => {
        const refused = full.get(appKey(version, 'requires-session'))!.checks.slice(3);
        expect(refused.map((c) => [c.failure?.key, c.failure?.params.message])).to.deep.equal(Array(4).fill(['socket-rejected', said]));
      });

      it('--hints-only gives exactly the hints of a full run, for every fixture app', () => {
        for (const name of fixtures) {
          const key = appKey(version, name);
          expect(verdict(hintsOnly.get(key)!), name).to.deep.equal(verdict(full.get(key)!).slice(0, 3));
        }
      });

      const { lang, problem, advice } = CLI_RUNS[version];
      it(`the CLI, in ${lang}: exit 1 for counter-inside-listener, what was seen and where the declaration belongs`, () => {
        const { code, stdout, stderr } = cli.get(version)!;
        expect(stderr).to.equal('');
        expect(code).to.equal(1);
        expect(stdout).to.include(problem);
        expect(stdout).to.include(advice);
        expect(stdout).not.to.match(/^\s+at /m);
      });

      it('run() with a pool of its own closes it and leaves nothing open in this thread', async () => {
        const app = apps[appKey(version, 'socket-emit')];
        expect(await settledClients(app), 'clients connected before run()').to.equal(0);
        // Taken after an await: mocha starts its own timer for the test only then.
        const before = resources();
        // A short limit: the first client is left waiting for an event that never comes (600 ms).
        const results = await run(step, { kind: 'url', url: app.url }, { lang: 'en', limits: { timeoutMs: 2000 }, sections: ['behaviour'] });
        expectNothingMoreThan(before);
        expect(verdict(results).map((c) => c.key)).to.deep.equal([undefined, undefined, 'only-newcomer-told', undefined]);
        expect(await settledClients(app), 'test clients still connected to the app').to.equal(0);
      });
    });
  }

  describe("the kit's solution (Socket.IO 4.x)", () => {
    it('passes every check, hints and behaviour, twice in a row: the checks compare counts, not absolute numbers', async () => {
      for (let i = 0; i < 2; i++) {
        const results = await run(step, { kind: 'url', url: apps.solution.url }, { lang: 'en', pool, limits });
        expect(results.checks.map((c) => [c.section, c.status])).to.deep.equal(SECTIONS.map((s) => [s, 'passed']));
      }
    });
  });

  describe('an address where nothing listens', () => {
    it('fails the hints and the behaviour checks as unreachable', async () => {
      const url = `http://127.0.0.1:${await closedPort()}`;
      const results = await run(step, { kind: 'url', url }, { lang: 'en', pool, limits });
      expect(results.checks.map((c) => [c.section, c.failure?.reason])).to.deep.equal(SECTIONS.map((s) => [s, 'unreachable']));
      expect(results.checks.slice(3).map((c) => c.failure?.key)).to.deep.equal(['unreachable', 'unreachable', 'unreachable', 'unreachable']);
    });
  });

  describe('a behaviour check that overruns its time limit', () => {
    it('has its worker terminated, which closes the test client it had open (on 2.x)', async () => {
      const app = apps[appKey('2.x', 'right')];
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
      const running = run(hangs, { kind: 'url', url: app.url }, { lang: 'en', limits: { timeoutMs: 1500 } }).finally(() => (ended = true));
      // The client really was connected while the check hung...
      const seen = await poll(async () => {
        const clients = await openClients(app);
        return clients > 0 || ended ? clients : undefined;
      }, 10_000, 'a client connected while the check hung');
      expect(seen, 'clients connected while the check hung').to.equal(1);
      const results = await running;
      // ...and is gone once the pool has stopped the worker.
      expect(results.checks.map((c) => [c.status, c.failure?.reason])).to.deep.equal([['failed', 'timeout']]);
      expect(await settledClients(app), 'the hung check left its client connected').to.equal(0);
    });
  });
});
