// The learn page's pure parts: the highlighter, the language choice, and a step as HTML.

import { expect } from 'chai';
import { translator } from '../checker/i18n/index.ts';
import { loadStep } from '../checker/step/course.ts';
import { parseStep } from '../checker/step/parse.ts';
import { LANGS, type Lang } from '../checker/types.ts';
import { highlight } from '../learn/highlight.ts';
import { escapeHtml } from '../learn/html.ts';
import { exactLang, langFromAcceptLanguage } from '../learn/lang.ts';
import { parsePort } from '../learn/port.ts';
import { renderStepPage, stepPath } from '../learn/render.ts';

const STEP = 'communicate-by-emitting';

/** highlight.js escapes quotes as entities; tests compare with the source text. */
const decode = (html: string) => html.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The `hljs-<kind>` spans of highlighted HTML that hold no other span, as `kind:text`. */
const spans = (html: string) => [...html.matchAll(/<span class="hljs-([\w ]+?)">([^<]*)<\/span>/g)].map((m) => `${m[1]}:${decode(m[2])}`);

describe('learn: highlighter (highlight.js)', () => {
  const HINT_REGEX = `/io.emit.*('|")user count('|").*currentUsers/`;

  it("takes the lesson's second hint's regex, quotes and all, as one regexp, not as strings", async () => {
    const step = await loadStep(STEP, 'en');
    const code = step.checks[1].code;
    expect(code).to.include(`${HINT_REGEX}s`);
    const html = highlight(code, 'js');
    expect(spans(html)).to.include(`regexp:${HINT_REGEX}`);
    // The hint's message is a string; nothing of the regex is.
    expect(spans(html)).to.include(`string:'You should emit "user count" with data currentUsers'`);
    expect(spans(html).filter((s) => s.startsWith('string:') && s.includes('|'))).to.deep.equal([]);
  });

  it('tells keywords, strings, numbers and comments apart', () => {
    expect(spans(highlight(`let n = 0; // count\nio.emit('user count', n);`, 'js'))).to.deep.equal(['keyword:let', 'number:0', 'comment:// count', 'title function_:emit', "string:'user count'"]);
  });

  it("still colours a half-written snippet as far as it goes (a character JavaScript does not allow, such as a stray #)", () => {
    expect(spans(highlight("io.emit('user count', currentUsers) #", 'js'))).to.deep.equal(['title function_:emit', "string:'user count'"]);
  });

  it('does not colour a keyword inside a name or a string', () => {
    expect(spans(highlight('letter = "if"', 'js'))).to.deep.equal(['string:"if"']);
  });

  it('gives the source back, escaped, once the markup is taken away', () => {
    const source = 'async (x) => {\n  /* a */ const s = `t${x}` + "q\\"" + 1.5e3 < 2;\n}';
    const html = highlight(source, 'javascript');
    expect(html).to.not.match(/<(?!\/?span\b)/);
    expect(decode(html.replace(/<[^>]+>/g, ''))).to.equal(source);
  });

  it('escapes markup, inside spans and out', () => {
    const html = highlight(`if (a < b) x = '<script>';`, 'js');
    expect(html).to.not.include('<script>');
    expect(html).to.include('&lt;script&gt;');
    expect(html).to.include('<span class="hljs-keyword">if</span>');
  });

  it('colours the JavaScript names (js, javascript, mjs, cjs) and leaves others uncoloured but escaped', () => {
    for (const lang of ['js', 'javascript', 'mjs', 'cjs']) expect(highlight('let a', lang), lang).to.include('<span class="hljs-keyword">let</span>');
    for (const lang of ['sh', 'ts', '']) {
      expect(highlight('npm start # <go>', lang), lang).to.equal(escapeHtml('npm start # <go>'));
    }
  });
});

describe('learn: language', () => {
  const cases: [string | undefined, string][] = [
    [undefined, 'en'],
    ['', 'en'],
    ['pt-BR,pt;q=0.9,en;q=0.8', 'pt-BR'],
    ['pt', 'pt-BR'],
    ['it-IT', 'it'],
    ['de-DE, it;q=0.5, pt;q=0.8', 'pt-BR'],
    ['fr, de', 'en'],
    ['it;q=0, en;q=0.1', 'en'],
    ['*', 'en'],
    ['en-GB;q=0.9, it;q=0.9', 'en'],
  ];
  for (const [header, lang] of cases) {
    it(`reads Accept-Language ${JSON.stringify(header)} as ${lang}`, () => {
      expect(langFromAcceptLanguage(header)).to.equal(lang);
    });
  }

  it('takes a language from a URL only as the page writes it', () => {
    expect(exactLang('pt-BR')).to.equal('pt-BR');
    expect(exactLang('pt_br')).to.equal(undefined);
    expect(exactLang(['it'])).to.equal(undefined);
  });

  it('reads LEARN_PORT, default 4000', () => {
    expect(parsePort(undefined)).to.equal(4000);
    expect(parsePort('0')).to.equal(0);
    expect(parsePort('4100')).to.equal(4100);
    expect(parsePort('65536')).to.equal(undefined);
    expect(parsePort('4k')).to.equal(undefined);
    expect(parsePort('-1')).to.equal(undefined);
  });
});

/** The page's words in each language, written out (not taken from the catalogs the page uses). */
const WORDS: Record<string, { appUrl: string; check: string; hints: string; behaviour: string }> = {
  en: { appUrl: "Your app's address", check: 'Check', hints: "freeCodeCamp's hints", behaviour: 'Behaviour checks (real Socket.IO clients)' },
  'pt-BR': { appUrl: 'Endereço do seu app', check: 'Verificar', hints: 'Dicas do freeCodeCamp', behaviour: 'Verificações de comportamento (clientes Socket.IO de verdade)' },
  it: { appUrl: 'Indirizzo della tua app', check: 'Controlla', hints: 'Suggerimenti di freeCodeCamp', behaviour: 'Controlli di comportamento (veri client Socket.IO)' },
};
const UNTRANSLATED_IT = 'Questa lezione non è ancora tradotta nella tua lingua, perciò è mostrata in inglese.';

describe('learn: a step as a page', () => {
  for (const lang of LANGS) {
    it(`renders the lesson in ${lang}: title, text, code, checklist, switch`, async () => {
      const step = await loadStep(STEP, lang);
      const t = translator(lang);
      const html = renderStepPage({ step, name: STEP, lang, t, steps: [{ name: STEP, title: step.title }] });
      expect(html).to.include(`<html lang="${lang}">`);
      expect(html).to.include(`<h1>${escapeHtml(step.title)}</h1>`);
      expect(html).to.include('<span class="hljs-keyword">let</span> currentUsers');
      expect(html).to.include('<pre class="code"><code class="hljs language-js">');
      expect(html).to.include(`<label for="app-url">${escapeHtml(WORDS[lang]!.appUrl)}</label>`);
      // An address, not prose: no spelling marks under it, the browser's address suggestions.
      expect(html).to.include('<input id="app-url" name="url" type="url" value="http://localhost:3000" required spellcheck="false" autocomplete="url" aria-describedby="app-url-hint">');
      expect(html).to.include(`<button type="submit" id="check-button">${escapeHtml(WORDS[lang]!.check)}</button>`);
      expect(html.match(/<li class="check" id="check-\d+"/g)).to.have.length(step.checks.length);
      expect(html).to.include(escapeHtml(WORDS[lang]!.hints));
      expect(html).to.include(escapeHtml(WORDS[lang]!.behaviour));
      for (const other of LANGS) expect(html).to.include(`href="${stepPath(other, STEP)}"`);
      expect(html).to.include(`href="${stepPath(lang, STEP)}" lang="${lang}" hreflang="${lang}" aria-current="page"`);
      // The CSP forbids inline script: the only executable script is the served file.
      expect(html.match(/<script(?![^>]*(?:src="\/static\/learn\.js"|type="application\/json"))/g)).to.equal(null);
    });
  }

  it('numbers the checklist across its sections (the behaviour list goes on from the hints), each list closed', async () => {
    const step = await loadStep(STEP, 'en');
    const html = renderStepPage({ step, name: STEP, lang: 'en', t: translator('en'), steps: [] });
    expect([...html.matchAll(/<ol class="checklist" start="(\d+)" aria-labelledby="section-(\w+)">/g)].map((m) => [m[1], m[2]])).to.deep.equal([
      ['1', 'hints'],
      ['4', 'behaviour'],
    ]);
    expect(html.match(/<ol\b/g)?.length).to.equal(html.match(/<\/ol>/g)?.length);
    // The hints' list is closed where the behaviour section starts, and nothing before the first.
    expect(html).to.include('</ol>\n<h3 id="section-behaviour">');
    expect(html).not.to.include('</ol>\n<h3 id="section-hints">');
    // Each check's mark is decoration: a screen reader reads its status label instead.
    expect(html.match(/<span class="mark" aria-hidden="true">/g)).to.have.length(step.checks.length);
  });

  it('puts the checks in their own panel, after the lesson, with a link at the top that jumps there', async () => {
    const step = await loadStep(STEP, 'en');
    const html = renderStepPage({ step, name: STEP, lang: 'en', t: translator('en'), steps: [] });
    const at = (text: string) => {
      const index = html.indexOf(text);
      expect(index, text).to.be.greaterThan(-1);
      return index;
    };
    const order = [
      at('<a class="skip" href="#main">Skip to the lesson</a>'),
      at('<a class="to-checks" href="#checks">Check your app<span aria-hidden="true"> ↓</span></a>'),
      at('<h1>'),
      at('<article class="lesson"'),
      at('<section class="checks" id="checks" tabindex="-1" aria-labelledby="checks-heading">'),
      at('<h2 id="checks-heading">Check your app</h2>'),
      at('<div id="check-status" class="status" role="status"'),
      at('<p class="stale-note" hidden>Checking again: the results below are from the previous check.</p>'),
      at('<ol class="checklist"'),
    ];
    expect(order).to.deep.equal([...order].sort((a, b) => a - b));
    expect(html).to.include('<link rel="stylesheet" href="/static/code.css">');
  });

  const recheck: [Lang, string, string][] = [
    ['en', 'Re-check automatically every 5\u00a0s', 'freeCodeCamp says:'],
    ['pt-BR', 'Verificar de novo automaticamente a cada 5\u00a0s', 'O freeCodeCamp diz:'],
    ['it', 'Ricontrolla automaticamente ogni 5\u00a0s', 'freeCodeCamp dice:'],
  ];
  for (const [lang, label, fccSays] of recheck) {
    it(`words the re-check box and freeCodeCamp's label in ${lang}: "${label}"`, async () => {
      const step = await loadStep(STEP, lang);
      const html = renderStepPage({ step, name: STEP, lang, t: translator(lang), steps: [] });
      expect(html).to.include(`<input type="checkbox" id="auto-check" data-seconds="5"> ${label}</label>`);
      const strings = JSON.parse(/<script type="application\/json" id="learn-strings">(.*?)<\/script>/s.exec(html)![1]);
      expect(strings.fccSays).to.equal(fccSays);
    });
  }

  it('shows each check sentence with its Markdown rendered', async () => {
    const step = await loadStep(STEP, 'en');
    const html = renderStepPage({ step, name: STEP, lang: 'en', t: translator('en'), steps: [] });
    expect(html).to.match(/<code>server\.js<\/code>/);
    expect(html).to.not.match(/`server\.js`/);
  });

  it('says so when the lesson falls back to English', () => {
    const step = parseStep(
      '---\nid: x1\ntitle: A <b>bold</b> step\nchallengeType: 2\ndashedName: x\n---\n\n# --description--\n\nHi.\n\n# --hints--\n\nIt works.\n\n```js\nassert(true)\n```\n',
      '/somewhere/x/en.md',
    );
    const t = translator('it');
    const html = renderStepPage({ step, name: 'x', lang: 'it', t, steps: [] });
    expect(html).to.include('<article class="lesson" lang="en">');
    expect(html).to.include(escapeHtml(UNTRANSLATED_IT));
    expect(html).to.include('<h1>A &#60;b&#62;bold&#60;/b&#62; step</h1>');
  });

  it('does not mention a fallback when the lesson is in the page language', async () => {
    const step = await loadStep(STEP, 'it');
    const t = translator('it');
    const html = renderStepPage({ step, name: STEP, lang: 'it', t, steps: [] });
    expect(html).to.include('<article class="lesson" lang="it">');
    expect(html).to.not.include(escapeHtml(UNTRANSLATED_IT));
  });

  it('lists the steps only when the course has more than one', async () => {
    const step = await loadStep(STEP, 'en');
    const t = translator('en');
    const one = renderStepPage({ step, name: STEP, lang: 'en', t, steps: [{ name: STEP, title: step.title }] });
    const two = renderStepPage({ step, name: STEP, lang: 'en', t, steps: [{ name: STEP, title: step.title }, { name: 'next', title: 'Next <one>' }] });
    expect(one).to.not.include('class="steps"');
    expect(two).to.include('<nav class="steps"');
    expect(two).to.include('href="/en/next">Next &#60;one&#62;</a>');
  });
});
