// The lesson page as good as the terminal (issue 22, item 1), in Chromium: an app older than
// its server.js is said first; a crashed app's advice names npm start's terminal; status and
// error lines show code as code, never backticks; after a check the panel scrolls to the
// first failure; long URLs never widen a phone's page; "5 s" never breaks.

import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { copyApp, removeCopy } from '../helpers/app-processes.ts';
import { allStarted, closedPort, launchChromium, releaseChromium, serveLearn, startApp, type LearnServer, type RunningApp } from './helpers.ts';

const PATH = '/en/communicate-by-emitting';

describe('learn page: what the terminal says, the page says', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let learn: LearnServer | undefined;
  let app: RunningApp | undefined;
  let copy: string | undefined;
  let closed = 0;
  const contexts: BrowserContext[] = [];

  before(async function () {
    copy = copyApp('solution');
    await allStarted([
      launchChromium(this).then((b) => (browser = b)),
      serveLearn().then((l) => (learn = l)),
      startApp(copy).then((a) => (app = a)),
      closedPort().then((p) => (closed = p)),
    ]);
  });
  after(async () => {
    await Promise.allSettled(contexts.map((context) => context.close()));
    await releaseChromium(browser);
    await Promise.allSettled([learn?.stop(), app?.stop()]);
    removeCopy(copy);
  });

  async function open(viewport: { width: number; height: number }, lang = 'en'): Promise<Page> {
    const context = await browser!.newContext({ viewport, locale: 'en-US' });
    contexts.push(context);
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto(learn!.url + PATH.replace('/en/', `/${lang}/`));
    return page;
  }

  async function checkOnce(page: Page, url: string): Promise<void> {
    const before = Number((await page.getAttribute('body', 'data-checked')) ?? 0);
    await page.fill('#app-url', url);
    await page.click('#check-button');
    await page.waitForFunction((n) => Number(document.body.dataset.checked ?? 0) > n, before);
  }

  it('says first that the running app is older than its server.js, even when every check passes', async () => {
    const page = await open({ width: 1280, height: 800 });
    await checkOnce(page, app!.url);
    expect(await page.isHidden('#stale-app')).to.equal(true);
    expect(await page.textContent('#check-status')).to.equal('7 of 7 checks passed. Well done: everything this lesson asks for works.');

    const server = path.join(copy!, 'server.js');
    writeFileSync(server, readFileSync(server, 'utf8').replace('let currentUsers = 0;', 'let currentUsers = 0; // saved, not restarted'));
    await checkOnce(page, app!.url);
    const note =
      'Your app runs an older server.js than the one on disk: restart it (Ctrl-C in its terminal, then npm start) and press Check again. The hints read the file as it is now; the behaviour checks talk to the app that is running.';
    expect(await page.isVisible('#stale-app')).to.equal(true);
    expect(await page.textContent('#stale-app')).to.equal(note);
    expect(await page.$$eval('#stale-app code', (codes) => codes.map((code) => code.textContent))).to.deep.equal(['npm start']);
    // Said first to screen readers too, and without a backtick.
    expect(await page.textContent('#check-status')).to.equal(`${note} 7 of 7 checks passed. Well done: everything this lesson asks for works.`);
  });

  it("a crashed app's advice sends the learner to npm start's terminal, code as code", async () => {
    const page = await open({ width: 1280, height: 800 });
    await checkOnce(page, `http://127.0.0.1:${closed}`);
    const advice = await page.textContent('#check-1 .advice');
    expect(advice).to.include('If npm start is running, look at its terminal: an error there (a SyntaxError, say) means the app stopped.');
    expect(advice).to.not.include('`');
    expect(await page.$$eval('#check-1 .advice code', (codes) => codes.map((code) => code.textContent))).to.include('SyntaxError');
    expect(await page.textContent('#check-status')).to.not.include('`');
  });

  it('the error when the lesson page server does not answer shows `npm run learn` as code, not backticks', async () => {
    const page = await open({ width: 1280, height: 800 });
    await page.route('**/api/check', (route) => route.abort());
    await checkOnce(page, `http://127.0.0.1:${closed}`);
    expect(await page.textContent('#check-error')).to.equal("The lesson page's server did not answer. Is npm run learn still running in its terminal?");
    expect(await page.$$eval('#check-error code', (codes) => codes.map((code) => code.textContent))).to.deep.equal(['npm run learn']);
  });

  const inView = (page: Page, selector: string) =>
    page.$eval(selector, (el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });

  it('scrolls the checks panel to the first failure after a check (wide screen: the panel scrolls, not the page)', async () => {
    const page = await open({ width: 1280, height: 560 });
    expect(await inView(page, '#check-1 .sentence')).to.equal(false);
    await checkOnce(page, `http://127.0.0.1:${closed}`);
    expect(await inView(page, '#check-1 .sentence')).to.equal(true);
    expect(await page.$eval('.checks', (panel) => panel.scrollTop)).to.be.above(0);
    expect(await page.evaluate(() => window.scrollY)).to.equal(0);
  });

  it('on a phone, scrolls the page to the first failure, and long URLs wrap instead of widening the page', async () => {
    const page = await open({ width: 360, height: 740 });
    // An app that sends every file to a sign-in page at a long address, as hosted apps' are.
    const long = `/sign-in/${'a-very-long-path-segment'.repeat(6)}`;
    const redirecting = createServer((req, res) => {
      if (req.url?.startsWith('/sign-in/')) res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Sign in</title>');
      else res.writeHead(302, { location: long }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    try {
      await checkOnce(page, `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`);
    } finally {
      redirecting.closeAllConnections();
      redirecting.close();
    }
    expect(await inView(page, '#check-1 .sentence')).to.equal(true);
    expect(await page.textContent('#check-1 .explanation')).to.include('a-very-long-path-segment');
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
    expect(widths.page).to.be.at.most(widths.screen);
  });

  it('keeps "5 s" together: a no-break space before the unit, in every language', async () => {
    const page = await open({ width: 360, height: 740 });
    for (const [lang, text] of [
      ['en', 'Re-check automatically every 5\u00a0s'],
      ['pt-BR', 'Verificar de novo automaticamente a cada 5\u00a0s'],
      ['it', 'Ricontrolla automaticamente ogni 5\u00a0s'],
    ] as const) {
      await page.goto(`${learn!.url}/${lang}/communicate-by-emitting`);
      expect((await page.textContent('label.auto'))?.trim()).to.equal(text);
    }
  });
});
