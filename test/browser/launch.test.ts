// The Chromium the browser tests share: a new context opens its page and nothing else.
// Without the omnibox features turned off, each window also preloads the address bar's
// pop-ups (chrome://omnibox-popup.top-chrome/), in renderers of their own: about 24 s of
// the suite's CPU, and 17 s of the browser files' time.

import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchChromium, releaseChromium } from './helpers.ts';

describe('the browser tests’ Chromium', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  after(() => releaseChromium(browser));

  it('opens a context with its page only: no omnibox pop-up of the browser’s own', async function () {
    browser = await launchChromium(this);
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
});
