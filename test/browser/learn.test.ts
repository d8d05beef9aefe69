// The lesson page in a real Chromium: its languages, and the Check button against the
// running solution (all green) and starter (the hints red, with their reasons).

import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadStep } from '../../checker/step/course.ts';
import type { Lang } from '../../checker/types.ts';
import { allStarted, closedPort, launchChromium, releaseChromium, keepScreenshot, startApp, serveLearn, type LearnServer, type RunningApp } from './helpers.ts';

const STEP = 'communicate-by-emitting';

describe('learn page in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let learn: LearnServer | undefined;
  let solution: RunningApp | undefined;
  let starter: RunningApp | undefined;
  let context: BrowserContext | undefined;

  before(async function () {
    await allStarted([
      launchChromium(this).then((b) => (browser = b)),
      // Short limits: the starter's behaviour checks wait for events that never come.
      serveLearn({ timeoutMs: 2000 }).then((l) => (learn = l)),
      startApp('solution').then((a) => (solution = a)),
      startApp('starter').then((a) => (starter = a)),
    ]);
  });
  after(async () => {
    await context?.close();
    await releaseChromium(browser);
    await Promise.all([learn?.stop(), solution?.stop(), starter?.stop()]);
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  async function open(locale: string, path = '/'): Promise<Page> {
    context = await browser!.newContext({ locale, viewport: { width: 1000, height: 900 } });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto(learn!.url + path);
    return page;
  }

  /** The page's words in each language, written out (not taken from the catalogs the page uses). */
  const WORDS: Record<Lang, { title: string; appUrl: string; check: string; hints: string }> = {
    en: { title: 'Share the User Count with Every Client by Emitting an Event', appUrl: "Your app's address", check: 'Check', hints: "freeCodeCamp's hints" },
    'pt-BR': { title: 'Emitir um evento para compartilhar a contagem de usuários com todos os clientes', appUrl: 'Endereço do seu app', check: 'Verificar', hints: 'Dicas do freeCodeCamp' },
    it: { title: 'Condividere il numero di utenti con tutti i client emettendo un evento', appUrl: 'Indirizzo della tua app', check: 'Controlla', hints: 'Suggerimenti di freeCodeCamp' },
  };

  async function expectLanguage(page: Page, lang: Lang): Promise<void> {
    const words = WORDS[lang];
    expect(new URL(page.url()).pathname).to.equal(`/${lang}/${STEP}`);
    expect(await page.getAttribute('html', 'lang')).to.equal(lang);
    expect((await page.textContent('h1'))?.trim()).to.equal(words.title);
    expect((await page.textContent('label[for="app-url"]'))?.trim()).to.equal(words.appUrl);
    expect(await page.getByRole('button', { name: words.check }).count()).to.equal(1);
    expect(await page.getByRole('heading', { name: words.hints }).count()).to.equal(1);
  }

  /** Presses Check (by mouse or keyboard) and waits for the page to show the answer. */
  async function check(page: Page, url: string, how: 'click' | 'enter', lang: Lang): Promise<void> {
    const before = Number((await page.getAttribute('body', 'data-checked')) ?? 0);
    await page.getByLabel(WORDS[lang].appUrl).fill(url);
    if (how === 'click') await page.getByRole('button', { name: WORDS[lang].check }).click();
    else await page.press('#app-url', 'Enter');
    await page.waitForFunction((n) => Number(document.body.dataset.checked ?? 0) > n, before);
  }

  const statuses = (page: Page) => page.$$eval('.check', (items) => items.map((item) => (item as HTMLElement).dataset.status));

  it("opens in the browser's language and switches language with its links", async () => {
    const page = await open('it-IT');
    await expectLanguage(page, 'it');
    await page.getByRole('link', { name: 'Português (Brasil)' }).click();
    await expectLanguage(page, 'pt-BR');
    await page.getByRole('link', { name: 'English' }).click();
    await expectLanguage(page, 'en');
    await keepScreenshot(page, 'learn-en', { fullPage: true });
  });

  it('falls back to English for a browser in another language, and keeps a language given in the URL', async () => {
    const page = await open('de-DE');
    await expectLanguage(page, 'en');
    await page.goto(`${learn!.url}/?lang=it`);
    await expectLanguage(page, 'it');
  });

  it('can be used from the keyboard: the skip link comes first, and focus is visible', async () => {
    const page = await open('en-US');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).to.equal('skip');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).to.equal('solid');
    await page.focus('#check-button');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).to.equal('solid');
  });

  it('checks the running solution: every check green, and the live region says so', async () => {
    const page = await open('en-US');
    await check(page, solution!.url, 'click', 'en');
    const all = await statuses(page);
    expect(all).to.have.length(7);
    expect(all.every((s) => s === 'passed'), String(all)).to.equal(true);
    const marks = await page.$$eval('.check .mark', (items) => items.map((item) => item.textContent));
    expect(marks.every((mark) => mark === '✔')).to.equal(true);
    const status = await page.textContent('[role="status"]');
    expect(status).to.include('7 of 7 checks passed.');
    expect(status).to.include('Well done: everything this lesson asks for works.');
    await keepScreenshot(page, 'learn-en-solution', { fullPage: true });
  });

  const LACKS_PT_BR = [
    'server.js não tem currentUsers em lugar nenhum: o contador da lição, let currentUsers = 0;, ainda não está lá.',
    "server.js não tem io.emit('user count', currentUsers): um io.emit com o nome de evento 'user count' e depois currentUsers, nessa ordem.",
    "public/client.js não tem socket.on('user count', ...): um ouvinte em socket para o evento 'user count'.",
  ];

  it('checks the running starter in pt-BR: the three hints red, each with its reason', async () => {
    const page = await open('pt-BR');
    const step = await loadStep(STEP, 'pt-BR');
    await check(page, starter!.url, 'enter', 'pt-BR');
    const all = await statuses(page);
    expect(all.slice(0, 3)).to.deep.equal(['failed', 'failed', 'failed']);
    for (const n of [1, 2, 3]) {
      const item = page.locator(`#check-${n}`);
      expect(await item.locator('.mark').textContent()).to.equal('✘');
      expect(await item.locator('.reason code').textContent()).to.equal('assertion');
      expect(await item.locator('.reason').textContent()).to.include('Motivo');
      // In the learner's language first, then freeCodeCamp's own (English) message, labelled as theirs.
      // The hint's regular expression in plain words (issue 18), what the file lacks.
      expect(await item.locator('.explanation').textContent()).to.equal(LACKS_PT_BR[n - 1]);
      expect(await item.locator('.fcc-label').textContent()).to.equal('O freeCodeCamp diz:');
      expect(await item.locator('.fcc .message').getAttribute('lang')).to.equal('en');
      // freeCodeCamp's message is the one the hint's own code asserts with.
      const message = (await item.locator('.fcc .message').textContent()) ?? '';
      expect(message).to.not.equal('');
      expect(step.checks[n - 1].code).to.include(message);
      expect(await item.locator('.status-label').textContent()).to.equal('Falhou:');
    }
    expect(await page.locator('#check-1 .advice').count()).to.equal(1);
    expect(await page.locator('#check-2 .advice').count()).to.equal(0);
    // What went wrong, what freeCodeCamp says, what to do, and last the code.
    const order = (n: number) => page.$$eval(`#check-${n} .outcome > p`, (ps) => ps.map((p) => p.className));
    expect(await order(1)).to.deep.equal(['explanation', 'fcc', 'advice', 'reason']);
    expect(await order(2)).to.deep.equal(['explanation', 'fcc', 'reason']);
    expect(await order(4)).to.deep.equal(['explanation', 'advice', 'reason']);
    // The catalogs' `code` reads as code on the page too.
    expect(await page.locator('#check-4 .advice code').first().textContent()).to.equal("io.emit('user count', currentUsers)");
    expect(await page.textContent('[role="status"]')).to.include('Corrija a primeira verificação que falhou, salve o arquivo e clique em Verificar de novo.');
    await keepScreenshot(page, 'learn-pt-BR-starter', { fullPage: true });
  });

  it("says what is wrong when nothing answers at the address, pointing at the page's field", async () => {
    const page = await open('it-IT');
    const port = await closedPort();
    await check(page, `http://127.0.0.1:${port}`, 'click', 'it');
    expect(await page.locator('#check-1 .reason code').textContent()).to.equal('unreachable');
    expect(await page.locator('#check-1 .explanation').textContent()).to.equal(`All'indirizzo http://127.0.0.1:${port}/_api/server.js non ha risposto nessuno.`);
    expect(await page.locator('#check-1 .fcc').count()).to.equal(0);
    const advice = await page.locator('#check-1 .advice').textContent();
    expect(advice).to.include("scrivi quell'indirizzo nel campo qui sopra");
    expect(advice).to.not.include('npm run check');
    expect(await page.textContent('[role="status"]')).to.include('A questo indirizzo non risponde nessuno.');
  });

  it('refuses an address that is not http(s), in an alert, without running anything', async () => {
    const page = await open('en-US');
    await check(page, 'ftp://localhost:3000', 'click', 'en');
    expect(await page.locator('[role="alert"]').textContent()).to.equal('"ftp://localhost:3000" is not an http or https address, e.g. http://localhost:3000');
    expect(await page.getAttribute('#app-url', 'aria-invalid')).to.equal('true');
    expect(await statuses(page)).to.satisfy((all: string[]) => all.every((s) => s === 'pending'));
  });

  it('re-checks by itself while the box is ticked', async () => {
    context = await browser!.newContext({ locale: 'en-US', viewport: { width: 1000, height: 900 } });
    context.setDefaultTimeout(20_000);
    // Every second instead of five, so the test waits less: the page's script reads the interval from the box.
    await context.route(`${learn!.url}/en/${STEP}`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: (await response.text()).replace('data-seconds="5"', 'data-seconds="1"') });
    });
    const page = await context.newPage();
    await page.goto(`${learn!.url}/en/${STEP}`);
    await page.getByLabel(WORDS.en.appUrl).fill(solution!.url);
    await page.getByLabel('Re-check automatically every 5 s').check();
    await page.waitForFunction(() => Number(document.body.dataset.checked ?? 0) >= 2);
    await page.getByLabel('Re-check automatically every 5 s').uncheck();
    expect(await statuses(page)).to.satisfy((all: string[]) => all.every((s) => s === 'passed'));
  });
});
