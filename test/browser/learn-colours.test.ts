// The lesson page's colours in Chromium, light and dark: every piece of text on show
// (the lesson, its code as highlight.js colours it, the marks, a failure's words, the
// button, the stale note, an error) keeps a WCAG contrast of at least 4.5:1 against
// what is behind it, measured from the browser's computed colours.

import { expect } from 'chai';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { translator } from '../../checker/i18n/index.ts';
import { loadStep } from '../../checker/step/course.ts';
import type { CheckResult, Results } from '../../checker/types.ts';
import { checkResponse } from '../../learn/check-response.ts';
import { allStarted, launchChromium, releaseChromium, keepScreenshot, serveLearn, type LearnServer } from './helpers.ts';

const STEP = 'communicate-by-emitting';
const MIN_CONTRAST = 4.5;

type Rgba = [number, number, number, number];

/** `rgb(1, 2, 3)` or `rgba(1, 2, 3, 0.5)`, as getComputedStyle gives them. */
export function parseColour(css: string): Rgba {
  const parts = /^rgba?\(([^)]+)\)$/.exec(css.trim())?.[1].split(/[\s,/]+/).filter(Boolean).map(Number);
  if (!parts || parts.length < 3 || parts.some((n) => !Number.isFinite(n))) throw new Error(`not an rgb() colour: ${css}`);
  return [parts[0], parts[1], parts[2], parts[3] ?? 1];
}

/** `top` painted over the opaque `bottom`. */
function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1) as Rgba;
}

function luminance([r, g, b]: Rgba): number {
  const [lr, lg, lb] = [r, g, b].map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
}

/** WCAG 2 contrast ratio of a text colour over a stack of backgrounds (nearest first, page's last). */
export function contrast(text: string, backgrounds: string[]): number {
  const stack = [...backgrounds.map(parseColour), [255, 255, 255, 1] as Rgba];
  let behind = stack[stack.length - 1];
  for (let i = stack.length - 2; i >= 0; i--) behind = over(stack[i], behind);
  const front = over(parseColour(text), behind);
  const [hi, lo] = [luminance(front), luminance(behind)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}

interface Sample {
  what: string;
  color: string;
  backgrounds: string[];
}

/**
 * Every element on show that holds text of its own, with its colour and the background
 * colours from it up to the root. Written without named inner functions: the page
 * receives this function's source, and tsx would add helpers of its own to those.
 */
function sampleText(page: Page): Promise<Sample[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter(
        (el) =>
          [...el.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '') &&
          el.checkVisibility({ visibilityProperty: true }) &&
          el.getBoundingClientRect().width > 1 &&
          el.getBoundingClientRect().height > 1 &&
          !el.closest('.status-label'),
      )
      .map((el) => {
        const backgrounds: string[] = [];
        for (let at: Element | null = el; at; at = at.parentElement) backgrounds.push(getComputedStyle(at).backgroundColor);
        const id = el.id ? `#${el.id}` : '';
        const classes = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        return { what: `${el.tagName.toLowerCase()}${id}${classes} "${el.textContent!.trim().slice(0, 30)}"`, color: getComputedStyle(el).color, backgrounds };
      }),
  );
}

/** The elements each scheme must have on show when measured: the page's key texts. */
const KEY_ELEMENTS: Record<string, string> = {
  'lesson text': 'article.lesson p',
  link: '.langs a:not([aria-current])',
  'current language': '.langs a[aria-current]',
  'inline code': 'article.lesson p code',
  keyword: 'pre .hljs-keyword',
  string: 'pre .hljs-string',
  regexp: 'pre .hljs-regexp',
  number: 'pre .hljs-number',
  comment: 'pre .hljs-comment',
  'function name': 'pre .hljs-title',
  'built-in': 'pre .hljs-variable, pre .hljs-built_in',
  'passed mark': '.check[data-status="passed"] .mark',
  'failed mark': '.check[data-status="failed"] .mark',
  'skipped mark': '.check[data-status="skipped"] .mark',
  "freeCodeCamp's label": '.fcc-label',
  "freeCodeCamp's message": '.fcc .message',
  explanation: '.outcome .explanation',
  advice: '.outcome .advice',
  'reason label': '.outcome .reason',
  'address hint': '#app-url-hint',
  button: '#check-button',
};

describe('learn page colours in Chromium', function () {
  this.timeout(30_000);
  let browser: Browser | undefined;
  let learn: LearnServer | undefined;
  let answer = '';

  before(async function () {
    await allStarted([launchChromium(this).then((b) => (browser = b)), serveLearn().then((l) => (learn = l))]);
    answer = JSON.stringify(await cannedAnswer());
  });
  after(async () => {
    await releaseChromium(browser);
    await learn?.stop();
  });

  it('computes WCAG contrast as the standard does (#767676 on white passes, #777777 fails)', () => {
    expect(contrast('rgb(0, 0, 0)', ['rgb(255, 255, 255)'])).to.be.closeTo(21, 0.01);
    expect(contrast('rgb(118, 118, 118)', ['rgb(255, 255, 255)'])).to.be.closeTo(4.54, 0.01);
    expect(contrast('rgb(119, 119, 119)', ['rgb(255, 255, 255)'])).to.be.lessThan(MIN_CONTRAST);
    // A translucent layer is painted over what is behind it first.
    expect(contrast('rgb(0, 0, 0)', ['rgba(0, 0, 0, 0.5)', 'rgb(255, 255, 255)'])).to.be.closeTo(5.28, 0.01);
  });

  for (const scheme of ['light', 'dark'] as const) {
    describe(`${scheme} scheme`, () => {
      let context: BrowserContext | undefined;
      let page: Page;
      const consoleErrors: string[] = [];
      /** While set, the canned answer waits for it: a check that is still running. */
      let holding: Promise<void> | undefined;
      let release: (() => void) | undefined;

      before(async () => {
        context = await browser!.newContext({ colorScheme: scheme, locale: 'en-US', viewport: { width: 1280, height: 800 } });
        context.setDefaultTimeout(10_000);
        page = await context.newPage();
        page.on('console', (message) => {
          if (message.type() === 'error') consoleErrors.push(message.text());
        });
        // The page's own script, fed a fixed answer: every kind of result at once, no app needed.
        await page.route('**/api/check', async (route: Route) => {
          await holding;
          await route.fulfill({ status: 200, contentType: 'application/json', body: answer });
        });
        await page.goto(`${learn!.url}/en/${STEP}`);
        await page.click('#check-button');
        await page.waitForFunction(() => document.body.dataset.checked === '1');
        await page.$$eval('#checks details', (all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
        // Every colour code.css gives, shown once, whether or not the lesson's code uses it.
        await page.$eval('article.lesson', (article) => {
          const probe = document.createElement('pre');
          probe.className = 'code probe';
          probe.innerHTML =
            '<code class="hljs"><span class="hljs-comment">// c</span> <span class="hljs-keyword">let</span> <span class="hljs-string">"s"</span> <span class="hljs-regexp">/r/</span> <span class="hljs-number">1</span> <span class="hljs-literal">true</span> <span class="hljs-title function_">f</span> <span class="hljs-variable language_">console</span> <span class="hljs-built_in">Math</span> <span class="hljs-attr">a</span> <span class="hljs-subst">x</span></code>';
          article.append(probe);
        });
      });
      after(async () => {
        release?.();
        await context?.close();
      });

      it(`uses the ${scheme} colours`, async () => {
        const body = await page.$eval('body', (el) => getComputedStyle(el).backgroundColor);
        const light = luminance(parseColour(body)) > 0.5;
        expect(light, body).to.equal(scheme === 'light');
        await keepScreenshot(page, `learn-colours-${scheme}`);
        await page.$eval('#check-2', (el) => el.scrollIntoView());
        await keepScreenshot(page, `learn-colours-${scheme}-results`);
        await page.$eval('#checks', (el) => el.scrollTo(0, 0));
      });

      it('keeps every text on show, results included, at 4.5:1 or more', async () => {
        const samples = await sampleText(page);
        expect(samples.length).to.be.greaterThan(50);
        const low = samples.map((s) => ({ ...s, ratio: contrast(s.color, s.backgrounds) })).filter((s) => s.ratio < MIN_CONTRAST);
        expect(low.map((s) => `${s.what}: ${s.ratio.toFixed(2)}`)).to.deep.equal([]);
      });

      it('measures each key text: lesson, links, code colours, marks, a failure, the button', async () => {
        const ratios: Record<string, number> = {};
        for (const [name, selector] of Object.entries(KEY_ELEMENTS)) {
          const found = await page.$$eval(selector, (all) =>
            all.map((el) => {
              const backgrounds: string[] = [];
              for (let at: Element | null = el; at; at = at.parentElement) backgrounds.push(getComputedStyle(at).backgroundColor);
              return { color: getComputedStyle(el).color, backgrounds };
            }),
          );
          expect(found.length, `${name} (${selector}) on show`).to.be.greaterThan(0);
          ratios[name] = Math.min(...found.map((f) => contrast(f.color, f.backgrounds)));
        }
        const low = Object.entries(ratios).filter(([, ratio]) => ratio < MIN_CONTRAST);
        expect(low).to.deep.equal([]);
      });

      it('keeps the contrast while the results are the previous check\'s, and in an error', async () => {
        holding = new Promise((resolve) => (release = resolve));
        await page.click('#check-button');
        await page.waitForSelector('#results[data-stale]');
        const stale = await sampleText(page);
        expect(stale.some((s) => s.what.startsWith('p.stale-note'))).to.equal(true);
        const lowStale = stale.map((s) => ({ ...s, ratio: contrast(s.color, s.backgrounds) })).filter((s) => s.ratio < MIN_CONTRAST);
        expect(lowStale.map((s) => `${s.what}: ${s.ratio.toFixed(2)}`)).to.deep.equal([]);
        release!();
        holding = undefined;
        await page.waitForFunction(() => document.body.dataset.checked === '2');
        // An error: the address is refused by the server itself, not by the canned answer.
        await page.unroute('**/api/check');
        await page.fill('#app-url', 'ftp://nowhere/');
        await page.click('#check-button');
        await page.waitForSelector('#check-error:not([hidden])');
        const error = await sampleText(page);
        const shown = error.find((s) => s.what.startsWith('p#check-error'));
        expect(shown, 'the error is on show').to.not.equal(undefined);
        expect(contrast(shown!.color, shown!.backgrounds)).to.be.at.least(MIN_CONTRAST);
      });

      it("colours the lesson's second hint's regex as one regexp with highlight.js, styled by the served stylesheet", async () => {
        const regexps = await page.$$eval('#check-2 pre .hljs-regexp', (all) => all.map((el) => el.textContent));
        expect(regexps).to.deep.equal([`/io.emit.*('|")user count('|").*currentUsers/`]);
        const strings = await page.$$eval('#check-2 pre .hljs-string', (all) => all.map((el) => el.textContent));
        expect(strings).to.deep.equal(['"/_api/server.js"', '"url"', `'You should emit "user count" with data currentUsers'`]);
        const [regexp, text] = await page.$eval('#check-2 pre .hljs-regexp', (el) => [getComputedStyle(el).color, getComputedStyle(el.closest('pre')!).color]);
        expect(regexp, 'code.css colours it').to.not.equal(text);
        const refused = consoleErrors.filter((text) => /Content Security Policy|Refused to/i.test(text));
        expect(refused, 'no stylesheet or script refused by the Content-Security-Policy').to.deep.equal([]);
      });
    });
  }
});

/** `/api/check`'s answer for results of every kind: passed, failed (freeCodeCamp's message, another failure), skipped. */
async function cannedAnswer() {
  const step = await loadStep(STEP, 'en');
  const url = 'http://localhost:3000';
  const checks: CheckResult[] = step.checks.map((source, i) => {
    const base = { n: i + 1, section: source.section, text: source.text, ms: 3 };
    if (i === 0) return { ...base, status: 'passed' };
    if (i === 1 || i === 2) {
      const failure = { reason: 'assertion' as const, key: 'assertion' as const, params: { url: `${url}/_api/server.js`, pattern: '/x/' }, message: 'You should emit "user count" with data currentUsers' };
      return { ...base, status: 'failed', failure };
    }
    if (i === 3) return { ...base, status: 'skipped' };
    return { ...base, status: 'failed', failure: { reason: 'no-event' as const, key: 'no-event' as const, params: { client: 'first', event: 'user count', ms: 1500 } } };
  });
  const results: Results = { step: STEP, id: step.id, lang: 'en', target: `${url}/`, passed: false, checks };
  return checkResponse(results, translator('en'));
}
