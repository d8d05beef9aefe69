// The lesson server against apps that misbehave on purpose: whatever an app sends (or
// never sends), `/api/check` answers within its time limits with a small JSON body, the
// server keeps serving, and its memory stays bounded. In-process, on port 0.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { CheckPool, loadStep, STEPS_DIR } from '../checker/index.ts';
import { createLearnApp } from '../learn/app.ts';
import { closedPort } from './helpers/apps.ts';
import { startHostile, type HostileKind, type HostileServer } from './helpers/hostile-servers.ts';
import { until } from './helpers/wait.ts';

const STEP = 'communicate-by-emitting';
/**
 * The lesson's first hint alone: a stopped check's worker is replaced, and replacing
 * one for each of the lesson's checks, for four apps at once, would take most of a minute.
 */
const ONE_HINT = 'first-hint';
/** Shorter than the default 5 s, to keep the suite quick; the caps are the default ones. */
const TIMEOUT_MS = 800;
/**
 * Per check, on top of its limit: the answer's way back, and, from the second check of a
 * run on, a new worker for the one stopped by the check before (a moment on a busy machine).
 */
const SLACK_MS = 1500;
const MAX_ANSWER_BYTES = 64 * 1024;
const MiB = 1024 * 1024;

interface Answer {
  status: number;
  bytes: number;
  ms: number;
  body: { checks?: { reason?: string; status: string }[]; error?: { code: string } };
}

describe('learn server: checks against hostile apps', function () {
  this.timeout(60_000);
  let pool: CheckPool | undefined;
  let server: Server | undefined;
  let port = 0;
  const hostile: HostileServer[] = [];
  const logged: string[] = [];
  let checkCount = 0;
  let peakRss = 0;
  let sampler: NodeJS.Timeout | undefined;
  let stepsDir: string | undefined;

  /** A course of the lesson itself and of a step made of its first hint only. */
  async function course(): Promise<string> {
    const dir = mkdtempSync(path.join(tmpdir(), 'learn-hostile-'));
    const lesson = await loadStep(STEP, 'en');
    const hint = lesson.checks[0];
    symlinkSync(path.join(STEPS_DIR, STEP), path.join(dir, STEP));
    mkdirSync(path.join(dir, ONE_HINT));
    const file = ['---', `id: ${ONE_HINT}`, 'title: The first hint', 'challengeType: 2', `dashedName: ${ONE_HINT}`, '---', '', '# --description--', '', 'The first hint alone.', '', '# --hints--', '', hint.text, '', '```js', hint.code, '```', ''];
    writeFileSync(path.join(dir, ONE_HINT, 'en.md'), file.join('\n'));
    writeFileSync(path.join(dir, 'course.json'), JSON.stringify({ steps: [STEP, ONE_HINT] }));
    return dir;
  }

  before(async () => {
    checkCount = (await loadStep(STEP, 'en')).checks.length;
    stepsDir = await course();
    pool = new CheckPool(4);
    server = createServer(createLearnApp({ pool, port: () => port, stepsDir, limits: { timeoutMs: TIMEOUT_MS }, log: (line) => logged.push(line) }));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    // Four workers started (and kept: nothing answering does not cost a worker), so that the
    // times measured below are the checks', not the workers' start.
    const nobody = `http://127.0.0.1:${await closedPort()}`;
    await Promise.all([1, 2, 3, 4].map(() => check(nobody, undefined, ONE_HINT)));
    // Sampled all along, so that a short peak (a body read whole) is seen too.
    sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  });
  after(async () => {
    clearInterval(sampler);
    await Promise.allSettled(hostile.map((h) => h.stop()));
    server?.closeAllConnections();
    if (server) await new Promise((resolve) => server!.close(resolve));
    await pool?.close();
    if (stepsDir) rmSync(stepsDir, { recursive: true, force: true });
  });

  async function start(kind: HostileKind): Promise<HostileServer> {
    const started = await startHostile(kind);
    hostile.push(started);
    return started;
  }

  async function check(url: string, signal?: AbortSignal, step = STEP): Promise<Answer> {
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/check`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url, lang: 'en', step }),
      signal,
    });
    const text = await res.text();
    return { status: res.status, bytes: Buffer.byteLength(text), ms: performance.now() - started, body: JSON.parse(text) };
  }

  it('answers huge bodies, gzip bombs, endless bodies and drips in time, each with a small JSON body', async () => {
    const kinds: [HostileKind, string][] = [
      ['huge', 'too-large'],
      ['gzip-bomb', 'too-large'],
      ['endless-body', 'timeout'],
      ['drip', 'timeout'],
    ];
    const servers = await Promise.all(kinds.map(([kind]) => start(kind)));
    const rssBefore = process.memoryUsage().rss;
    peakRss = rssBefore;
    // At once, as four learners' pages might: the server runs up to four checks together.
    const answers = await Promise.all(servers.map((s) => check(s.url, undefined, ONE_HINT)));
    answers.forEach((answer, i) => {
      const [kind, reason] = kinds[i];
      expect(answer.status, kind).to.equal(200);
      expect(answer.bytes, kind).to.be.lessThan(MAX_ANSWER_BYTES);
      expect(answer.ms, kind).to.be.lessThan(TIMEOUT_MS + SLACK_MS);
      // The hint fetches server.js: it meets the size cap or the time limit.
      expect(answer.body.checks!.map((c) => c.reason), kind).to.deep.equal([reason]);
    });
    // 50 MiB sent (or offered) and 20 MiB inflated, yet at most a 1 MiB cap read per check.
    expect(servers[0].bytesSent()).to.be.lessThan(50 * MiB);
    // Measured: about 10 MiB more at the peak; the bodies read whole would take far more.
    expect(peakRss - rssBefore, 'growth of the resident memory (bytes)').to.be.lessThan(128 * MiB);
    expect(peakRss, 'resident memory (bytes), the whole test process').to.be.lessThan(1024 * MiB);
  });

  it('answers a redirect loop at once, then keeps serving pages and checks', async () => {
    const loop = await start('redirect-loop');
    const answer = await check(loop.url);
    expect(answer.status).to.equal(200);
    expect(answer.bytes).to.be.lessThan(MAX_ANSWER_BYTES);
    expect(answer.ms).to.be.lessThan(checkCount * (TIMEOUT_MS + SLACK_MS));
    expect(answer.body.checks).to.have.length(checkCount);
    expect(answer.body.checks!.slice(0, 3).map((c) => c.reason)).to.deep.equal(['redirect', 'redirect', 'redirect']);
    const page = await fetch(`http://127.0.0.1:${port}/en/${STEP}`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include('<h1>');
    const nobody = await check(`http://127.0.0.1:${await closedPort()}`);
    expect(nobody.status).to.equal(200);
    expect(nobody.body.checks!.every((c) => c.reason === 'unreachable')).to.equal(true);
  });

  it('runs four checks at once, and refuses a fifth while the four places are taken (429 busy)', async () => {
    const silent = await start('silent');
    const hangUps = [1, 2, 3, 4].map(() => new AbortController());
    const pending = hangUps.map((controller) => check(silent.url, controller.signal).catch(() => 'hung up'));
    try {
      // The fourth check reached the app, so it was taken with three running: every place is full now.
      await until(() => silent.requests() >= 4, 10_000);
      const fifth = await check(`http://127.0.0.1:${await closedPort()}`);
      expect([fifth.status, fifth.body.error?.code]).to.deep.equal([429, 'busy']);
    } finally {
      for (const controller of hangUps) controller.abort();
      await Promise.all(pending);
    }
  });

  it('frees the places of pages that hung up mid-check, instead of answering "busy" until their checks end', async () => {
    const silent = await start('silent');
    const before = logged.length;
    const hangUps = [1, 2, 3, 4].map(() => new AbortController());
    const pending = hangUps.map((controller) => check(silent.url, controller.signal).catch(() => 'hung up'));
    // Four checks running (each has reached the app) is as many as the server takes.
    await until(() => silent.requests() >= 4, 10_000);
    for (const controller of hangUps) controller.abort();
    expect(await Promise.all(pending)).to.deep.equal(['hung up', 'hung up', 'hung up', 'hung up']);
    // Those runs would hold their places for the lesson's five checks (seconds); a freed place takes a moment.
    const started = performance.now();
    let answer: Answer;
    do answer = await check(`http://127.0.0.1:${await closedPort()}`);
    while (answer.status === 429 && performance.now() - started < TIMEOUT_MS * 2);
    expect(answer.status).to.equal(200);
    expect(logged.slice(before).filter((line) => line.startsWith(silent.url)), 'no answer was made for the pages that left').to.deep.equal([]);
  });
});
