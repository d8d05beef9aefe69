// Sentences as a native reader expects them (issue 22, "Words"): plurals with 0 in
// Brazilian Portuguese, the total after an early Ctrl-C, and the wording fixed in the
// catalogs. Expected texts are written out, not computed with t().

import { expect } from 'chai';
import { translator } from '../checker/i18n/index.ts';
import { PLAIN } from '../checker/render/colour.ts';
import { renderText } from '../checker/render/text.ts';
import { summaryLine } from '../checker/render/words.ts';
import type { Results } from '../checker/types.ts';

const pt = translator('pt-BR');
const it_ = translator('it');
const en = translator('en');

const interrupted = (lang: Results['lang']): Results => ({
  step: 'communicate-by-emitting',
  id: 'x',
  lang,
  target: 'http://localhost:3000/',
  passed: false,
  checks: [],
  interrupted: { notRun: 5 },
});

describe('plurals', () => {
  it('pt-BR: 0 takes the plural ("0 de 0 verificações"), 1 the singular, 2 the plural', () => {
    expect(pt('report.summary', { passed: 0, total: 0 })).to.equal('0 de 0 verificações passaram.');
    expect(pt('report.summary', { passed: 1, total: 1 })).to.equal('1 de 1 verificação passou.');
    expect(pt('report.summary', { passed: 1, total: 2 })).to.equal('1 de 2 verificações passaram.');
    expect(pt('report.interrupted', { done: 0, left: 5 })).to.equal('Interrompido (Ctrl-C): 0 verificações terminaram, 5 não rodaram.');
    expect(pt('report.interrupted', { done: 1, left: 1 })).to.equal('Interrompido (Ctrl-C): 1 verificação terminou, 1 não rodou.');
    expect(pt('class.heading', { title: 'T', learners: 0 })).to.equal('T: turma de 0 alunos');
    expect(pt('class.heading', { title: 'T', learners: 1 })).to.equal('T: turma de 1 aluno');
  });

  it('an explicit =0 branch still wins over the category', () => {
    expect(pt('class.summary', { passed: 0, learners: 3 })).to.equal('Nenhum aluno passou em todas as verificações.');
  });

  it('en and it keep 0 as plural', () => {
    expect(en('report.summary', { passed: 0, total: 0 })).to.equal('0 of 0 checks passed.');
    expect(it_('class.heading', { title: 'T', learners: 0 })).to.equal('T: una classe di 0 studenti');
  });
});

describe('after an early Ctrl-C', () => {
  it('the summary counts the step\'s checks, not only those that finished', () => {
    expect(summaryLine(interrupted('en'), en)).to.equal('0 of 5 checks passed.');
    expect(summaryLine(interrupted('pt-BR'), pt)).to.equal('0 de 5 verificações passaram.');
    const text = renderText(interrupted('it'), it_, PLAIN, 'T').split('\n');
    expect(text.slice(-2)).to.deep.equal(['0 controlli superati su 5.', 'Interrotto (Ctrl-C): 0 controlli completati, 5 non eseguiti.']);
  });
});

describe('wording fixed in the catalogs', () => {
  it('the literal-form verdict asks the learner to change their own code, not the hints', () => {
    expect(pt('report.literalForm')).to.equal(
      'O seu app funciona: as verificações de comportamento passaram. Só que as dicas do freeCodeCamp leem o texto dos seus arquivos e procuram o código escrito do jeito que a lição escreve: onde uma dica falhou, escreva o seu código do jeito da lição.',
    );
    expect(it_('learn.literalForm')).to.equal(
      'La tua app funziona: i controlli di comportamento sono superati. I suggerimenti di freeCodeCamp leggono il testo dei tuoi file e cercano il codice scritto come nella lezione: dove un suggerimento non è superato, scrivi il tuo codice come nella lezione e premi di nuovo Controlla.',
    );
    for (const t of [en, pt, it_]) for (const key of ['report.literalForm', 'learn.literalForm']) expect(t(key)).to.not.match(/make the failing hints|ajuste as dicas|sistema quelli/);
  });

  it('--watch speaks in one person, says "changes", and Ctrl-C "encerra" in Portuguese', () => {
    const target = 'http://localhost:3000/';
    expect(en('watch.watching', { time: 'T', target })).to.equal('T · Watching http://localhost:3000/: checks again when server.js or public/client.js changes, or the app restarts. Ctrl-C stops.');
    expect(it_('watch.watching', { time: 'T', target })).to.equal("T · Tengo d'occhio http://localhost:3000/: ricontrollo quando cambia server.js o public/client.js, o quando l'app si riavvia. Ctrl-C per smettere.");
    expect(pt('watch.watching', { time: 'T', target }).endsWith('Ctrl-C encerra.')).to.equal(true);
    expect(pt('cli.watchAndJson')).to.equal('--watch reimprime um relatório feito para pessoas lerem; não dá para usar junto com --json');
  });

  it('a folder entry, an old Node.js, a failing starter and a link say what they mean', () => {
    expect(en('report.entry', { entry: 'app.js' })).to.equal("This folder's package.json names app.js as the app's entry file, so app.js was read where the hints ask for server.js.");
    expect(pt('cli.oldNode', { needed: '20.18.1', found: '18.0.0' })).to.equal(
      'este kit precisa do Node.js 20.18.1 ou mais recente, mas o Node.js instalado é o 18.0.0. Instale um Node.js mais novo (https://nodejs.org) e rode o comando de novo.',
    );
    expect(it_('demo.unexpected')).to.equal('Non è quello che la demo si aspetta: lo starter non dovrebbe superare i tre suggerimenti della prima tappa, e la soluzione dovrebbe superare tutti i controlli di tutte le tappe.');
    expect(it_('advice.link-outside-folder')).to.equal('Una cartella consegnata viene letta solo al suo interno: copia il file nella cartella invece di metterci un collegamento che porta fuori.');
  });

  it('"attach Socket.IO" is associar in Portuguese and agganciare in Italian', () => {
    expect(pt('advice.no-socket-io')).to.match(/^Associe o Socket\.IO ao mesmo servidor HTTP/);
    expect(it_('advice.no-socket-io')).to.match(/^Aggancia Socket\.IO allo stesso server HTTP/);
    expect(it_('advice.connect-timeout')).to.match(/^Socket\.IO è agganciato al server in ascolto\?/);
  });
});
