// The lesson page's two layouts in Chromium: on a laptop, the check panel beside the
// lesson and in view while it scrolls; on a phone, the lesson first and a link at the top
// that jumps to the panel. The keyboard's order is the same in both.

import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { allStarted, launchChromium, releaseChromium, keepScreenshot, serveLearn, type LearnServer } from './helpers.ts';

const PATH = '/en/communicate-by-emitting';

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** The page's first stops for the keyboard: the skip link, the languages, the course's two steps, then the jump to the checks. */
const KEYBOARD_ORDER = [
  'Skip to the lesson',
  'English',
  'Português (Brasil)',
  'Italiano',
  'Share the User Count with Every Client by Emitting an Event',
  'Handle a Disconnect',
  'Check your app ↓',
];

describe('learn page layout in Chromium', function () {
  this.timeout(30_000);
  let browser: Browser | undefined;
  let learn: LearnServer | undefined;
  const contexts: BrowserContext[] = [];
  let laptop: Page;
  let phone: Page;

  before(async function () {
    await allStarted([launchChromium(this).then((b) => (browser = b)), serveLearn().then((l) => (learn = l))]);
    // One page per screen, reused by the tests of that screen.
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      const context = await browser!.newContext({ viewport, locale: 'en-US' });
      contexts.push(context);
      context.setDefaultTimeout(10_000);
    }
    [laptop, phone] = await Promise.all(contexts.map((context) => context.newPage()));
    await Promise.all([laptop.goto(learn!.url + PATH), phone.goto(learn!.url + PATH)]);
  });
  after(async () => {
    await Promise.allSettled(contexts.map((context) => context.close()));
    await releaseChromium(browser);
    await learn?.stop();
  });

  const box = (page: Page, selector: string): Promise<Box> =>
    page.$eval(selector, (el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    });
  const viewportHeight = (page: Page) => page.evaluate(() => window.innerHeight);
  const scrollY = (page: Page) => page.evaluate(() => window.scrollY);

  /** The first `count` stops of the Tab key on a freshly loaded page, each as its id or text. */
  async function tabStops(page: Page, count: number): Promise<string[]> {
    await page.goto(learn!.url + PATH);
    const stops: string[] = [];
    for (let i = 0; i < count; i++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || ''));
    }
    return stops;
  }

  describe('on a laptop (1280 x 800)', () => {
    it('shows the check panel beside the lesson, its Check button in view without scrolling', async () => {
      expect(await scrollY(laptop)).to.equal(0);
      const lesson = await box(laptop, 'article.lesson');
      const panel = await box(laptop, '#checks');
      expect(panel.left, 'the panel starts right of the lesson').to.be.at.least(lesson.right);
      expect(panel.top, 'the panel starts beside the lesson, not under it').to.be.lessThan(lesson.bottom);
      const button = await box(laptop, '#check-button');
      expect(button.bottom).to.be.at.most(await viewportHeight(laptop));
      expect((await box(laptop, '#app-url')).bottom).to.be.at.most(await viewportHeight(laptop));
      await keepScreenshot(laptop, 'learn-layout-1280');
    });

    it('keeps the panel in view while the lesson scrolls', async () => {
      await laptop.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      expect(await scrollY(laptop), 'the lesson is taller than the window').to.be.greaterThan(500);
      const panel = await box(laptop, '#checks');
      expect(panel.top).to.be.within(-1, 1);
      const button = await box(laptop, '#check-button');
      expect(button.top).to.be.at.least(0);
      expect(button.bottom).to.be.at.most(await viewportHeight(laptop));
      await laptop.evaluate(() => window.scrollTo(0, 0));
    });

    it('scrolls inside the panel when its content is taller than the window', async () => {
      // Every check's code shown: far more than 800 px.
      await laptop.$$eval('#checks details', (all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      const sizes = await laptop.$eval('#checks', (el) => ({ client: el.clientHeight, scroll: el.scrollHeight }));
      expect(sizes.scroll).to.be.greaterThan(sizes.client);
      expect(sizes.client).to.be.at.most(await viewportHeight(laptop));
      await laptop.$eval('#checks', (el) => el.scrollTo(0, el.scrollHeight));
      const last = await box(laptop, '#checks .check:last-child');
      expect(last.bottom).to.be.at.most(await viewportHeight(laptop));
      expect(await scrollY(laptop), 'the page itself did not scroll').to.equal(0);
      await laptop.$$eval('#checks details', (all) => all.forEach((d) => ((d as HTMLDetailsElement).open = false)));
      await laptop.$eval('#checks', (el) => el.scrollTo(0, 0));
    });

    it("hides the jump link until the keyboard reaches it, right after the skip link, the languages and the course's steps", async () => {
      expect((await box(laptop, '.to-checks')).bottom, 'off screen').to.be.at.most(0);
      const stops = await tabStops(laptop, 7);
      expect((await box(laptop, '.to-checks')).top, 'in view once focused').to.be.at.least(0);
      expect(stops).to.deep.equal(KEYBOARD_ORDER);
      await laptop.keyboard.press('Enter');
      expect(await laptop.evaluate(() => document.activeElement?.id)).to.equal('checks');
      await laptop.keyboard.press('Tab');
      expect(await laptop.evaluate(() => document.activeElement?.id)).to.equal('app-url');
    });
  });

  describe('on a phone (390 x 844)', () => {
    it('keeps one column, the lesson first, with nothing wider than the screen', async () => {
      const lesson = await box(phone, 'article.lesson');
      const panel = await box(phone, '#checks');
      expect(panel.top).to.be.at.least(lesson.bottom);
      expect(Math.abs(panel.left - lesson.left)).to.be.lessThan(2);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
      await keepScreenshot(phone, 'learn-layout-390');
    });

    it('jumps from the link at the top to the panel, and the keyboard goes on from there', async () => {
      const link = phone.getByRole('link', { name: 'Check your app' });
      const linkBox = await link.boundingBox();
      expect(linkBox!.y + linkBox!.height, 'the link is in the first screen').to.be.at.most(await viewportHeight(phone));
      expect((await box(phone, '#checks')).top, 'the panel is below the first screen').to.be.greaterThan(await viewportHeight(phone));
      await link.click();
      await phone.waitForFunction(() => location.hash === '#checks');
      expect((await box(phone, '#checks')).top).to.be.within(0, 12);
      expect(await phone.evaluate(() => document.activeElement?.id)).to.equal('checks');
      await phone.keyboard.press('Tab');
      expect(await phone.evaluate(() => document.activeElement?.id)).to.equal('app-url');
      await keepScreenshot(phone, 'learn-layout-390-checks');
    });

    it("keeps the same keyboard order: skip link, languages, the course's steps, then the jump link", async () => {
      expect(await tabStops(phone, 7)).to.deep.equal(KEYBOARD_ORDER);
    });
  });

  it('reads in a sensible order on both: the lesson heading first, then the panel heading and its sections', async () => {
    for (const page of [laptop, phone]) {
      const headings = await page.$$eval('h1, h2, h3', (all) => all.map((h) => `${h.tagName}:${h.textContent?.trim()}`));
      expect(headings[0]).to.match(/^H1:/);
      expect(headings.slice(-3)).to.deep.equal(['H2:Check your app', "H3:freeCodeCamp's hints", 'H3:Behaviour checks (real Socket.IO clients)']);
    }
  });
});
