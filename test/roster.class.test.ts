// runClass in-process: roster order whatever the finishing order, progress events, and
// one shared pool closed at the end. Folders only, so no app has to run.

import path from 'node:path';
import { expect } from 'chai';
import { loadStep } from '../checker/step/course.ts';
import { checksPerLearner, DEFAULT_CONCURRENCY, runClass } from '../checker/roster/class.ts';
import type { RosterEntry } from '../checker/roster/parse.ts';
import { ROOT } from './helpers/apps.ts';

describe('runClass', function () {
  this.timeout(60_000);

  it('checks every entry on a shared pool and returns them in roster order, with progress as it goes', async () => {
    const step = await loadStep(undefined, 'en');
    const entries: RosterEntry[] = ['solution', 'starter', 'solution', 'starter', 'solution'].map((folder, at) => ({
      line: at + 2,
      learner: `learner-${at + 1}`,
      target: { kind: 'dir', dir: path.join(ROOT, folder) },
    }));
    const events: string[] = [];
    const results = await runClass(step, entries, [{ line: 9, code: 'fields', params: { count: 3 } }], {
      lang: 'en',
      concurrency: 2,
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
    expect(results.problems).to.deep.equal([{ line: 9, code: 'fields', params: { count: 3 } }]);
    const perLearner = checksPerLearner(step);
    expect(perLearner).to.equal(5);
    expect(events.filter((e) => e.startsWith('check'))).to.have.length(5 * perLearner);
    expect(events.filter((e) => e.startsWith('done'))).to.have.length(5);
    for (const entry of entries) expect(events.lastIndexOf(`check ${entry.learner}`)).to.be.below(events.indexOf(`done ${entry.learner}`));
    expect(results.ms).to.be.a('number');
  });

  it('counts only the sections asked for, and does nothing for an empty roster', async () => {
    const step = await loadStep(undefined, 'en');
    expect(checksPerLearner(step, ['hints'])).to.equal(3);
    const empty = await runClass(step, [], [], { lang: 'en' });
    expect(empty.learners).to.deep.equal([]);
  });

  it('has a default concurrency between 2 and 8', () => {
    expect(DEFAULT_CONCURRENCY).to.be.within(2, 8);
  });
});
