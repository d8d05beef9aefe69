import { expect } from 'chai';
import { CATALOGS, format, langFromEnv, parseLang, placeholders, translator } from '../checker/i18n/index.ts';
import { LANGS } from '../checker/index.ts';

type Catalog = { [key: string]: string | Catalog };

function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}



describe('catalogs', () => {
  const en = flatten(CATALOGS.en);

  for (const lang of LANGS.filter((l) => l !== 'en')) {
    it(`${lang} has exactly the keys of en, with the same placeholders`, () => {
      const other = flatten(CATALOGS[lang]);
      expect([...other.keys()].sort()).to.deep.equal([...en.keys()].sort());
      for (const [key, text] of en) expect(placeholders(other.get(key)!), `${lang} ${key}`).to.deep.equal(placeholders(text));
    });

    it(`${lang} is translated, not copied from en`, () => {
      const other = flatten(CATALOGS[lang]);
      // Strings made only of placeholders or code are the same in every language.
      const same = [...en].filter(([key, text]) => other.get(key) === text && /[a-z]{4,}/i.test(text.replace(/\{\w+\}|`[^`]*`/g, '')));
      expect(same.map(([key]) => key)).to.deep.equal([]);
    });
  }

  it('gives every failure an advice', () => {
    const failures = [...en.keys()].filter((k) => k.startsWith('failures.')).map((k) => k.slice('failures.'.length));
    for (const key of failures) expect(en.has(`advice.${key}`), key).to.equal(true);
    // The http group's failures (keys `http.<name>` in results) have theirs under http.advice.
    const http = [...en.keys()].filter((k) => k.startsWith('http.failures.')).map((k) => k.slice('http.failures.'.length));
    expect(http).to.include('bad-encoding');
    for (const key of http) expect(en.has(`http.advice.${key}`), key).to.equal(true);
  });

  it('falls back to en for a string missing in a language', () => {
    const it_ = CATALOGS.it as Catalog;
    const report = it_.report as Catalog;
    const saved = report.summary;
    delete report.summary;
    try {
      expect(translator('it')('report.summary', { passed: 1, total: 3 })).to.equal('1 of 3 checks passed.');
    } finally {
      report.summary = saved;
    }
    expect(translator('it')('report.summary', { passed: 1, total: 3 })).to.equal('1 controllo superato su 3.');
  });

  // Counts agree with their noun in every language (CLDR plural rules through Intl.PluralRules).
  const counted: [string, string, Record<string, number>, string][] = [
    ['en', 'report.summary', { passed: 1, total: 1 }, '1 of 1 check passed.'],
    ['en', 'report.summary', { passed: 0, total: 5 }, '0 of 5 checks passed.'],
    ['it', 'report.summary', { passed: 1, total: 5 }, '1 controllo superato su 5.'],
    ['it', 'report.summary', { passed: 0, total: 5 }, '0 controlli superati su 5.'],
    ['pt-BR', 'report.summary', { passed: 1, total: 1 }, '1 de 1 verificação passou.'],
    ['pt-BR', 'report.summary', { passed: 2, total: 5 }, '2 de 5 verificações passaram.'],
    ['en', 'class.summary', { passed: 1, learners: 1 }, '1 of 1 learner passed every check.'],
    ['it', 'class.summary', { passed: 1, learners: 3 }, '1 studente su 3 ha superato tutti i controlli.'],
    ['it', 'class.summary', { passed: 2, learners: 3 }, '2 studenti su 3 hanno superato tutti i controlli.'],
    ['it', 'class.summary', { passed: 0, learners: 3 }, 'Nessuno studente ha superato tutti i controlli.'],
    ['en', 'compare.changed', { added: 1, removed: 0 }, 'server.js: 1 line added, 0 removed'],
    ['pt-BR', 'compare.changed', { added: 1, removed: 0 }, 'server.js: 1 linha acrescentada, nenhuma removida'],
  ];
  for (const [lang, key, params, text] of counted) {
    it(`${lang} ${key} ${JSON.stringify(params)}: "${text}"`, () => {
      expect(translator(lang as 'en')(key, { file: 'server.js', ...params })).to.equal(text);
    });
  }

  it('formats plurals: # is the number, =N matches exactly, other is the fallback', () => {
    const template = '{n, plural, =0 {none} one {# item in {box}} other {# items}}';
    expect(format(template, { n: 0 })).to.equal('none');
    expect(format(template, { n: 1, box: 'a' })).to.equal('1 item in a');
    expect(format(template, { n: 7 })).to.equal('7 items');
  });

  it('makes parameter values one line without control characters', () => {
    expect(format('[{a}]', { a: 'ok\u001b]0;title\u0007\u009b2J\nnext\u202eevil' })).to.equal('[ok]0;title2J nextevil]');
  });

  it('finds the parameters of a text, also inside plural options, but not the options themselves', () => {
    expect(placeholders('{a} and {n, plural, one {# in {box}} other {rodaram}}')).to.deep.equal(['a', 'box', 'n']);
  });

  it('fills placeholders and leaves missing ones visible', () => {
    expect(format('{a} and {b}', { a: 1 })).to.equal('1 and {b}');
  });
});

describe('language selection', () => {
  const cases: [NodeJS.ProcessEnv, string][] = [
    [{ LANG: 'pt_BR.UTF-8' }, 'pt-BR'],
    [{ LANG: 'it_IT.UTF-8' }, 'it'],
    [{ LANG: 'it_CH' }, 'it'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LANG: 'fr_FR.UTF-8' }, 'en'],
    [{ LANG: 'C' }, 'en'],
    [{}, 'en'],
    [{ LANG: 'it_IT.UTF-8', LC_MESSAGES: 'pt_BR.UTF-8' }, 'pt-BR'],
    [{ LANG: 'it_IT.UTF-8', LC_MESSAGES: 'pt_BR.UTF-8', LC_ALL: 'en_GB.UTF-8' }, 'en'],
    [{ LANG: 'pt_BR.UTF-8', LC_ALL: '' }, 'pt-BR'],
  ];
  for (const [env, lang] of cases) {
    it(`${JSON.stringify(env)} -> ${lang}`, () => expect(langFromEnv(env)).to.equal(lang));
  }

  it('reads --lang codes loosely but refuses unknown ones', () => {
    expect(parseLang('pt-BR')).to.equal('pt-BR');
    expect(parseLang('pt_br')).to.equal('pt-BR');
    expect(parseLang('IT')).to.equal('it');
    expect(parseLang('en-US')).to.equal('en');
    expect(parseLang('fr')).to.equal(undefined);
    expect(parseLang('')).to.equal(undefined);
  });
});
