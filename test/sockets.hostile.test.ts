// The behaviour checks against Socket.IO apps that misbehave on purpose
// (test/fixtures/hostile-sockets/server.js): whatever an app sends over Socket.IO, the
// check ends with a stable reason, nothing of it outlives the check, and a correct app
// checked next on the same single worker passes. In-process, the huge messages are of 8 MiB
// (eight times the 1 MiB cap: the same path, the frame meter stopping on the header, or the
// polling body at the cap); the real CLI gets 90 MiB ones, and its peak memory and output
// size are measured.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { CheckPool } from '../checker/run/pool.ts';
import { loadStep } from '../checker/step/course.ts';
import type { Results, Step } from '../checker/types.ts';
import type { RunningApp } from './helpers/apps.ts';
import { stopAll } from './helpers/fixture-apps.ts';
import { behaviour, checkThenRight, failures, PASSED, startHostileApps, type HostileApp } from './helpers/hostile-sockets.ts';
import { runNode } from './helpers/process.ts';

const LIMIT = 1048576;
/** A generous limit: a 2.x server takes a while to encode a huge message on a busy machine (event wait 2000 ms). */
const limits = { timeoutMs: 10_000 };

type Kind =
  | 'huge'
  | 'huge-polling'
  | 'endless-polling'
  | 'future-version'
  | 'escape-connect'
  | 'escape-handshake'
  | 'polling-only'
  | 'websocket-only'
  | 'allow-eio3';

const on = (kind: Kind, pkg = 'socket.io', env?: Record<string, string>): HostileApp => ({ kind, pkg, env });
/** In-process, a huge message of 8 MiB; for the real CLI's peak memory, 90 MiB. */
const MIB_8 = { HUGE_MIB: '8' };

/** The apps of this file: a kind on a Socket.IO package (socket.io-v2, or 4.x). */
const APPS = {
  'huge 4.x': on('huge', 'socket.io', MIB_8),
  'huge 2.x': on('huge', 'socket.io-v2', MIB_8),
  'huge-polling 4.x': on('huge-polling', 'socket.io', MIB_8),
  'huge 90 MiB 4.x': on('huge'),
  'huge 90 MiB 2.x': on('huge', 'socket.io-v2'),
  'huge-polling 90 MiB 4.x': on('huge-polling'),
  'endless-polling': on('endless-polling'),
  'future-version': on('future-version'),
  'escape-connect 4.x': on('escape-connect'),
  'escape-connect 2.x': on('escape-connect', 'socket.io-v2'),
  'escape-handshake 4.x': on('escape-handshake'),
  'escape-handshake 2.x': on('escape-handshake', 'socket.io-v2'),
  'polling-only 4.x': on('polling-only'),
  'polling-only 2.x': on('polling-only', 'socket.io-v2'),
  'websocket-only 4.x': on('websocket-only'),
  'websocket-only 2.x': on('websocket-only', 'socket.io-v2'),
  'allow-eio3 4.x': on('allow-eio3'),
} as const satisfies Record<string, HostileApp>;
type AppName = keyof typeof APPS;

/** Terminal escapes (ESC, BEL, C1 controls) as the app sent them. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

describe('behaviour checks against Socket.IO apps that misbehave on purpose', function () {
  this.timeout(60_000);
  let step: Step;
  let apps = {} as Record<AppName | 'right', RunningApp>;
  /** One worker for every run of this file: each hostile run is followed by a correct one. */
  let pool: CheckPool;

  before(async () => {
    step = await loadStep('communicate-by-emitting', 'en');
    pool = new CheckPool(1);
    // Each 90 MiB app in a process of its own, as a learner's app would be: it holds its
    // message and writes 90 MiB to every client, which a busy machine's process takes a while to do.
    apps = await startHostileApps(APPS, ['huge 90 MiB 4.x', 'huge 90 MiB 2.x', 'huge-polling 90 MiB 4.x']);
  });

  after(async () => {
    await pool?.close();
    await stopAll(Object.values(apps));
  });

  /** The behaviour checks against `name`, then against the right app on the same worker, which must pass. */
  function check(name: AppName, { code, timeoutMs = limits.timeoutMs }: { code?: string; timeoutMs?: number } = {}): Promise<Results> {
    const checks = code ? [{ section: 'behaviour' as const, text: 'A custom check.', plain: 'A custom check.', code, line: 1 }] : step.checks;
    return checkThenRight(step, pool, apps[name], apps.right, { timeoutMs }, limits, checks);
  }

  describe('a message of 8 MiB, eight times the cap', () => {
    for (const [name, transport] of [
      ['huge 4.x', 'websocket'],
      ['huge 2.x', 'websocket'],
      ['huge-polling 4.x', 'polling'],
    ] as const) {
      it(`${name}, by ${transport}: too-large, naming the endpoint, the transport and the 1 MiB limit`, async () => {
        const results = await check(name);
        expect(behaviour(results)).to.deep.equal([
          ['failed', 'too-large', 'socket-too-large'],
          ['failed', 'too-large', 'socket-too-large'],
          ['failed', 'too-large', 'socket-too-large'],
          ['failed', 'too-large', 'socket-too-large'],
        ]);
        for (const failure of failures(results)) {
          expect(failure.params).to.deep.equal({ url: `${apps[name].url}/socket.io/`, transport, limit: LIMIT });
        }
      });
    }

    it('wins over a check that turns the failed wait into a verdict of its own', async () => {
      const code = [
        'async (getUserInput) => {',
        "  const client = await sockets.connect(getUserInput('url'), 'first');",
        "  await client.next('never sent').catch(() => fail('newcomer-not-told', {}, 'no-event'));",
        '}',
      ].join('\n');
      const results = await check('huge 4.x', { code });
      expect(behaviour(results)).to.deep.equal([['failed', 'too-large', 'socket-too-large']]);
      // The same code against the right app, which sends nothing large, ends with the check's own verdict.
      const own = await check('websocket-only 4.x', { code, timeoutMs: 3000 });
      expect(behaviour(own)).to.deep.equal([['failed', 'no-event', 'newcomer-not-told']]);
    });
  });

  describe('an endless body on /socket.io/ long-polling', () => {
    it('times out the connection, and the app sees every polling request closed', async () => {
      // Nothing large here, and an endless answer times out whatever the limit: a short one.
      const results = await check('endless-polling', { timeoutMs: 1500 });
      expect(behaviour(results)).to.deep.equal([
        ['failed', 'timeout', 'connect-timeout'],
        ['failed', 'timeout', 'connect-timeout'],
        ['failed', 'timeout', 'connect-timeout'],
        ['failed', 'timeout', 'connect-timeout'],
      ]);
    });
  });

  describe('a server that speaks neither Engine.IO 3 nor 4', () => {
    it('socket-rejected: socket-version, quoting what it answered', async () => {
      const results = await check('future-version');
      expect(behaviour(results)).to.deep.equal([
        ['failed', 'socket-rejected', 'socket-version'],
        ['failed', 'socket-rejected', 'socket-version'],
        ['failed', 'socket-rejected', 'socket-version'],
        ['failed', 'socket-rejected', 'socket-version'],
      ]);
      expect(failures(results)[0].params).to.deep.equal({ url: `${apps['future-version'].url}/socket.io/`, message: 'Unsupported protocol version' });
    });
  });

  describe('refusals full of terminal escapes and C1 controls, 5 000 characters long', () => {
    for (const version of ['4.x', '2.x'] as const) {
      it(`from a middleware, on ${version}: socket-rejected, the message cut to 200 characters, the server named`, async () => {
        const results = await check(`escape-connect ${version}`);
        expect(behaviour(results)).to.deep.equal([
          ['failed', 'socket-rejected', 'socket-rejected'],
          ['failed', 'socket-rejected', 'socket-rejected'],
          ['failed', 'socket-rejected', 'socket-rejected'],
          ['failed', 'socket-rejected', 'socket-rejected'],
        ]);
        for (const { params } of failures(results)) {
          const message = String(params.message);
          expect(message).to.have.length(200);
          expect(message.startsWith('\u001b]0;owned')).to.equal(true);
          expect(message.endsWith('xxx…')).to.equal(true);
          expect(params.server).to.equal(version === '2.x' ? 'Socket.IO 2.x (Engine.IO 3)' : 'Socket.IO 3.x/4.x (Engine.IO 4)');
        }
      });

      it(`from the handshake, on ${version}: socket-refused-status 403, the message cut to 200 characters`, async () => {
        const results = await check(`escape-handshake ${version}`);
        expect(behaviour(results)).to.deep.equal([
          ['failed', 'socket-rejected', 'socket-refused-status'],
          ['failed', 'socket-rejected', 'socket-refused-status'],
          ['failed', 'socket-rejected', 'socket-refused-status'],
          ['failed', 'socket-rejected', 'socket-refused-status'],
        ]);
        for (const { params } of failures(results)) {
          expect(params.status).to.equal(403);
          expect(String(params.message)).to.have.length(200).and.match(CONTROL);
          expect(String(params.message).endsWith('…')).to.equal(true);
        }
      });
    }
  });

  describe('a server that takes one transport only', () => {
    it('polling only, on 4.x: passes, by long-polling', async () => {
      expect(behaviour(await check('polling-only 4.x'))).to.deep.equal(PASSED);
    });

    it('polling only, on 2.x: socket-websocket-refused (2.x clients connect by WebSocket only)', async () => {
      const results = await check('polling-only 2.x');
      expect(behaviour(results)).to.deep.equal([
        ['failed', 'socket-rejected', 'socket-websocket-refused'],
        ['failed', 'socket-rejected', 'socket-websocket-refused'],
        ['failed', 'socket-rejected', 'socket-websocket-refused'],
        ['failed', 'socket-rejected', 'socket-websocket-refused'],
      ]);
      expect(failures(results)[0].params).to.deep.equal({ url: `${apps['polling-only 2.x'].url}/socket.io/`, status: 400 });
    });

    for (const version of ['4.x', '2.x'] as const) {
      it(`WebSocket only, on ${version}: passes (the probe cannot tell the version; the 4.x client tries first)`, async () => {
        expect(behaviour(await check(`websocket-only ${version}`))).to.deep.equal([
          ['passed', undefined, undefined],
          ['passed', undefined, undefined],
          ['passed', undefined, undefined],
          ['passed', undefined, undefined],
        ]);
      });
    }
  });

  describe('a 4.x server that also takes 2.x clients (allowEIO3)', () => {
    it('passes (it answers the probe in protocol 3, so the 2.x client is the one that connects)', async () => {
      expect(behaviour(await check('allow-eio3 4.x'))).to.deep.equal([
        ['passed', undefined, undefined],
        ['passed', undefined, undefined],
        ['passed', undefined, undefined],
        ['passed', undefined, undefined],
      ]);
    });
  });

  describe('the real CLI on a 90 MiB message', () => {
    interface Measured {
      code: number | null;
      stdout: string;
      maxRssKb: number;
    }
    const measured = new Map<AppName, Measured>();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-rss-'));

    /** `node bin/check.js --json URL`, as a learner runs it, with a preload that writes its peak RSS at exit. */
    async function measure(name: AppName): Promise<Measured> {
      const file = path.join(dir, name.replace(/\W/g, '-'));
      const { code, stdout } = await runNode(
        ['--import', './scripts/peak-usage.mjs', 'bin/check.js', '--json', '--timeout', String(limits.timeoutMs), apps[name].url],
        { env: { PEAK_USAGE_FILE: file, NO_COLOR: '1' }, timeoutMs: 50_000 }
      );
      return { code, stdout, maxRssKb: (JSON.parse(readFileSync(file, 'utf8')) as { maxRSS: number }).maxRSS };
    }

    before(async () => {
      // One after the other: three checkers and three apps moving 90 MiB at once would
      // slow each other down past the event wait.
      for (const name of ['huge 90 MiB 4.x', 'huge 90 MiB 2.x', 'huge-polling 90 MiB 4.x'] as const) measured.set(name, await measure(name));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    for (const name of ['huge 90 MiB 4.x', 'huge 90 MiB 2.x', 'huge-polling 90 MiB 4.x'] as const) {
      it(`${name}: exit 1, too-large in words, stdout under 1 MiB, peak RSS under 300 MB`, () => {
        const { code, stdout, maxRssKb } = measured.get(name)!;
        expect(code).to.equal(1);
        expect(Buffer.byteLength(stdout)).to.be.below(1024 * 1024);
        const { checks } = JSON.parse(stdout) as { checks: { section: string; reason?: string; message?: string }[] };
        const transport = name.startsWith('huge-polling') ? 'polling' : 'websocket';
        expect(checks.filter((c) => c.section === 'behaviour').map((c) => [c.reason, c.message])).to.deep.equal([
          ['too-large', `A Socket.IO message from ${apps[name].url}/socket.io/ (${transport}) was larger than 1048576 bytes, the most a test client accepts.`],
          ['too-large', `A Socket.IO message from ${apps[name].url}/socket.io/ (${transport}) was larger than 1048576 bytes, the most a test client accepts.`],
          ['too-large', `A Socket.IO message from ${apps[name].url}/socket.io/ (${transport}) was larger than 1048576 bytes, the most a test client accepts.`],
          ['too-large', `A Socket.IO message from ${apps[name].url}/socket.io/ (${transport}) was larger than 1048576 bytes, the most a test client accepts.`],
        ]);
        expect(maxRssKb / 1024, 'peak RSS in MB').to.be.above(0).and.below(300);
      });
    }
  });
});
