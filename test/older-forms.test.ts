// freeCodeCamp's challenge files as they really are, and learners' apps as freeCodeCamp's
// own boilerplate serves them: jQuery hints from 2021-2023, files without dashedName,
// `.mdx` files, and server.js sent as text/html. Judged as freeCodeCamp judges them.

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import { CheckFailure } from '../checker/run/failure.ts';
import { createJQuery, type JqPromise } from '../checker/run/jquery.ts';
import { FetchHeaders, FetchResponse } from '../checker/run/response.ts';
import { readStep } from '../checker/step/course.ts';
import { closedPort, ROOT, runCli, startApp, type RunningApp } from './helpers/apps.ts';

const OLDER = path.join(ROOT, 'test/fixtures/steps/older');
const JQUERY_STEP = path.join(OLDER, 'communicate-by-emitting.md');
const MDX_STEP = path.join(OLDER, '589fc831f9fc0f352b528e75.mdx');

interface JsonCheck {
  status: string;
  reason?: string;
  message?: string;
}

async function checks(args: string[]): Promise<{ code: number | null; checks: JsonCheck[]; stderr: string }> {
  const { code, stdout, stderr } = await runCli(['--json', ...args]);
  return { code, checks: stdout ? (JSON.parse(stdout) as { checks: JsonCheck[] }).checks : [], stderr };
}

/** freeCodeCamp's boilerplate: `res.send(text)` labels server.js text/html; client.js is static. */
async function boilerplateLike(serverJs: string, clientJs: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url === '/_api/server.js') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(serverJs);
    if (req.url === '/public/client.js') return void res.writeHead(200, { 'content-type': 'application/javascript' }).end(clientJs);
    res.writeHead(404, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Cannot GET</body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('older freeCodeCamp challenge files', function () {
  this.timeout(30_000);
  let solution: RunningApp | undefined;
  let starter: RunningApp | undefined;

  before(async () => {
    // Each assigned as it starts, so `after` stops whichever did.
    await Promise.all([startApp('solution').then((app) => (solution = app)), startApp('starter').then((app) => (starter = app))]);
  });
  after(async () => {
    await Promise.allSettled([solution?.stop(), starter?.stop()]);
  });

  it('reads a file without dashedName, named after it, and one named by its id (.mdx), named after its title', async () => {
    expect((await readStep(JQUERY_STEP)).dashedName).to.equal('communicate-by-emitting');
    const mdx = await readStep(MDX_STEP);
    expect(mdx.dashedName).to.equal('communicate-by-emitting');
    expect(mdx.checks.map((check) => check.section)).to.deep.equal(['hints', 'hints']);
  });

  it('runs jQuery hints ($.get, JSON.parse of package.json): the solution passes them all, exit 0', async () => {
    const { code, checks: got } = await checks(['--step', JQUERY_STEP, solution!.url]);
    expect(got.map((check) => check.status)).to.deep.equal(['passed', 'passed', 'passed', 'passed']);
    expect(code).to.equal(0);
  });

  it("fails the starter on jQuery hints with the hints' own messages, as freeCodeCamp does", async () => {
    const { code, checks: got } = await checks(['--step', JQUERY_STEP, starter!.url]);
    expect(got.map((check) => [check.status, check.reason, check.message])).to.deep.equal([
      ['failed', 'assertion', 'You should have variable currentUsers defined'],
      ['failed', 'assertion', 'You should emit "user count" with data currentUsers'],
      ['passed', undefined, undefined],
      ['failed', 'assertion', 'Your client should be connection to server with the connection defined as socket'],
    ]);
    expect(code).to.equal(1);
  });

  it("says nothing answered when a jQuery hint's request fails, not the hint's rethrown status text", async () => {
    const { checks: got } = await checks(['--step', JQUERY_STEP, `http://127.0.0.1:${await closedPort()}`]);
    expect(got.map((check) => check.reason)).to.deep.equal(['unreachable', 'unreachable', 'unreachable', 'unreachable']);
    expect(got[0]!.message).to.match(/^Nothing answered at http:\/\/127\.0\.0\.1:\d+\/_api\/server\.js\.$/);
  });

  it('runs an .mdx file given by path: fetch and res.json() hints on the solution pass', async () => {
    const { code, checks: got } = await checks(['--step', MDX_STEP, solution!.url]);
    expect(got.map((check) => check.status)).to.deep.equal(['passed', 'passed']);
    expect(code).to.equal(0);
  });
});

describe('server.js sent as text/html, as freeCodeCamp boilerplate does', function () {
  this.timeout(30_000);
  const starterServer = readFileSync(path.join(ROOT, 'starter/server.js'), 'utf8');
  const solutionServer = readFileSync(path.join(ROOT, 'solution/server.js'), 'utf8');
  const starterClient = readFileSync(path.join(ROOT, 'starter/public/client.js'), 'utf8');
  const solutionClient = readFileSync(path.join(ROOT, 'solution/public/client.js'), 'utf8');
  const servers: Server[] = [];
  after(async () => {
    await Promise.allSettled(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it("fails the starter's hints with reason assertion and freeCodeCamp's messages, not as an HTML page", async () => {
    const app = await boilerplateLike(starterServer, starterClient);
    servers.push(app.server);
    const { checks: got } = await checks(['--hints-only', app.url]);
    expect(got.map((check) => [check.reason, check.message])).to.deep.equal([
      ['assertion', 'You should have variable currentUsers defined'],
      ['assertion', 'You should emit "user count" with data currentUsers'],
      ['assertion', 'Your client should be connection to server with the connection defined as socket'],
    ]);
  });

  it('passes the solution served the same way', async () => {
    const app = await boilerplateLike(solutionServer, solutionClient);
    servers.push(app.server);
    const { code, checks: got } = await checks(['--hints-only', app.url]);
    expect(got.map((check) => check.status)).to.deep.equal(['passed', 'passed', 'passed']);
    expect(code).to.equal(0);
  });

  it('still calls a real HTML document an HTML page, whatever its Content-Type', async () => {
    const page = '\uFEFF  \n<!DOCTYPE html>\n<html><body><form action="/login"></form></body></html>';
    const app = await boilerplateLike(page, starterClient);
    servers.push(app.server);
    const { checks: got } = await checks(['--hints-only', app.url]);
    expect(got.map((check) => check.reason)).to.deep.equal(['not-javascript', 'not-javascript', 'assertion']);
  });
});

describe('$ (jQuery) in checks', () => {
  const answer = (status: number, body: string, type: string) =>
    new FetchResponse(Buffer.from(body), { status, statusText: status === 200 ? 'OK' : 'Not Found', headers: new FetchHeaders({ 'content-type': type }), url: 'http://a.test/x', redirected: false });

  it('gives text for a text answer and an object for a JSON answer, with the status in jqXHR', async () => {
    const $ = createJQuery(async (input) => (String(input).endsWith('.json') ? answer(200, '{"a":1}', 'application/json') : answer(200, 'let x;', 'text/html')), () => {});
    const text = await new Promise((resolve) => $.get('http://a.test/x.js').then((data, status, xhr) => resolve([data, status, xhr.status])));
    expect(text).to.deep.equal(['let x;', 'success', 200]);
    expect(await $.get('http://a.test/p.json')).to.deep.equal({ a: 1 });
    expect(await $.getJSON('http://a.test/p.json')).to.deep.equal({ a: 1 });
    // getJSON(url, success): the function is the success callback, not data for the address.
    const called = await new Promise((resolve) => void $.getJSON('http://a.test/p.json', (data: unknown) => resolve(data)));
    expect(called).to.deep.equal({ a: 1 });
  });

  /** A $ whose every request is answered 200 with `body`, and the addresses it was asked for. */
  const recording = (body: string, type: string) => {
    const asked: string[] = [];
    const $ = createJQuery(async (input) => {
      asked.push(String(input));
      return answer(200, body, type);
    }, () => {});
    return { $, asked };
  };

  it('getJSON with data and a callback: the data goes on the address, the answer to the callback', async () => {
    const { $, asked } = recording('{"b":2}', 'application/json');
    const called = await new Promise((resolve) => void $.getJSON('http://a.test/p.json', { q: 'x y' }, (data: unknown) => resolve(data)));
    expect([asked, called]).to.deep.equal([['http://a.test/p.json?q=x+y'], { b: 2 }]);
  });

  it("adds jQuery's data argument to the address: an object or a query string, after a ? or an &", async () => {
    const { $, asked } = recording('ok', 'text/plain');
    await $.get('http://a.test/x', { a: 1, b: 'two words' });
    await $.get('http://a.test/x?z=0', 'c=3');
    await $.get('http://a.test/x', null);
    expect(asked).to.deep.equal(['http://a.test/x?a=1&b=two+words', 'http://a.test/x?z=0&c=3', 'http://a.test/x']);
  });

  it('calls the failure callback with status and statusText for an error status, and for a network failure (status 0)', async () => {
    const failures: CheckFailure[] = [];
    const $ = createJQuery(async (input) => {
      if (String(input).includes('down')) throw new CheckFailure('unreachable', 'unreachable', { url: String(input) });
      return answer(404, 'Cannot GET', 'text/html');
    }, (failure) => failures.push(failure));
    const missing = await $.get('http://a.test/missing').then(
      () => 'succeeded',
      (xhr) => [xhr.status, xhr.statusText],
    );
    expect(missing).to.deep.equal([404, 'Not Found']);
    const down = await $.get('http://down.test/').then(
      () => 'succeeded',
      (xhr) => [xhr.status, xhr.statusText],
    );
    expect(down).to.deep.equal([0, 'error']);
    expect(failures.map((failure) => failure.reason)).to.deep.equal(['unreachable']);
  });

  /** How a request ended, in words: `succeeded: DATA`, or `rejected: STATUS` (its jqXHR's). */
  const ended = (request: JqPromise | Promise<unknown>) =>
    Promise.resolve(request as PromiseLike<unknown>).then((data) => `succeeded: ${String(data)}`, (xhr: unknown) => `rejected: ${(xhr as { status: number }).status}`);

  it('the success-only forms: then(onOk) rejects with the jqXHR on an error status; $.get(url, success) calls success on a success only', async () => {
    const $ = createJQuery(async (input) => (String(input).includes('missing') ? answer(404, 'Cannot GET', 'text/html') : answer(200, 'let x;', 'text/html')), () => {});
    const said = (data: unknown) => `succeeded: ${String(data)}`;
    expect(await ended($.get('http://a.test/missing').then(said))).to.equal('rejected: 404');
    expect(await $.get('http://a.test/x.js').then(said)).to.equal('succeeded: let x;');
    const called: unknown[] = [];
    await $.get('http://a.test/x.js', (data: unknown) => called.push(data)).then(() => {}, () => {});
    await $.get('http://a.test/missing', (data: unknown) => called.push(`missing: ${String(data)}`)).then(() => {}, () => {});
    expect(called).to.deep.equal(['let x;']);
  });

  it('takes a 304 Not Modified as a success, as jQuery does (the body as it came), and a 305 as an error', async () => {
    const $ = createJQuery(async (input) => (String(input).endsWith('304') ? answer(304, 'let x;', 'text/plain') : answer(305, 'let x;', 'text/plain')), () => {});
    expect(await ended($.get('http://a.test/304'))).to.equal('succeeded: let x;');
    expect(await ended($.get('http://a.test/305'))).to.equal('rejected: 305');
  });

  it('fails getJSON on text that is not JSON, as a parser error', async () => {
    const $ = createJQuery(async () => answer(200, 'not json', 'text/plain'), () => {});
    const outcome = await $.getJSON('http://a.test/x').then(
      () => 'succeeded',
      (_xhr, textStatus) => textStatus,
    );
    expect(outcome).to.equal('parsererror');
  });
});
