// npm test's runner (bin/test.js): which test files it hands to mocha, and in what order.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { SLOWEST_FIRST, testFiles } from '../bin/test.js';
import { ROOT } from './helpers/apps.ts';

describe('npm test (bin/test.js)', () => {
  let dir = '';

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kit-test-order-'));
    for (const file of ['a.test.ts', 'slow.test.ts', 'z.test.ts', 'helpers/wait.ts', 'browser/page.test.ts', 'fixtures/apps/x.test.ts', 'notes.md']) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), '');
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the slowest files first, in their order, then the rest by name; no helper, fixture or other file', () => {
    expect(testFiles(dir, ['slow', 'browser/page'])).to.deep.equal(['slow.test.ts', 'browser/page.test.ts', 'a.test.ts', 'z.test.ts']);
    expect(testFiles(dir, [])).to.deep.equal(['a.test.ts', 'browser/page.test.ts', 'slow.test.ts', 'z.test.ts']);
  });

  it('refuses a list of slowest files that names one no longer there', () => {
    expect(() => testFiles(dir, ['slow', 'renamed', 'gone'])).to.throw('bin/test.js: SLOWEST_FIRST names files that are not in test/: renamed.test.ts, gone.test.ts');
  });

  it("the kit's own list: every name is a test file, none twice, and every test file runs once", () => {
    const files = testFiles(path.join(ROOT, 'test'));
    expect(new Set(SLOWEST_FIRST).size).to.equal(SLOWEST_FIRST.length);
    expect(new Set(files).size).to.equal(files.length);
    expect(files).to.include('test-order.test.ts');
    expect(files.slice(0, SLOWEST_FIRST.length)).to.deep.equal(SLOWEST_FIRST.map((name) => `${name}.test.ts`));
  });
});
