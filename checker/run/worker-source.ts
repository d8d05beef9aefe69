// The worker's entry when the kit runs from source (tests, development): worker.ts and what
// it imports, bundled by esbuild as bin/build.js bundles it for dist/, and taken again by the
// next process while none of the files it was made from has changed (STAMP).
// Workers do not inherit tsx's loader on Node 20, and registering it in each one cost
// ~0.5 s a worker.

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUNDLE_OPTIONS } from '../../bin/bundle-options.js';
import { KIT_ROOT } from '../paths.ts';

let built: URL | undefined;

/** The file, beside the bundles, that names the last bundle and the files it was made from. */
export const STAMP = 'worker-inputs.json';

/**
 * Files that shape the bundle without being part of it: how it is built, and what npm
 * installed (package-lock.json changes with every install of another version).
 */
const BUILD_FILES = ['bin/bundle-options.js', 'checker/run/worker-source.ts', 'tsconfig.json', 'package.json', 'package-lock.json'];

/**
 * What the last build was made from: each file's path (relative to the kit's root) with its
 * modification time and size then. esbuild takes ~0.3 s a process (~0.3 s more of CPU in its
 * own), and every test process would pay it for an unchanged bundle.
 */
export interface Stamp {
  bundle: string;
  inputs: Record<string, [mtimeMs: number, size: number]>;
}

/** The bundled worker's file URL, built on first use (or taken from the last build when none of its files changed) and kept for the process. */
export function workerFromSource(): URL {
  if (built) return built;
  // In the kit's node_modules/.cache, where tools keep such files; named by content.
  const dir = path.join(KIT_ROOT, 'node_modules', '.cache', 'emitting-kit');
  // Under coverage (npm run mutate) the bundle carries a source map: never the kept one.
  const coverage = Boolean(process.env.NODE_V8_COVERAGE);
  const kept = coverage ? undefined : keptBundle(dir, KIT_ROOT);
  built = pathToFileURL(kept ?? buildBundle(dir, coverage));
  return built;
}

/** Each file's modification time and size now; undefined for one that is gone. */
function statOf(root: string, file: string): [number, number] | undefined {
  try {
    const info = statSync(path.join(root, file));
    return [info.mtimeMs, info.size];
  } catch {
    return undefined;
  }
}

/**
 * The bundle the stamp in `dir` names, when every file it was made from has the same
 * modification time and size as then (an edit, a checkout, a mutant and its undoing all
 * change the time); else undefined, and the caller builds.
 */
export function keptBundle(dir: string, root: string): string | undefined {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(readFileSync(path.join(dir, STAMP), 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
  const inputs = Object.entries(stamp.inputs ?? {});
  if (!inputs.length || !/^worker-[0-9a-f]{16}\.mjs$/.test(String(stamp.bundle))) return undefined;
  for (const [file, then] of inputs) {
    const now = statOf(root, file);
    if (!now || now[0] !== then[0] || now[1] !== then[1]) return undefined;
  }
  const file = path.join(dir, stamp.bundle);
  try {
    // Used now: kept by the pruning below for another day.
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    return undefined; // pruned meanwhile
  }
  return file;
}

/** Bundles worker.ts with esbuild into `dir` (named by its content), and stamps it unless under coverage. */
export function buildBundle(dir: string, coverage: boolean): string {
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const startedAt = Date.now();
  const { outputFiles, metafile } = esbuild.buildSync({
    entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
    ...BUNDLE_OPTIONS,
    // Under coverage (npm run mutate), a map back to the sources for the lines the worker
    // ran: their paths relative to the kit's root, which the map names (the bundle is not there).
    ...(coverage ? { sourcemap: 'inline' as const, sourcesContent: false, sourceRoot: pathToFileURL(path.join(KIT_ROOT, path.sep)).href } : {}),
    absWorkingDir: KIT_ROOT,
    metafile: true,
    write: false,
    logLevel: 'error',
  });
  const code = outputFiles[0]!.contents;
  const name = `worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
  const file = path.join(dir, name);
  mkdirSync(dir, { recursive: true });
  // Whole or not at all, should two processes write it at once.
  writeAtomic(file, code);
  pruneBundles(dir, Date.now());
  if (!coverage) {
    const inputs: Stamp['inputs'] = {};
    const own = Object.keys(metafile.inputs).filter((input) => !input.includes('node_modules'));
    for (const input of [...own, ...BUILD_FILES]) {
      const now = statOf(KIT_ROOT, input);
      if (now) inputs[input] = now;
    }
    // A file edited while esbuild ran may be in the bundle as it was: no stamp, the next process builds again.
    if (Object.values(inputs).every(([mtimeMs]) => mtimeMs < startedAt)) writeAtomic(path.join(dir, STAMP), JSON.stringify({ bundle: name, inputs } satisfies Stamp));
  }
  return file;
}

function writeAtomic(file: string, data: string | Uint8Array): void {
  writeFileSync(`${file}.${process.pid}.tmp`, data);
  renameSync(`${file}.${process.pid}.tmp`, file);
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
