// The worker bundles the pool builds from source (checker/run/worker-source.ts) are kept
// in node_modules/.cache/emitting-kit, one per state of the sources: those unused for a
// day are deleted, so that editing, or a mutation run, does not fill the disk.

import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { BUNDLE_KEEP_MS, pruneBundles, workerFromSource } from '../checker/run/worker-source.ts';

describe('the worker bundles built from source', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'kit-bundles-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("names the bundle it builds as the pruning looks for it: worker-, 16 hex digits of its content's hash", () => {
    expect(path.basename(fileURLToPath(workerFromSource()))).to.match(/^worker-[0-9a-f]{16}\.mjs$/);
  });

  it('deletes the bundles unused for more than a day, and nothing else', () => {
    expect(BUNDLE_KEEP_MS).to.equal(86_400_000);
    const now = 1_800_000_000_000;
    const files: Record<string, number> = {
      'worker-00000000000000aa.mjs': now - BUNDLE_KEEP_MS - 1,
      'worker-00000000000000bb.mjs': now - BUNDLE_KEEP_MS,
      'worker-00000000000000cc.mjs': now - 60_000,
      'worker-00000000000000dd.mjs.123.tmp': now - 2 * BUNDLE_KEEP_MS,
      'notes.txt': now - 2 * BUNDLE_KEEP_MS,
    };
    for (const [name, mtime] of Object.entries(files)) {
      writeFileSync(path.join(dir, name), '');
      utimesSync(path.join(dir, name), mtime / 1000, mtime / 1000);
    }
    expect(pruneBundles(dir, now)).to.deep.equal(['worker-00000000000000aa.mjs']);
    expect(readdirSync(dir).sort()).to.deep.equal(['notes.txt', 'worker-00000000000000bb.mjs', 'worker-00000000000000cc.mjs', 'worker-00000000000000dd.mjs.123.tmp']);
  });
});
