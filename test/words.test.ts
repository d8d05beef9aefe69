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
