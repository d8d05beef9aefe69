// The learn page's pure parts: the highlighter, the language choice, and a step as HTML.

import { expect } from 'chai';
import { translator } from '../checker/i18n/index.ts';
import { loadStep } from '../checker/step/course.ts';
import { parseStep } from '../checker/step/parse.ts';
import { LANGS } from '../checker/types.ts';
import { escapeHtml, highlight, tokenize } from '../learn/highlight.ts';
import { exactLang, langFromAcceptLanguage } from '../learn/lang.ts';
import { parsePort } from '../learn/port.ts';
import { renderStepPage, stepPath } from '../learn/render.ts';

const STEP = 'communicate-by-emitting';

describe('learn: highlighter', () => {
  it('tells keywords, strings, numbers and comments apart', () => {
    const kinds = tokenize(`let n = 0; // count\nio.emit('user count', n);`)
      .filter((token) => token.kind !== 'plain')
      .map((token) => `${token.kind}:${token.text}`);
    expect(kinds).to.deep.equal(['keyword:let', 'number:0', 'comment:// count', "string:'user count'"]);
  });

  it('gives the source back when the tokens are joined', () => {
    const source = 'async (x) => {\n  /* a */ const s = `t${x}` + "q\\"" + 1.5e3;\n}';
    expect(tokenize(source).map((token) => token.text).join('')).to.equal(source);
  });

  it('does not colour a keyword inside a name or a string', () => {
    const kinds = tokenize('letter = "if"').map((token) => token.kind);
    expect(kinds).to.deep.equal(['plain', 'string']);
  });

  it('escapes markup, inside spans and out', () => {
    const html = highlight(`if (a < b) x = '<script>';`, 'js');
    expect(html).to.not.include('<script>');
    expect(html).to.include('&#60;script&#62;');
    expect(html).to.include('<span class="tok-keyword">if</span>');
  });

  it('leaves other languages uncoloured but escaped', () => {
    expect(highlight('npm start # <go>', 'sh')).to.equal(escapeHtml('npm start # <go>'));
    expect(highlight('npm start', 'sh')).to.not.include('<span');
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

describe('learn: a step as a page', () => {
  for (const lang of LANGS) {
    it(`renders the lesson in ${lang}: title, text, code, checklist, switch`, async () => {
      const step = await loadStep(STEP, lang);
      const t = translator(lang);
      const html = renderStepPage({ step, name: STEP, lang, t, steps: [{ name: STEP, title: step.title }] });
      expect(html).to.include(`<html lang="${lang}">`);
      expect(html).to.include(`<h1>${escapeHtml(step.title)}</h1>`);
      expect(html).to.include('<span class="tok-keyword">let</span> currentUsers');
      expect(html).to.include(`<label for="app-url">${escapeHtml(t('learn.appUrl'))}</label>`);
      expect(html).to.include(`<button type="submit" id="check-button">${escapeHtml(t('learn.check'))}</button>`);
      expect(html.match(/<li class="check" id="check-\d+"/g)).to.have.length(step.checks.length);
      expect(html).to.include(escapeHtml(t('report.sections.hints')));
      expect(html).to.include(escapeHtml(t('report.sections.behaviour')));
      for (const other of LANGS) expect(html).to.include(`href="${stepPath(other, STEP)}"`);
      expect(html).to.include(`href="${stepPath(lang, STEP)}" lang="${lang}" hreflang="${lang}" aria-current="page"`);
      // The CSP forbids inline script: the only executable script is the served file.
      expect(html.match(/<script(?![^>]*(?:src="\/static\/learn\.js"|type="application\/json"))/g)).to.equal(null);
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
    expect(html).to.include(escapeHtml(t('learn.untranslated')));
    expect(html).to.include('<h1>A &#60;b&#62;bold&#60;/b&#62; step</h1>');
  });

  it('does not mention a fallback when the lesson is in the page language', async () => {
    const step = await loadStep(STEP, 'it');
    const t = translator('it');
    const html = renderStepPage({ step, name: STEP, lang: 'it', t, steps: [] });
    expect(html).to.include('<article class="lesson" lang="it">');
    expect(html).to.not.include(escapeHtml(t('learn.untranslated')));
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
