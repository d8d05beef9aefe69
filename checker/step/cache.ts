// Parsed steps, kept as JSON next to the compiled kit. Parsing a step file (YAML and
// Markdown) costs a cold check about a third of its own time; a command run dozens of
// times during a lesson reads the same file each time. Entries are named by a digest
// of the build and the file's path and text, so an edited file or a new build never
// meets an old entry; nothing is cached when running from source (tests, development).

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KIT_ROOT } from '../paths.ts';
import type { Step } from '../types.ts';

/** Set by bin/build.js (esbuild `define`) to the build's identity; undefined from source. */
declare const __KIT_BUILD__: string | undefined;

const BUILD = typeof __KIT_BUILD__ === 'string' ? __KIT_BUILD__ : undefined;
const DIR = path.join(KIT_ROOT, 'dist', 'cache', 'steps');

function entry(file: string, text: string): string | undefined {
  if (!BUILD) return undefined;
  const key = createHash('sha256').update(`${BUILD}\0${file}\0${text}`).digest('hex');
  return path.join(DIR, `${key}.json`);
}

export function cachedStep(file: string, text: string): Step | undefined {
  const at = entry(file, text);
  if (!at) return undefined;
  try {
    return JSON.parse(readFileSync(at, 'utf8')) as Step;
  } catch {
    return undefined;
  }
}

/** Best effort: a kit on a read-only disk simply parses every time. */
export function cacheStep(file: string, text: string, step: Step): void {
  const at = entry(file, text);
  if (!at) return;
  try {
    mkdirSync(DIR, { recursive: true });
    const temp = `${at}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(step));
    renameSync(temp, at);
  } catch {
    // not cached: fine
  }
}
