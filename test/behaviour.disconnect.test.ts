// The second step, "Handle a Disconnect", against real Socket.IO apps: fixture apps that
// get the disconnect listener right or wrong one way each (expected.json names the step),
// on Socket.IO 2.3, 3.x and 4.x; and the kit's solution, which is now at that step, so
// that the first step's checks must not take someone leaving for the answer to a connection.

import { expect } from 'chai';
import { io as connectClient, type Socket } from 'socket.io-client';
import { CheckPool } from '../checker/run/pool.ts';
import { run } from '../checker/run/run.ts';
import { loadStep } from '../checker/step/course.ts';
import type { Results, Step } from '../checker/types.ts';
import { runCli, startApp, type RunningApp } from './helpers/apps.ts';
import { fixtureApps, readExpected, settledClients, SOCKET_IO_SERVERS, startFixtures, stopAll, type SocketIoVersion } from './helpers/fixture-apps.ts';
import { poll } from './helpers/wait.ts';

const STEP = 'handle-a-disconnect';
/** Each check's limit in these runs: the event wait is then 900 ms (limits.ts). */
const TIMEOUT_MS = 3000;
const limits = { timeoutMs: TIMEOUT_MS };
/** For runs that must pass: a passing check never waits out its event wait, so the longest (2 s) costs nothing and holds on a busy machine. */
const passing = { timeoutMs: 10_000 };

/** A browser tab's Socket.IO client, as the lesson's client.js opens it. */
const openTab = (url: string): Socket => connectClient(url, { transports: ['websocket'], reconnection: false, forceNew: true });

const verdict = (results: Results) =>
  results.checks.map((c) => ({ section: c.section, status: c.status, reason: c.failure?.reason, key: c.failure?.key }));

describe('step two, Handle a Disconnect: behaviour checks on Socket.IO 2.x, 3.x and 4.x', function () {
  this.timeout(60_000);
  const fixtures = fixtureApps(STEP);
  const appKey = (version: SocketIoVersion, name: string) => `${version}/${name}`;
  let step: Step;
  let first: Step;
  const apps: Record<string, RunningApp> = {};
  let pool: CheckPool | undefined;
  const full = new Map<string, Results>();

  before(async () => {
    [step, first] = await Promise.all([loadStep(STEP, 'en'), loadStep(undefined, 'en')]);
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
    // Eight workers: most checks wait for events the failing apps never send (as behaviour.test).
    const shared = (pool = new CheckPool(8));
    await Promise.all(
      SOCKET_IO_SERVERS.flatMap(({ version }) =>
        fixtures.map(async (name) => {
          const key = appKey(version, name);
          full.set(key, await run(step, { kind: 'url', url: apps[key]!.url }, { lang: 'en', pool: shared, limits }));
        })
      )
    );
  });

  after(async () => {
    await pool?.close();
    await stopAll(Object.values(apps));
  });

  it('has a fixture for the right listener and for each failing shape', () => {
    expect(fixtures).to.deep.equal([
      'disconnect-no-decrement',
      'disconnect-no-emit',
      'disconnect-on-io',
      'disconnect-only-logs',
      'disconnect-right',
      'disconnect-twice',
    ]);
  });

  for (const { version } of SOCKET_IO_SERVERS) {
    describe(`on Socket.IO ${version}`, () => {
      for (const name of fixtures) {
        const expected = readExpected(name);
        it(`${name}: the hints ${expected.hints.join('/')}, then ${expected.behaviour.map((b) => b.key ?? b.status).join(', ')}`, async () => {
          const results = full.get(appKey(version, name))!;
          expect(verdict(results)).to.deep.equal([
            ...expected.hints.map((status) => ({ section: 'hints', status, reason: status === 'failed' ? 'assertion' : undefined, key: status === 'failed' ? 'assertion' : undefined })),
            ...expected.behaviour.map((b) => ({ section: 'behaviour', status: b.status, reason: b.reason, key: b.key })),
          ]);
          expect(await settledClients(apps[appKey(version, name)]!), 'test clients still connected to the app').to.equal(0);
        });
      }
    });
  }

  it("passes step one's checks 10 times back to back on the right disconnect listener, on Socket.IO 2.x, 3.x and 4.x", async () => {
    const failures: string[] = [];
    for (const { version } of SOCKET_IO_SERVERS) {
      for (let i = 0; i < 10; i++) {
        const results = await run(first, { kind: 'url', url: apps[appKey(version, 'disconnect-right')]!.url }, { lang: 'en', pool, limits: passing });
        for (const check of results.checks.filter((c) => c.status !== 'passed')) failures.push(`${version} run ${i + 1}, check ${check.n}: ${check.failure?.key} ${JSON.stringify(check.failure?.params)}`);
      }
    }
    expect(failures).to.deep.equal([]);
  });

  it('explains each failing shape in words: what was seen, and what to change (the CLI, in Italian)', async () => {
    const { code, stdout, stderr } = await runCli(['--step', STEP, '--lang', 'it', '--timeout', String(TIMEOUT_MS), apps[appKey('4.x', 'disconnect-no-emit')]!.url]);
    expect(stderr).to.equal('');
    expect(code).to.equal(1);
    expect(stdout).to.match(/Quando uno di due client se n'è andato, quello rimasto non ha ricevuto nulla, anche se il conteggio è sceso: con entrambi collegati era \d+, e un client collegato subito dopo ha ricevuto \d+\./);
    expect(stdout).to.include("Dopo --currentUsers; aggiungi io.emit('user count', currentUsers);");
  });

  describe("the kit's solution, now at step two (Socket.IO 4.x)", () => {
    it('passes both steps, every check', async () => {
      for (const s of [first, step]) {
        const results = await run(s, { kind: 'url', url: apps.solution!.url }, { lang: 'en', pool, limits: passing });
        expect(results.checks.map((c) => [c.section, c.status]), s.dashedName).to.deep.equal(s.checks.map((c) => [c.section, 'passed']));
      }
    });

    it("passes step one's checks 50 times back to back, a tab leaving during each: a departure is never read as the answer to a connection", async () => {
      const url = apps.solution!.url;
      const failures: string[] = [];
      for (let i = 0; i < 50; i++) {
        // Two tabs of a learner: one watches the count, the other closes while the second
        // check is comparing counts, between its two clients' arrivals.
        const watcher = openTab(url);
        const seen: number[] = [];
        watcher.on('user count', (count: number) => seen.push(count));
        await poll(() => seen[0], 5000, "the watcher's count");
        const leaver = openTab(url);
        const settled = await poll(() => seen[1], 5000, "the leaver's arrival");
        // The count rises once for the first check's client, then for each of the second's:
        // the leaver goes when the second check's first client has arrived.
        let rises = 0;
        let last = settled;
        watcher.on('user count', (count: number) => {
          if (count > last && ++rises === 2) leaver.close();
          last = count;
        });
        try {
          const results = await run(first, { kind: 'url', url }, { lang: 'en', pool, limits: passing });
          for (const check of results.checks.filter((c) => c.status !== 'passed')) failures.push(`run ${i + 1}, check ${check.n}: ${check.failure?.key} ${JSON.stringify(check.failure?.params)}`);
        } finally {
          leaver.close();
          watcher.close();
        }
      }
      expect(failures).to.deep.equal([]);
    });

    it("brings the count a learner's tab sees back down after a check: the checks disconnect their test clients", async () => {
      const tab = openTab(apps.solution!.url);
      const counts: number[] = [];
      tab.on('user count', (count: number) => counts.push(count));
      try {
        const own = await poll(() => counts[0], 5000, "the tab's own count");
        const results = await run(first, { kind: 'url', url: apps.solution!.url }, { lang: 'en', pool, limits: passing, sections: ['behaviour'] });
        expect(results.passed).to.equal(true);
        // The checks' three clients raised it while they were connected...
        expect(Math.max(...counts)).to.be.greaterThan(own);
        // ...and it comes back to the tab's own count once they have gone.
        await poll(() => (counts.at(-1) === own ? true : undefined), 5000, `the count back at ${own} (seen: ${counts.join(', ')})`);
      } finally {
        tab.close();
      }
    });
  });
});
