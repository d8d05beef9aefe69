import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KitError } from '../errors.ts';
import type { Lang, Step } from '../types.ts';
import { parseStep } from './parse.ts';

/** The kit's own lessons: one folder per step, one file per language. */
export const STEPS_DIR = fileURLToPath(new URL('../../steps/', import.meta.url));

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
  if (wanted.endsWith('.md') || wanted.includes('/') || wanted.includes(path.sep)) {
    const file = path.resolve(wanted);
    if (existsSync(file)) return file;
    throw new KitError('step.noFile', { file: wanted });
  }
  throw new KitError('step.unknown', { name: wanted, known: known.join(', ') });
}

export async function readStep(file: string): Promise<Step> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new KitError('step.noFile', { file });
  }
  return parseStep(text, file);
}

/** `--step` and `--lang` to a parsed Step. */
export function loadStep(name: string | undefined, lang: Lang, stepsDir = STEPS_DIR): Promise<Step> {
  return readStep(resolveStepFile(name, lang, stepsDir));
}
