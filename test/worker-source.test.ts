// The worker bundles the pool builds from source (checker/run/worker-source.ts) are kept
// in node_modules/.cache/emitting-kit, one per state of the sources: those unused for a
// day are deleted, so that editing, or a mutation run, does not fill the disk. The last one
// is taken again without esbuild while none of the files it was made from has changed.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { buildBundle, BUNDLE_KEEP_MS, keptBundle, pruneBundles, STAMP, workerFromSource, type Stamp } from '../checker/run/worker-source.ts';
import { ROOT } from './helpers/apps.ts';

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

  it('stamps the bundle it builds with the files it was made from (the worker, its imports, how it is built, what npm installed), and takes it again', () => {
    const bundle = buildBundle(dir, false);
    const stamp = JSON.parse(readFileSync(path.join(dir, STAMP), 'utf8')) as Stamp;
    expect(stamp.bundle).to.equal(path.basename(bundle));
    expect(Object.keys(stamp.inputs)).to.include.members(['checker/run/worker.ts', 'checker/run/sandbox.ts', 'bin/bundle-options.js', 'package-lock.json', 'tsconfig.json']);
    expect(Object.keys(stamp.inputs).filter((file) => file.includes('node_modules'))).to.deep.equal([]);
    expect(keptBundle(dir, ROOT)).to.equal(bundle);
  });

  it('stamps nothing under coverage (that bundle carries a source map)', () => {
    const bundle = buildBundle(dir, true);
    expect(readFileSync(bundle, 'utf8')).to.include('sourceMappingURL=data:application/json');
    expect(readdirSync(dir)).to.deep.equal([path.basename(bundle)]);
  });

  describe('the last bundle, taken again without esbuild', () => {
    const BUNDLE = 'worker-0123456789abcdef.mjs';
    let root: string;
    beforeEach(() => {
      root = path.join(dir, 'kit');
      mkdirSync(path.join(root, 'checker'), { recursive: true });
      writeFileSync(path.join(root, 'checker/a.ts'), 'export const a = 1;\n');
      writeFileSync(path.join(root, 'package-lock.json'), '{}\n');
      writeFileSync(path.join(dir, BUNDLE), '// bundle\n');
      stampNow();
    });
    /** A stamp of root's files as they are now. */
    const stampNow = (bundle = BUNDLE) => {
      const inputs: Stamp['inputs'] = {};
      for (const file of ['checker/a.ts', 'package-lock.json']) {
        const info = statSync(path.join(root, file));
        inputs[file] = [info.mtimeMs, info.size];
      }
      writeFileSync(path.join(dir, STAMP), JSON.stringify({ bundle, inputs }));
    };

    it('is taken while every file has the time and size it had, and marked as used now', () => {
      utimesSync(path.join(dir, BUNDLE), 1_000_000, 1_000_000);
      expect(keptBundle(dir, root)).to.equal(path.join(dir, BUNDLE));
      expect(statSync(path.join(dir, BUNDLE)).mtimeMs).to.be.above(Date.now() - BUNDLE_KEEP_MS);
    });

    it('is built again when a file was saved since (its time changed, the same size), grew (the same time), or is gone', () => {
      const file = path.join(root, 'checker/a.ts');
      const then = statSync(file);
      utimesSync(file, then.atime, new Date(then.mtimeMs + 1000));
      expect(keptBundle(dir, root), 'saved again').to.equal(undefined);
      // Whole seconds, which utimes sets exactly: the same time again after the edit.
      utimesSync(file, 1_700_000_000, 1_700_000_000);
      stampNow();
      writeFileSync(file, 'export const a = 12;\n');
      utimesSync(file, 1_700_000_000, 1_700_000_000);
      expect(keptBundle(dir, root), 'one byte more').to.equal(undefined);
      stampNow();
      rmSync(file);
      expect(keptBundle(dir, root), 'gone').to.equal(undefined);
    });

    it('is built again when the bundle was pruned, or the stamp is missing, broken or names another file', () => {
      rmSync(path.join(dir, BUNDLE));
      expect(keptBundle(dir, root)).to.equal(undefined);
      writeFileSync(path.join(dir, BUNDLE), '// bundle\n');
      stampNow('../../etc/passwd');
      expect(keptBundle(dir, root)).to.equal(undefined);
      writeFileSync(path.join(dir, STAMP), '{"bundle": "worker-0123456789abcdef.mjs", "inputs": {}}');
      expect(keptBundle(dir, root), 'made of nothing').to.equal(undefined);
      writeFileSync(path.join(dir, STAMP), '{"bundle": ');
      expect(keptBundle(dir, root)).to.equal(undefined);
      rmSync(path.join(dir, STAMP));
      expect(keptBundle(dir, root)).to.equal(undefined);
    });
  });
});

describe("the bundles' stand-ins (bin/bundle-options.js's alias)", () => {
  it('the check worker holds no `debug` package, only the stand-in: both Socket.IO clients log through it', () => {
    const bundle = readFileSync(workerFromSource(), 'utf8');
    // esbuild names each bundled file in a comment above it.
    expect(bundle).to.include('// bin/no-debug.cjs');
    expect(bundle).not.to.match(/\/\/ node_modules\/(?:[^\n]*\/)?debug\/src\//);
    expect(bundle).to.include('// node_modules/engine.io-client/build/esm-debug/socket.js');
  });

  it('the stand-in is a logger that is off: it says nothing, keeps its namespace, and extends as debug does', async () => {
    const { default: createDebug } = (await import('../bin/no-debug.cjs')) as { default: ((namespace: string) => DebugStandIn) & { enabled(name: string): boolean } };
    const log = createDebug('engine.io-client:socket');
    expect(log('opening %s', 'ws://x')).to.equal(undefined);
    expect(log.enabled).to.equal(false);
    expect(log.namespace).to.equal('engine.io-client:socket');
    expect(log.extend('polling').namespace).to.equal('engine.io-client:socket:polling');
    expect(log.extend('frames', '/').namespace).to.equal('engine.io-client:socket/frames');
    expect(createDebug.enabled('engine.io-client:socket')).to.equal(false);
  });
});

interface DebugStandIn {
  (...args: unknown[]): unknown;
  namespace: string;
  enabled: boolean;
  extend(suffix: string, delimiter?: string): DebugStandIn;
}
