// runClass in-process: roster order whatever the finishing order, progress events, lines
// on one submission never checked side by side, Ctrl-C, a learner the checker fails on,
// and how many submissions are checked at once. Folders only, so no app has to run.

import path from 'node:path';
import { expect } from 'chai';
import { loadStep } from '../checker/step/course.ts';
import { checksPerLearner, concurrencyFor, runClass, URL_WORKERS_PER_CORE } from '../checker/roster/class.ts';
import { submissionKey } from '../checker/roster/targets.ts';
import type { RosterEntry } from '../checker/roster/parse.ts';
import type { Target } from '../checker/types.ts';
import { ROOT } from './helpers/apps.ts';

const folder = (name: string): Target => ({ kind: 'dir', dir: path.join(ROOT, name) });
const entry = (at: number, target: Target): RosterEntry => ({ line: at + 2, learner: `learner-${at + 1}`, target });

describe('runClass', function () {
  this.timeout(60_000);

  it('returns learners in roster order, with progress as it goes, checking lines on one submission one after another', async () => {
    const step = await loadStep(undefined, 'en');
    const entries = ['solution', 'starter', 'solution', 'starter', 'solution'].map((name, at) => entry(at, folder(name)));
    // A target the checker cannot even name: its learner is reported, the others are checked.
    entries.push({ line: 7, learner: 'broken', target: { kind: 'dir' } as unknown as Target });
    const events: string[] = [];
    const results = await runClass(step, entries, [{ line: 9, code: 'fields', params: { count: 3 } }], {
      lang: 'en',
      concurrency: 4,
      limits: { timeoutMs: 5000 },
      onProgress: (event) => events.push(event.done ? `done ${event.learner}` : `check ${event.learner}`),
    });
    expect(results.learners.map((l) => [l.learner, l.line, l.results.passed])).to.deep.equal([
      ['learner-1', 2, true],
      ['learner-2', 3, false],
      ['learner-3', 4, true],
      ['learner-4', 5, false],
      ['learner-5', 6, true],
    ]);
    expect(results.problems.map((p) => [p.line, p.code])).to.deep.equal([
      [7, 'error'],
      [9, 'fields'],
    ]);
    expect(results.problems[0]!.params.learner).to.equal('broken');
    const perLearner = checksPerLearner(step);
    expect(events.filter((e) => e.startsWith('check learner-'))).to.have.length(5 * perLearner);
    for (const { learner } of entries.slice(0, 5)) expect(events.lastIndexOf(`check ${learner}`)).to.be.below(events.indexOf(`done ${learner}`));
    // Same folder, one after another: the next learner's first check comes after the previous one is done.
    for (const [first, then] of [['learner-1', 'learner-3'], ['learner-3', 'learner-5'], ['learner-2', 'learner-4']]) {
      expect(events.indexOf(`done ${first}`), `${first} then ${then}: ${events.join(', ')}`).to.be.below(events.indexOf(`check ${then}`));
    }
  });

  it('after Ctrl-C checks nobody more, and lists every learner not checked', async () => {
    const step = await loadStep(undefined, 'en');
    const stop = new AbortController();
    stop.abort();
    const results = await runClass(step, [entry(0, folder('solution')), entry(1, folder('starter'))], [{ line: 9, code: 'no-learner', params: {} }], { lang: 'en', signal: stop.signal });
    expect(results.learners).to.deep.equal([]);
    expect(results.problems).to.deep.equal([
      { line: 2, code: 'interrupted', params: { learner: 'learner-1' } },
      { line: 3, code: 'interrupted', params: { learner: 'learner-2' } },
      { line: 9, code: 'no-learner', params: {} },
    ]);
  });

  it('counts only the sections asked for, and does nothing for an empty roster', async () => {
    const step = await loadStep(undefined, 'en');
    expect(checksPerLearner(step, ['hints'])).to.equal(3);
    const empty = await runClass(step, [], [], { lang: 'en' });
    expect(empty.learners).to.deep.equal([]);
  });
});

describe('submissionKey', () => {
  it("is an app's origin, whatever the path, and a folder's path as it is", () => {
    expect(['http://localhost:3001/', 'http://localhost:3001/a/b', 'https://ana.example.org/x'].map(submissionKey)).to.deep.equal(['http://localhost:3001', 'http://localhost:3001', 'https://ana.example.org']);
    expect(['/class/ana', 'C:/class/ana', 'ftp://host/x'].map(submissionKey)).to.deep.equal(['/class/ana', 'C:/class/ana', 'ftp://host/x']);
  });
});

describe('concurrencyFor', () => {
  it('keeps the default, and what was asked within the bound, as it is', () => {
    expect(concurrencyFor(undefined, 2, true)).to.deep.equal({ used: 2, max: 8, clamped: false });
    expect(concurrencyFor(undefined, 16, true)).to.deep.equal({ used: 8, max: 64, clamped: false });
    expect(concurrencyFor(undefined, 1, false)).to.deep.equal({ used: 2, max: 2, clamped: false });
    expect(concurrencyFor(8, 2, true)).to.deep.equal({ used: 8, max: 8, clamped: false });
    expect(concurrencyFor(1, 2, false)).to.deep.equal({ used: 1, max: 2, clamped: false });
  });

  it(`clamps a class of apps to ${URL_WORKERS_PER_CORE} per core, and a class of folders to the cores`, () => {
    expect(concurrencyFor(64, 2, true)).to.deep.equal({ used: 8, max: 8, clamped: true });
    expect(concurrencyFor(9, 2, true)).to.deep.equal({ used: 8, max: 8, clamped: true });
    expect(concurrencyFor(64, 4, false)).to.deep.equal({ used: 4, max: 4, clamped: true });
    expect(concurrencyFor(3, 1, false)).to.deep.equal({ used: 2, max: 2, clamped: true });
  });
});
