// Submitting on freeCodeCamp, in a real Chromium: a page served as https://www.freecodecamp.org
// (Playwright's routing) runs the step's hints exactly as the step file holds them, with
// chai's assert, fetch and getUserInput('url'), against the kit's apps on this computer.
//
// Chrome (142 and later) asks the learner before a public site may reach this device
// (Local Network Access). The learner's Allow is granted here as Playwright's
// `local-network-access` permission, which Playwright 1.65 passes to Chromium as its three
// permissions `localNetworkAccess`, `localNetwork` and `loopbackNetwork`. Probed on Chromium
// 156 through CDP: an app on localhost or 127.0.0.1 is reachable with `loopbackNetwork`
// alone and not with `localNetworkAccess` alone (this Chromium splits loopback off). A
// control run without the grant must fail to fetch: it proves the page counts as public.

import { buildSync } from 'esbuild';
import { expect } from 'chai';
import type { Browser, BrowserContext } from 'playwright-core';
import { loadStep } from '../../checker/index.ts';
import { allStarted, launchChromium, releaseChromium, startApp, type RunningApp } from './helpers.ts';

const PAGE = 'https://www.freecodecamp.org/learn/back-end-development-and-apis/advanced-node-and-express/communicate-by-emitting';

/** chai's assert as the page's global, built for the browser from the kit's own chai. */
const CHAI = buildSync({
  stdin: { contents: "import { assert } from 'chai'; globalThis.assert = assert;", resolveDir: process.cwd(), loader: 'js' },
  bundle: true,
  format: 'iife',
  platform: 'browser',
  write: false,
}).outputFiles[0]!.text;

/** The hints' own assertion messages (freeCodeCamp's), in order. */
const MESSAGES = [
  'You should have variable currentUsers defined',
  'You should emit "user count" with data currentUsers',
  'Your client should be connection to server with the connection defined as socket',
];

interface Outcome {
  passed: boolean;
  name?: string;
  message?: string;
}

describe("submitting on freeCodeCamp: its page runs the hints against the app on this computer, in Chromium", function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  const apps: Partial<Record<'solution' | 'starter', RunningApp>> = {};
  let hints: string[] = [];
  const contexts: BrowserContext[] = [];

  before(async function () {
    browser = await launchChromium(this);
    hints = (await loadStep('communicate-by-emitting', 'en')).checks.filter((check) => check.section === 'hints').map((check) => check.code);
    await allStarted([startApp('solution').then((app) => (apps.solution = app)), startApp('starter').then((app) => (apps.starter = app))]);
  });
  after(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await Promise.allSettled(Object.values(apps).map((app) => app?.stop()));
    await releaseChromium(browser);
  });

  /** Each hint's outcome on freeCodeCamp's page, in a fresh browser, with or without the learner's Allow. */
  async function runHints(appUrl: string, allowed: boolean): Promise<Outcome[]> {
    const context = await browser!.newContext({ permissions: allowed ? ['local-network-access'] : [] });
    contexts.push(context);
    context.setDefaultTimeout(20_000);
    await context.route('https://www.freecodecamp.org/**', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><html lang="en"><title>freeCodeCamp</title><body></body></html>' }));
    const page = await context.newPage();
    await page.goto(PAGE);
    expect(await page.evaluate(() => location.origin)).to.equal('https://www.freecodecamp.org');
    await page.addScriptTag({ content: CHAI });
    const outcomes: Outcome[] = [];
    for (const code of hints) {
      // A string, not a function: the test runner's compiler would add helpers the page lacks.
      outcomes.push(await page.evaluate<Outcome>(`(async () => {
        const url = ${JSON.stringify(appUrl)};
        const getUserInput = (name) => (name === 'url' ? url : undefined);
        try {
          // As freeCodeCamp's runner: the hint's text is an expression, evaluated where assert and fetch are globals.
          const hint = (0, eval)(${JSON.stringify(`(${code})`)});
          await hint(getUserInput);
          return { passed: true };
        } catch (error) {
          return { passed: false, name: error && error.name, message: error && error.message };
        }
      })()`));
    }
    await context.close();
    return outcomes;
  }

  it("reads the step file's three hints with the kit's own parser", () => {
    expect(hints).to.have.length(3);
    expect(hints[2]).to.include('new URL("/public/client.js", getUserInput("url"))');
  });

  for (const host of ['localhost', '127.0.0.1']) {
    it(`solution at http://${host}:PORT: every hint passes once the learner allows the page to reach this device`, async () => {
      const outcomes = await runHints(`http://${host}:${apps.solution!.port}`, true);
      expect(outcomes).to.deep.equal([{ passed: true }, { passed: true }, { passed: true }]);
    });

    it(`starter at http://${host}:PORT: each hint fails by its own assertion (the files were read)`, async () => {
      const outcomes = await runHints(`http://${host}:${apps.starter!.port}`, true);
      expect(outcomes.map((outcome) => outcome.passed)).to.deep.equal([false, false, false]);
      expect(outcomes.map((outcome) => outcome.name)).to.deep.equal(['AssertionError', 'AssertionError', 'AssertionError']);
      outcomes.forEach((outcome, i) => expect(outcome.message).to.match(new RegExp(`^${MESSAGES[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)));
    });

    it(`control, solution at http://${host}:PORT without the learner's Allow: every hint fails to fetch (the page counts as public)`, async () => {
      const outcomes = await runHints(`http://${host}:${apps.solution!.port}`, false);
      expect(outcomes).to.deep.equal(Array.from({ length: 3 }, () => ({ passed: false, name: 'TypeError', message: 'Failed to fetch' })));
    });
  }
});
