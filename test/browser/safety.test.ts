// The learn server fetches whatever address a check names, so nobody but its own page may
// ask it to: a real page on another origin, in Chromium. Requests from Node with forged
// headers: test/learn.safety.test.ts.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { allStarted, canary, launchChromium, releaseChromium, serveLearn, type LearnServer } from './helpers.ts';

const STEP = 'communicate-by-emitting';

describe('learn server: only its own page may ask for a check', function () {
  this.timeout(60_000);
  let learn: LearnServer | undefined;
  let target: Awaited<ReturnType<typeof canary>> | undefined;
  let browser: Browser | undefined;
  let evil: http.Server | undefined;

  before(async () => {
    await allStarted([serveLearn().then((l) => (learn = l)), canary().then((c) => (target = c))]);
  });
  after(async () => {
    await releaseChromium(browser);
    if (evil) await new Promise((resolve) => evil!.close(resolve));
    await learn?.stop();
    await target?.close();
  });

  const json = () => JSON.stringify({ url: target!.url, lang: 'en', step: STEP });

  it('cannot be made to check anything by a page on another origin, in Chromium', async function () {
    // The "other site" is another local port: a different origin, as far as the browser goes.
    evil = http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end('<!doctype html><title>elsewhere</title>');
    });
    await new Promise<void>((resolve) => evil!.listen(0, '127.0.0.1', resolve));
    const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
    browser = await launchChromium(this);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(evilUrl);
      const before = target!.hits();
      const logged = learn!.output().length;
      const blocked = await page.evaluate(
        async ({ api, body }) => {
          const outcomes: string[] = [];
          // JSON needs a CORS preflight, which the learn server never grants.
          await fetch(api, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }).then(
            () => outcomes.push('json: answered'),
            () => outcomes.push('json: blocked'),
          );
          // A "simple" request goes out without a preflight: the server itself must refuse it
          // (the browser may also withhold the answer, as Cross-Origin-Resource-Policy asks).
          await fetch(api, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body }).catch(() => undefined);
          return outcomes;
        },
        { api: `${learn!.url}/api/check`, body: json() },
      );
      expect(blocked).to.deep.equal(['json: blocked']);
      // A form posted to the learn server navigates there, so its answer can be read.
      await page.evaluate(
        ({ api, body }) => {
          const form = document.createElement('form');
          form.method = 'post';
          form.action = api;
          form.enctype = 'text/plain';
          const field = document.createElement('input');
          field.name = body;
          form.append(field);
          document.body.append(form);
          form.submit();
        },
        { api: `${learn!.url}/api/check`, body: json() },
      );
      await page.waitForURL(`${learn!.url}/api/check`);
      expect(JSON.parse((await page.textContent('body')) ?? '{}').error.code).to.equal('foreign-origin');
      expect(target!.hits()).to.equal(before);
      expect(learn!.output().slice(logged), 'the learn server ran no check for that page').to.equal('');
    } finally {
      await context.close();
    }
  });
});
