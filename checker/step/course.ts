import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { KitError } from '../errors.ts';
import { KIT_ROOT } from '../paths.ts';
import type { Lang, Step } from '../types.ts';
import { cachedStep, cacheStep } from './cache.ts';

/** The kit's own lessons: one folder per step, one file per language. */
export const STEPS_DIR = path.join(KIT_ROOT, 'steps');

/** Step names in course order: `steps/course.json` when present, else by name. */
export function courseSteps(stepsDir = STEPS_DIR): string[] {
  const order = path.join(stepsDir, 'course.json');
  if (existsSync(order)) {
    const { steps } = JSON.parse(readFileSync(order, 'utf8')) as { steps: string[] };
    return steps;
  }
  return readdirSync(stepsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * Finds the file for `--step`: a step name of the course (in `lang`, falling back
 * to English), or the path of any challenge file. Default: the course's first step.
 */
export function resolveStepFile(name: string | undefined, lang: Lang, stepsDir = STEPS_DIR): string {
  const known = courseSteps(stepsDir);
  const wanted = name ?? known[0];
  if (wanted === undefined) throw new KitError('step.none', { dir: stepsDir });
  if (known.includes(wanted)) {
    for (const candidate of [lang, 'en']) {
      const file = path.join(stepsDir, wanted, `${candidate}.md`);
      if (existsSync(file)) return file;
    }
  }
  if (/\.mdx?$/i.test(wanted) || wanted.includes('/') || wanted.includes(path.sep)) {
    const file = path.resolve(wanted);
    if (existsSync(file)) return file;
    throw new KitError('step.noFile', { file: wanted });
  }
  throw new KitError('step.unknown', { name: wanted, known: known.join(', ') });
}

/** A step file as a Step: from the cache when this very text was parsed before, else parsed (and cached). */
export async function readStep(file: string): Promise<Step> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new KitError('step.noFile', { file });
  }
  const cached = cachedStep(file, text);
  if (cached) return cached;
  // The parser (YAML, Markdown) loads only when a file has to be parsed.
  const { parseStep } = await import('./parse.ts');
  const step = parseStep(text, file);
  cacheStep(file, text, step);
  return step;
}

/** `--step` and `--lang` to a parsed Step. */
export function loadStep(name: string | undefined, lang: Lang, stepsDir = STEPS_DIR): Promise<Step> {
  return readStep(resolveStepFile(name, lang, stepsDir));
}
