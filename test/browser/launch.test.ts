// The Chromium the browser tests share: a new context opens its page and nothing else.
// Without the omnibox features turned off, each window also preloads the address bar's
// pop-ups (chrome://omnibox-popup.top-chrome/), in renderers of their own: about 24 s of
// the suite's CPU, and 17 s of the browser files' time.

import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { linuxProcesses } from '../helpers/app-processes.ts';
import { launchChromium, releaseChromium } from './helpers.ts';

/** The arguments this process started Chromium with (Linux's /proc), or undefined elsewhere. */
function chromiumArguments(): string[] | undefined {
  if (process.platform !== 'linux') return undefined;
  for (const { pid } of linuxProcesses().filter((proc) => proc.ppid === process.pid)) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args.includes('--remote-debugging-pipe')) return args;
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

describe('the browser tests’ Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  before(async function () {
    browser = await launchChromium(this);
  });
  after(() => releaseChromium(browser));

  it('opens a context with its page only: no omnibox pop-up of the browser’s own', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto('data:text/html,<title>one page</title>');
      const session = await browser.newBrowserCDPSession();
      const { targetInfos } = await session.send('Target.getTargets');
      await session.detach();
      expect(targetInfos.map((target) => target.url)).to.deep.equal(['data:text/html,<title>one page</title>']);
    } finally {
      await context.close();
    }
  });

  it("turns off every feature Playwright's own list does (Chromium keeps only the last --disable-features)", function () {
    const args = chromiumArguments();
    if (!args) return this.skip(); // read from /proc: Linux only
    const lists = args.filter((arg) => arg.startsWith('--disable-features=')).map((arg) => arg.slice('--disable-features='.length).split(','));
    expect(lists, 'Playwright\'s list, then ours').to.have.length(2);
    const [playwrights, ours] = lists as [string[], string[]];
    expect(playwrights.filter((feature) => !ours.includes(feature)), 'missing from DISABLED_FEATURES (test/browser/helpers.ts)').to.deep.equal([]);
    expect(ours).to.include.members(['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'SpareRendererForSitePerProcess']);
  });
});
