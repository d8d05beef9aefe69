#!/usr/bin/env node
// Compiles the kit's TypeScript once into plain JavaScript in dist/ (git-ignored), so that
// `npm run check` and the other commands never compile at run time. `npm install` runs it
// (the `prepare` script); bin/launch.js runs it again when a source is newer than dist/.
// One self-contained file per command: each sits in dist/, one level below the kit, as
// checker/paths.ts expects.

import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_OPTIONS } from './bundle-options.js';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DIST = path.join(ROOT, 'dist');
/** What the launcher reads to tell whether dist/ is older than its sources. */
export const MANIFEST = path.join(DIST, 'build.json');

/** Command name -> its TypeScript entry. */
export const ENTRIES = {
  check: 'checker/cli.ts',
  worker: 'checker/run/worker.ts',
  learn: 'learn/server.ts',
  demo: 'scripts/demo.ts',
  compare: 'scripts/compare.ts',
  solution: 'scripts/solution.ts',
  bench: 'scripts/bench.ts',
};

/**
 * Writes a file whole or not at all, so that a command started meanwhile never reads half of it.
 * @param {string} file
 * @param {string | Uint8Array} contents
 */
function writeAtomic(file, contents) {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, file);
}

/**
 * Builds every entry; returns the source files (relative to the kit) they were built from.
 * @returns {Promise<string[]>}
 */
export async function build() {
  // Sources saved while this runs are newer than this, so the next command rebuilds.
  const builtAt = Date.now();
  const { build: esbuild } = await import('esbuild');
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, path.join(ROOT, file)])),
    outdir: DIST,
    ...BUNDLE_OPTIONS,
    write: false,
    metafile: true,
    // Shared code and lazily imported modules (the step parser, Socket.IO clients) become
    // chunks beside the entries, loaded only when needed; one level below the kit, like them.
    splitting: true,
    chunkNames: '[name]-[hash]',
    define: { __KIT_BUILD__: JSON.stringify(String(builtAt)) },
    logLevel: 'warning',
  });
  mkdirSync(DIST, { recursive: true });
  // Chunks of earlier builds have other names: clear them, not the cache.
  for (const name of readdirSync(DIST)) if (name.endsWith('.js')) rmSync(path.join(DIST, name), { force: true });
  for (const file of result.outputFiles) writeAtomic(file.path, file.contents);
  // The builder itself too: a change to how the kit is built also makes dist/ old.
  const inputs = ['bin/build.js', ...Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules'))];
  // Written last: a manifest exists only next to a complete build.
  writeAtomic(MANIFEST, JSON.stringify({ builtAt, inputs }, null, 1) + '\n');
  return inputs;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const inputs = await build();
  process.stdout.write(`built dist/ from ${inputs.length} files in ${Date.now() - started} ms\n`);
}
