// The learn server fetches whatever address a check names, so nobody but its own page may
// ask it to: requests from Node with forged headers. A real page on another origin, in
// Chromium: test/browser/safety.test.ts.

import http from 'node:http';
import { expect } from 'chai';
import { allStarted, canary, serveLearn, type LearnServer } from './browser/helpers.ts';

const STEP = 'communicate-by-emitting';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: { error?: { code: string; message: string }; checks?: unknown[] };
}

/** A raw request: unlike fetch, node:http lets a test send any Host it likes. */
function send(port: number, method: string, headers: Record<string, string>, body = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/api/check', method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : {} }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('learn server: only its own page may ask for a check', function () {
  this.timeout(60_000);
  let learn: LearnServer | undefined;
  let target: Awaited<ReturnType<typeof canary>> | undefined;

  before(async () => {
    await allStarted([serveLearn().then((l) => (learn = l)), canary().then((c) => (target = c))]);
  });
  after(async () => {
    await learn?.stop();
    await target?.close();
  });

  const json = () => JSON.stringify({ url: target!.url, lang: 'en', step: STEP });
  const own = () => `127.0.0.1:${learn!.port}`;

  it('runs a check for a request from its own origin (the passing case)', async () => {
    const before = target!.hits();
    const answer = await send(learn!.port, 'POST', { Host: own(), Origin: `http://${own()}`, 'Content-Type': 'application/json' }, json());
    expect(answer.status).to.equal(200);
    expect(answer.body.checks).to.be.an('array').that.is.not.empty;
    expect(target!.hits()).to.be.greaterThan(before);
  });

  it('refuses a foreign Origin with a foreign Host (403 bad-host), and runs nothing', async () => {
    const before = target!.hits();
    const answer = await send(learn!.port, 'POST', { Host: 'evil.example', Origin: 'http://evil.example', 'Content-Type': 'application/json' }, json());
    expect(answer.status).to.equal(403);
    expect(answer.body.error?.code).to.equal('bad-host');
    expect(target!.hits()).to.equal(before);
  });

  it('refuses a foreign Origin with fetch from Node (403 foreign-origin)', async () => {
    const before = target!.hits();
    const res = await fetch(`${learn!.url}/api/check`, {
      method: 'POST',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'application/json' },
      body: json(),
    });
    expect(res.status).to.equal(403);
    expect(((await res.json()) as Answer['body']).error?.code).to.equal('foreign-origin');
    expect(res.headers.get('access-control-allow-origin')).to.equal(null);
    expect(target!.hits()).to.equal(before);
  });

  it('refuses a text/plain body, even from its own origin (415 not-json)', async () => {
    const res = await fetch(`${learn!.url}/api/check`, {
      method: 'POST',
      headers: { Origin: learn!.url, 'Content-Type': 'text/plain' },
      body: json(),
    });
    expect(res.status).to.equal(415);
    expect(((await res.json()) as Answer['body']).error?.code).to.equal('not-json');
  });

  it('refuses GET (405), a body over 4 KiB (413) and broken JSON (400)', async () => {
    const get = await send(learn!.port, 'GET', { Host: own() });
    expect([get.status, get.body.error?.code, get.headers.allow]).to.deep.equal([405, 'method-not-allowed', 'POST']);
    const big = JSON.stringify({ url: target!.url, lang: 'en', step: STEP, pad: 'x'.repeat(5000) });
    const large = await send(learn!.port, 'POST', { Host: own(), 'Content-Type': 'application/json' }, big);
    expect([large.status, large.body.error?.code]).to.deep.equal([413, 'body-too-large']);
    const broken = await send(learn!.port, 'POST', { Host: own(), 'Content-Type': 'application/json' }, '{"url":');
    expect([broken.status, broken.body.error?.code]).to.deep.equal([400, 'bad-json']);
    // JSON, but not an object or an array: strict JSON bodies only, so broken JSON too.
    const bare = await send(learn!.port, 'POST', { Host: own(), 'Content-Type': 'application/json' }, JSON.stringify(target!.url));
    expect([bare.status, bare.body.error?.code]).to.deep.equal([400, 'bad-json']);
  });

  it('serves its pages with a strict Content-Security-Policy and nosniff, and not under a foreign Host', async () => {
    const res = await fetch(`${learn!.url}/en/${STEP}`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-security-policy')).to.include("script-src 'self'").and.include("default-src 'none'");
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    const rebound = await new Promise<number>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: learn!.port, path: `/en/${STEP}`, headers: { Host: `evil.example:${learn!.port}` } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(rebound).to.equal(403);
  });
});
