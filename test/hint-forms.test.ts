// freeCodeCamp writes hints in several forms over the years; all of them run unchanged
// from a step file given to --step. Each form below checks the lesson's first hint and
// must pass on the solution's sources and fail on the starter's.

import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { CheckPool } from '../checker/run/pool.ts';
import { run } from '../checker/run/run.ts';
import { loadStep } from '../checker/step/course.ts';
import { ROOT, runCli, startApp, type RunningApp } from './helpers/apps.ts';

const NEWEST_FORM = fileURLToPath(new URL('./fixtures/steps/newest-form.md', import.meta.url));

const FORMS: Record<string, string> = {
  // getUserInput('url') is the address as typed, with no slash after the host: older hints append to it.
  'async (getUserInput) => {...} (current)': `async (getUserInput) => {
  const url = new URL('/_api/server.js', getUserInput('url'));
  const data = await (await fetch(url)).text();
  assert.match(data, /io.emit.*('|")user count('|").*currentUsers/s, 'emit user count');
}`,
  'bare code with top-level await, code and fetch(url.href) (newest)': `const url = new URL('/_api/server.js', code);
const res = await fetch(url.href);
const data = await res.text();
assert.match(data, /io.emit.*('|")user count('|").*currentUsers/s, 'emit user count');`,
  'fetch(new URL(...)) inline (older)': `async (getUserInput) => {
  const res = await fetch(new URL('/_api/server.js', getUserInput('url')));
  assert.match(await res.text(), /io.emit.*('|")user count('|").*currentUsers/s, 'emit user count');
}`,
  'a plain function returning a promise': `(getUserInput) =>
  fetch(getUserInput('url') + '/_api/server.js')
    .then((res) => res.text())
    .then((data) => {
      assert.match(data, /io.emit.*('|")user count('|").*currentUsers/s, 'emit user count');
    })`,
  'bare code whose value is a promise': `fetch(new URL('/_api/server.js', code))
  .then((res) => res.text())
  .then((data) => assert.match(data, /io.emit.*('|")user count('|").*currentUsers/s, 'emit user count'));`,
};

/** A challenge file holding one hint, as freeCodeCamp lays it out. */
function stepFile(code: string): string {
  return ['---', 'id: 6a0f0000000000000000000a', 'title: One hint', 'challengeType: 2', 'dashedName: one-hint', '---', '',
    '# --description--', '', 'One hint in one form.', '', '# --hints--', '',
    'The server should emit `user count` with `currentUsers`.', '', '```js', code, '```', ''].join('\n');
}

/** Serves an app folder's sources the way its test routes do, without running it. */
async function serveSources(folder: string): Promise<{ url: string; server: Server }> {
  const files: Record<string, string> = {
    '/_api/server.js': path.join(ROOT, folder, 'server.js'),
    '/public/client.js': path.join(ROOT, folder, 'public/client.js'),
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (!file) return void res.writeHead(404).end('Not Found');
    res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

describe("freeCodeCamp's hint forms", function () {
  this.timeout(20_000);
  let dir: string;
  const served: Record<'solution' | 'starter', { url: string; server: Server } | undefined> = { solution: undefined, starter: undefined };
  // One worker for the file's runs, as a class lends them one: a worker start per run was most of their time.
  let pool: CheckPool | undefined;

  before(async () => {
    pool = new CheckPool(1);
    dir = mkdtempSync(path.join(tmpdir(), 'kit-forms-'));
    served.solution = await serveSources('solution');
    served.starter = await serveSources('starter');
  });
  after(async () => {
    await pool?.close();
    rmSync(dir, { recursive: true, force: true });
    for (const entry of Object.values(served)) await new Promise((resolve) => entry?.server.close(resolve));
  });

  Object.entries(FORMS).forEach(([form, code], i) => {
    it(`${form}: passes on the solution, fails on the starter`, async () => {
      const file = path.join(dir, `form-${i}.md`);
      writeFileSync(file, stepFile(code));
      const step = await loadStep(file, 'en'); // what --step path/to/file.md does
      const good = await run(step, { kind: 'url', url: served.solution!.url }, { lang: 'en', pool, limits: { timeoutMs: 3000 } });
      expect(good.checks.map((c) => c.failure ?? c.status)).to.deep.equal(['passed']);
      const bad = await run(step, { kind: 'url', url: served.starter!.url }, { lang: 'en', pool, limits: { timeoutMs: 3000 } });
      expect(bad.checks.map((c) => c.failure?.reason)).to.deep.equal(['assertion']);
      expect(bad.checks[0].failure?.message).to.equal('emit user count');
    });
  });

  it('a hint whose code does not parse in any form is a check-syntax error, not a crash', async () => {
    const file = path.join(dir, 'broken.md');
    writeFileSync(file, stepFile('async (getUserInput) => { const = 1; }'));
    const step = await loadStep(file, 'en');
    const results = await run(step, { kind: 'url', url: served.solution!.url }, { lang: 'en', pool, limits: { timeoutMs: 3000 } });
    expect(results.checks[0].failure).to.include({ reason: 'error', key: 'check-syntax' });
  });
});

describe('a step file in the newest freeCodeCamp form, through the CLI', function () {
  this.timeout(60_000);
  const apps: Partial<Record<'solution' | 'starter', RunningApp>> = {};

  before(async () => {
    [apps.solution, apps.starter] = await Promise.all([startApp('solution'), startApp('starter')]);
  });
  after(async () => {
    await Promise.all(Object.values(apps).map((app) => app?.stop()));
  });

  it('parses into three hints written as bare code with top-level await', async () => {
    const step = await loadStep(NEWEST_FORM, 'en');
    expect(step.checks.map((c) => c.section)).to.deep.equal(['hints', 'hints', 'hints']);
    for (const check of step.checks) expect(check.code).to.match(/^const url = new URL\('[^']+', code\);/).and.include('await fetch(url.href)');
  });

  it('passes against the solution (exit 0)', async () => {
    const { code, stdout, stderr } = await runCli(['--step', NEWEST_FORM, '--json', apps.solution!.url]);
    expect(stderr).to.equal('');
    const checks = (JSON.parse(stdout) as { checks: { status: string }[] }).checks;
    expect(checks.map((c) => c.status)).to.deep.equal(['passed', 'passed', 'passed']);
    expect(code).to.equal(0);
  });

  it('fails against the starter with its own messages (exit 1)', async () => {
    const { code, stdout, stderr } = await runCli(['--step', NEWEST_FORM, '--json', apps.starter!.url]);
    expect(stderr).to.equal('');
    const checks = (JSON.parse(stdout) as { checks: { status: string; reason?: string; message?: string }[] }).checks;
    expect(checks.map((c) => [c.status, c.reason])).to.deep.equal([
      ['failed', 'assertion'],
      ['failed', 'assertion'],
      ['failed', 'assertion'],
    ]);
    expect(checks.map((c) => c.message)).to.deep.equal([
      'Declare let currentUsers = 0 in server.js',
      'Increase currentUsers on every connection',
      "Listen for 'user count' on the client socket",
    ]);
    expect(code).to.equal(1);
  });
});
