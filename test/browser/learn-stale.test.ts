// While a check runs, the previous results stay on the page marked as the previous
// check's (grey, with a note, and said so to screen readers), never left green; the new
// results or an error replace them. The app is a slow one the test holds and releases.

import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { allStarted, launchChromium, releaseChromium, ROOT, keepScreenshot, serveLearn, type LearnServer } from './helpers.ts';
import { until } from '../helpers/wait.ts';

/** An app that serves the solution's files, so the hints pass, and can hold its answers until told. */
interface SlowApp {
  url: string;
  /** Answers wait from now on... */
  hold(): void;
  /** ...until this: every waiting answer goes out, and the next ones at once. */
  release(): void;
  /** Requests now waiting for `release()`. */
  waiting(): number;
  stop(): Promise<void>;
}

async function startSlowApp(): Promise<SlowApp> {
  const files: Record<string, string> = {
    '/_api/server.js': readFileSync(path.join(ROOT, 'solution/server.js'), 'utf8'),
    '/public/client.js': readFileSync(path.join(ROOT, 'solution/public/client.js'), 'utf8'),
  };
  let held = false;
  let queue: (() => void)[] = [];
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const body = files[new URL(req.url ?? '/', 'http://app').pathname];
    if (body === undefined) res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    else res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8' }).end(body);
  };
  const server: Server = createServer((req, res) => {
    if (held) queue.push(() => answer(req, res));
    else answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const release = () => {
    held = false;
    const waiting = queue;
    queue = [];
    for (const go of waiting) go();
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold: () => (held = true),
    release,
    waiting: () => queue.length,
    stop: async () => {
      release();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('learn page: results of the previous check while a check runs', function () {
  this.timeout(30_000);
  let browser: Browser | undefined;
  let learn: LearnServer | undefined;
  let app: SlowApp | undefined;
  let context: BrowserContext | undefined;
  let page: Page;

  before(async function () {
    await allStarted([launchChromium(this).then((b) => (browser = b)), serveLearn().then((l) => (learn = l)), startSlowApp().then((a) => (app = a))]);
    context = await browser!.newContext({ locale: 'en-US', viewport: { width: 1000, height: 900 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    await page.goto(`${learn!.url}/en/communicate-by-emitting`);
  });
  after(async () => {
    await context?.close();
    await releaseChromium(browser);
    await Promise.allSettled([learn?.stop(), app?.stop()]);
  });

  const checked = async () => Number((await page.getAttribute('body', 'data-checked')) ?? 0);
  const waitChecked = (count: number) => page.waitForFunction((n) => Number(document.body.dataset.checked ?? 0) >= n, count);
  const statuses = () => page.$$eval('.check', (items) => items.map((item) => (item as HTMLElement).dataset.status));
  const labels = () => page.$$eval('.check .status-label', (items) => items.map((item) => item.textContent));
  const markColours = () => page.$$eval('.check .mark', (items) => items.map((item) => getComputedStyle(item).color));
  /** The colour the page uses for secondary text (the address hint): stale marks take it. */
  const muted = () => page.$eval('#app-url-hint', (el) => getComputedStyle(el).color);

  it('shows the first results in colour: the hints green, the behaviour checks red', async () => {
    await page.fill('#app-url', app!.url);
    await page.click('#check-button');
    await waitChecked(1);
    expect(await statuses()).to.deep.equal(['passed', 'passed', 'passed', 'failed', 'failed', 'failed', 'failed']);
    expect(await page.getAttribute('#results', 'data-stale')).to.equal(null);
    expect(await page.isHidden('.stale-note')).to.equal(true);
    const colours = await markColours();
    expect(colours[0]).to.not.equal(await muted());
    expect(colours[3]).to.not.equal(colours[0]);
    expect(await labels()).to.deep.equal(['Passed:', 'Passed:', 'Passed:', 'Failed:', 'Failed:', 'Failed:', 'Failed:']);
  });

  it('marks them as the previous check\'s while the next check waits for the app', async () => {
    const before = await checked();
    const green = (await markColours())[0];
    app!.hold();
    await page.click('#check-button');
    await page.waitForSelector('#results[data-stale]');
    // The learn server is waiting on the app: the check is running.
    await page.waitForFunction(() => document.body.dataset.checking === 'true');
    await until(() => app!.waiting() > 0, 10_000, 'the app to be asked');
    expect(await checked()).to.equal(before);
    expect(await page.textContent('.stale-note')).to.equal('Checking again: the results below are from the previous check.');
    expect(await page.isVisible('.stale-note')).to.equal(true);
    // Marks keep their shapes but lose their colours: nothing stays green.
    expect(await page.$$eval('.check .mark', (items) => items.map((item) => item.textContent))).to.deep.equal(['✔', '✔', '✔', '✘', '✘', '✘', '✘']);
    const colours = await markColours();
    expect(colours).to.deep.equal(Array(7).fill(await muted()));
    expect(colours).to.not.include(green);
    expect(await labels()).to.deep.equal([
      'Passed (from the previous check):',
      'Passed (from the previous check):',
      'Passed (from the previous check):',
      'Failed (from the previous check):',
      'Failed (from the previous check):',
      'Failed (from the previous check):',
      'Failed (from the previous check):',
    ]);
    expect(await page.textContent('[role="status"]')).to.equal('Checking your app…');
    await keepScreenshot(page, 'learn-stale', { fullPage: true });
    app!.release();
    await waitChecked(before + 1);
  });

  it('clears the marking when the new results arrive', async () => {
    expect(await page.getAttribute('#results', 'data-stale')).to.equal(null);
    expect(await page.isHidden('.stale-note')).to.equal(true);
    expect(await labels()).to.deep.equal(['Passed:', 'Passed:', 'Passed:', 'Failed:', 'Failed:', 'Failed:', 'Failed:']);
    expect((await markColours())[0]).to.not.equal(await muted());
  });

  it('replaces them with the error when the check cannot run', async () => {
    const before = await checked();
    await page.fill('#app-url', 'ftp://127.0.0.1/');
    await page.click('#check-button');
    await waitChecked(before + 1);
    expect(await page.textContent('[role="alert"]')).to.equal('"ftp://127.0.0.1/" is not an http or https address, e.g. http://localhost:3000');
    expect(await page.getAttribute('#results', 'data-stale')).to.equal(null);
    expect(await page.isHidden('.stale-note')).to.equal(true);
    expect(await statuses()).to.deep.equal(Array(7).fill('pending'));
    expect(await labels()).to.deep.equal(Array(7).fill('Not checked yet:'));
  });
});
