// The worker's entry when the kit runs from source (tests, development): worker.ts and what
// it imports, bundled once per process by esbuild as bin/build.js bundles it for dist/.
// Workers do not inherit tsx's loader on Node 20, and registering it in each one cost
// ~0.5 s a worker.

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUNDLE_OPTIONS } from '../../bin/bundle-options.js';
import { KIT_ROOT } from '../paths.ts';

let built: URL | undefined;

/** The bundled worker's file URL, built on first use and kept for the process. */
export function workerFromSource(): URL {
  if (built) return built;
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const { outputFiles } = esbuild.buildSync({
    entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
    ...BUNDLE_OPTIONS,
    // Under coverage (npm run mutate), a map back to the sources for the lines the worker
    // ran: their paths relative to the kit's root, which the map names (the bundle is not there).
    ...(process.env.NODE_V8_COVERAGE ? { sourcemap: 'inline' as const, sourcesContent: false, absWorkingDir: KIT_ROOT, sourceRoot: pathToFileURL(path.join(KIT_ROOT, path.sep)).href } : {}),
    write: false,
    logLevel: 'error',
  });
  const code = outputFiles[0]!.contents;
  // In the kit's node_modules/.cache, where tools keep such files; named by content.
  const dir = path.join(KIT_ROOT, 'node_modules', '.cache', 'emitting-kit');
  const file = path.join(dir, `worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  try {
    // Used now: kept by the pruning below for another day.
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // Not there (or pruned by another process meanwhile): written now.
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${file}.${process.pid}.tmp`, code);
    // Whole or not at all, should two processes write it at once.
    renameSync(`${file}.${process.pid}.tmp`, file);
    pruneBundles(dir, Date.now());
  }
  built = pathToFileURL(file);
  return built;
}

/** A bundle nobody used for this long is one of an earlier state of the sources. */
export const BUNDLE_KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes the worker bundles of `dir` unused for BUNDLE_KEEP_MS: each edit of the worker's
 * sources makes a new one of about 2.4 MB (a mutation run, hundreds). A day, not at once:
 * a test run still going may start workers from the one it built.
 */
export function pruneBundles(dir: string, now: number): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!/^worker-[0-9a-f]{16}\.mjs$/.test(name)) continue;
    const file = path.join(dir, name);
    try {
      if (now - statSync(file).mtimeMs <= BUNDLE_KEEP_MS) continue;
      rmSync(file, { force: true });
      removed.push(name);
    } catch {
      // gone already: another process pruned it
    }
  }
  return removed;
}
