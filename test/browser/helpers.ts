// Shared by the real-browser tests: Debian's Chromium through playwright-core, the learn
// server as `npm run learn` starts it, and console messages a page logs.

import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { CheckPool, type Limits } from '../../checker/index.ts';
import { createLearnApp } from '../../learn/app.ts';
import { startNode } from '../helpers/process.ts';
import { ROOT } from '../helpers/apps.ts';

export { closedPort, ROOT, startApp, type RunningApp } from '../helpers/apps.ts';

/** Where Chromium usually is: Debian's and Ubuntu's packages, Google Chrome, Playwright's own install. */
const USUAL_PLACES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Screenshots land here (git-ignored), for a person to look at after a run. */
export const OUTPUT_DIR = path.join(ROOT, 'test-output');

/**
 * The browser to drive: `CHROMIUM_PATH` when set (and only it), else the first of the
 * usual places that exists. playwright-core never downloads a browser of its own.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  let playwrights: string | undefined;
  try {
    playwrights = chromium.executablePath();
  } catch {
    // no browser of Playwright's own: fine
  }
  return [...USUAL_PLACES, playwrights].find((place): place is string => Boolean(place) && existsSync(place!));
}

/**
 * Chromium keeps only the last --disable-features it is given, so this one replaces
 * Playwright's own list (1.65's, kept here: a test compares it with Playwright's) and adds a spare renderer and the two omnibox pop-ups: every new
 * context opens a window whose address bar preloads them, each in a renderer of its own
 * (chrome://omnibox-popup.top-chrome/). With them, the browser files took 49 s instead of
 * 32 s (two runs each, mocha --jobs 2), and those renderers cost the whole suite ~24 s of CPU.
 */
const DISABLED_FEATURES =
  '--disable-features=' +
  [
    'WebUIOmniboxPopup',
    'WebUIOmniboxAimPopup',
    // A spare renderer, started ahead for the next page: each new context discards the last
    // one unused and starts another (20 renderers for 10 contexts instead of 10, ~0.05 s of
    // CPU each, Chromium 156).
    'SpareRendererForSitePerProcess',
    // Playwright's (test/browser/launch.test.ts compares): HTTP stays HTTP, no paint holding
    // or storage partitioning, nothing asked of Google; the last three are Windows' and Edge's.
    'AvoidUnnecessaryBeforeUnloadCheckSync',
    'DestroyProfileOnBrowserClose',
    'HttpsUpgrades',
    'HttpsFirstBalancedModeAutoEnable',
    'LensOverlay',
    'MediaRouter',
    'PaintHolding',
    'ThirdPartyStoragePartitioning',
    'AvoidCorsURLLoaderRestartOnRedirect',
    'OptimizationHints',
    'NetworkTimeServiceQuerying',
    'AimEnabled',
    'PreconnectToSearch',
    'TcpPortRandomizationWin',
    'msForceBrowserSignIn',
    'msEdgeUpdateLaunchServicesPreferredVersion',
  ].join(',');

const HOW_TO_GET = 'no Chromium found (CHROMIUM_PATH, /usr/bin/chromium, chromium-browser, google-chrome): the browser tests are pending. Install it with `sudo bash .ci/install-chromium.sh`, or point CHROMIUM_PATH at one.';
let toldOnce = false;

/**
 * Chromium for a browser suite's `before` hook (pass `this`). Without a browser, the
 * suite is pending outside CI, with one line saying how to get one; in CI (`CI` set, as
 * .ci/run sets it) a missing browser fails the run.
 *
 * One Chromium serves the browser files that one test process runs back to back (each test
 * opens contexts of its own, so no cookie, storage or page is shared): a suite gives it back
 * with releaseChromium in its `after` hook, and it is closed once no suite has taken it
 * again within LINGER_MS. A launch costs ~2 s of CPU, and there are eight browser files.
 */
export async function launchChromium(context?: Mocha.Context): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    if (!context || process.env.CI) throw new Error(HOW_TO_GET.replace('are pending', 'cannot run'));
    if (!toldOnce) console.warn(`      ${HOW_TO_GET}`);
    toldOnce = true;
    context.skip();
  }
  clearTimeout(lingering);
  users++;
  shared ??= chromium
    .launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', DISABLED_FEATURES],
    })
    .then((browser) => {
      // Gone (crashed, or closed): the next suite launches another.
      browser.once('disconnected', () => {
        if (shared === launched) shared = undefined;
      });
      return browser;
    });
  const launched = shared;
  try {
    return await launched;
  } catch (err) {
    if (shared === launched) shared = undefined;
    users--;
    throw err;
  }
}

/** How long a Chromium nobody uses is kept for the next browser file of the same process. */
const LINGER_MS = 1000;
let shared: Promise<Browser> | undefined;
let users = 0;
let lingering: NodeJS.Timeout | undefined;

/** Gives back a Chromium from launchChromium (a suite's `after` hook); undefined (never launched) is fine. */
export async function releaseChromium(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  users = Math.max(0, users - 1);
  if (users > 0) return;
  clearTimeout(lingering);
  lingering = setTimeout(() => {
    if (users > 0) return;
    const closing = shared;
    shared = undefined;
    void closing?.then((b) => b.close()).catch(() => {});
  }, LINGER_MS);
}

/**
 * Waits for things started together (each assigning itself as it starts), then throws
 * the first failure: by then every other one has started, so the after hooks stop it.
 */
export async function allStarted(starts: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(starts)).find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}

export function screenshotPath(name: string): string {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  return path.join(OUTPUT_DIR, `${name}.png`);
}

/**
 * A screenshot for a person to look at (test-output/NAME.png), taken only with
 * KIT_SCREENSHOTS=1: no test reads it, and encoding full pages as PNG cost the suite CPU.
 */
export async function keepScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (process.env.KIT_SCREENSHOTS) await page.screenshot({ path: screenshotPath(name), ...options });
}

/** A server that counts the requests it gets: the address a forbidden check would fetch. */
export async function canary(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.end('');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface LearnServer {
  url: string;
  port: number;
  /** Everything the server printed so far (one line per check it ran). */
  output(): string;
  /** The exit status once stopped (null while running, or when ended by a signal). */
  exitCode(): number | null;
  stop(): Promise<void>;
}

/**
 * The learn server in this process, on a free port: what the browser suites talk to
 * (no process to start, and shorter limits when a test asks for them). The server as a
 * process of its own, `npm run learn`, is startLearn below and test/learn.server.test.ts.
 */
export async function serveLearn(limits?: Partial<Limits>): Promise<LearnServer> {
  const pool = new CheckPool(2);
  const lines: string[] = [];
  let port = 0;
  const server = createServer(createLearnApp({ pool, port: () => port, log: (line) => lines.push(line), limits }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    output: () => lines.map((line) => `${line}\n`).join(''),
    exitCode: () => null,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.close();
    },
  };
}

/** Starts `npm run learn` (bin/learn.js) with LEARN_PORT=0 and waits for its address line. */
export async function startLearn(env: NodeJS.ProcessEnv = {}): Promise<LearnServer> {
  const address = /http:\/\/127\.0\.0\.1:(\d+)\//;
  const learn = await startNode([path.join(ROOT, 'bin/learn.js')], (output) => address.test(output), {
    env: { LEARN_PORT: '0', LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '', ...env },
  });
  const port = Number(address.exec(learn.output())![1]);
  return { url: `http://127.0.0.1:${port}`, port, output: learn.output, exitCode: () => learn.child.exitCode, stop: learn.stop };
}

/** The numbers a page logs to its console, as they come, and a way to wait for one. */
export class ConsoleNumbers {
  readonly seen: number[] = [];
  private waiting: { value: number; resolve: () => void }[] = [];

  constructor(page: Page) {
    page.on('console', (message: ConsoleMessage) => {
      const text = message.text().trim();
      if (message.type() !== 'log' || !/^\d+$/.test(text)) return;
      const value = Number(text);
      this.seen.push(value);
      this.waiting = this.waiting.filter((w) => (w.value === value ? (w.resolve(), false) : true));
    });
  }

  /** Resolves once `value` has been logged (at once if it already was); the test's timeout bounds it. */
  waitFor(value: number): Promise<void> {
    if (this.seen.includes(value)) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ value, resolve }));
  }
}
