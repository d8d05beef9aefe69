// The lesson's own promise, seen in a real Chromium: in the solution, the chat page logs
// the user count (1, then 2 on both pages when a second browser joins); the starter logs none.
// A fresh app per test, so every count starts at 0.

import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ConsoleNumbers, launchChromium, releaseChromium, keepScreenshot, startApp, type RunningApp } from './helpers.ts';

const PASSWORD = 'correct horse battery';

describe('the lesson in the apps, in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let app: RunningApp | undefined;
  const contexts: BrowserContext[] = [];

  before(async function () {
    browser = await launchChromium(this);
  });
  after(async () => {
    await releaseChromium(browser);
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await app?.stop();
    app = undefined;
  });

  interface Chat {
    page: Page;
    numbers: ConsoleNumbers;
  }

  /** A fresh browser (its own cookies), registered or logged in, on /chat. */
  async function openChat(how: 'register' | 'login', username: string): Promise<Chat> {
    const context = await browser!.newContext({ locale: 'en-US' });
    context.setDefaultTimeout(20_000);
    contexts.push(context);
    const page = await context.newPage();
    const numbers = new ConsoleNumbers(page);
    await page.goto(app!.url);
    await page.fill(`#${how}-username`, username);
    await page.fill(`#${how}-password`, PASSWORD);
    await page.click(`form[action="/${how}"] button[type="submit"]`);
    await page.waitForURL('**/profile');
    await page.click('a[href="/chat"]');
    await page.waitForURL('**/chat');
    return { page, numbers };
  }

  /**
   * Waits until the page's socket is connected and every packet the server sent it so
   * far has been handled: the answer to a request on the same connection comes after
   * them. Then a count that has not been logged never will be.
   */
  async function settled(page: Page): Promise<void> {
    await page.waitForFunction('typeof socket !== "undefined" && socket.connected');
    await page.evaluate(`new Promise((resolve) => {
      const probe = io('/no-such-namespace');
      probe.on('connect_error', () => { probe.close(); resolve(); });
    })`);
  }

  it('solution: register, open /chat, the console shows 1; the same user in a second browser makes both show 2', async () => {
    app = await startApp('solution');
    const first = await openChat('register', 'ana');
    await first.numbers.waitFor(1);
    const second = await openChat('login', 'ana');
    await second.numbers.waitFor(2);
    await first.numbers.waitFor(2);
    await settled(first.page);
    await settled(second.page);
    expect(first.numbers.seen).to.deep.equal([1, 2]);
    expect(second.numbers.seen).to.deep.equal([2]);
    await keepScreenshot(second.page, 'chat-solution');
  });

  it('solution: two different users see 1, then both 2', async () => {
    app = await startApp('solution');
    const ana = await openChat('register', 'ana');
    await ana.numbers.waitFor(1);
    const bruno = await openChat('register', 'bruno');
    await Promise.all([ana.numbers.waitFor(2), bruno.numbers.waitFor(2)]);
    await settled(bruno.page);
    expect(ana.numbers.seen).to.deep.equal([1, 2]);
    expect(bruno.numbers.seen).to.deep.equal([2]);
  });

  it('starter: the chat page connects but logs no count', async () => {
    app = await startApp('starter');
    const ana = await openChat('register', 'ana');
    await settled(ana.page);
    const bruno = await openChat('register', 'bruno');
    await settled(bruno.page);
    await settled(ana.page);
    expect(ana.numbers.seen).to.deep.equal([]);
    expect(bruno.numbers.seen).to.deep.equal([]);
  });
});
