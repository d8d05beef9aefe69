// The app along the course. starter/ is what a learner edits, so the kit never reads it
// for itself: solution/ (the app after the last step, which nobody edits) and each step's
// own change to the app (steps/<name>/app.diff, a unified diff of the lesson's lines)
// give every step's end state. The end state of step k is solution/ with the changes of
// the steps after k taken back, latest first; before the first step, it is the kit's starter.

import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyPatch, parsePatch, reversePatch, type StructuredPatch } from 'diff';
import { listFiles } from '../compare/files.ts';
import { KitError } from '../errors.ts';
import { KIT_ROOT } from '../paths.ts';
import { courseSteps, STEPS_DIR } from '../step/course.ts';

export const SOLUTION_DIR = path.join(KIT_ROOT, 'solution');

/**
 * Where the commands write end states they run (npm run solution -- --step, the demo's
 * starter): inside the kit, so that a copy finds the kit's node_modules; git-ignored with dist/.
 */
export const END_STATES_DIR = path.join(KIT_ROOT, 'dist', 'apps');

/** The file each step keeps its change to the app in. */
export const STEP_CHANGE = 'app.diff';

export interface CourseDirs {
  stepsDir?: string;
  solutionDir?: string;
}

/** A step's change, file by file (a step without app.diff changes nothing). */
function stepChange(step: string, stepsDir: string): StructuredPatch[] {
  const file = path.join(stepsDir, step, STEP_CHANGE);
  return existsSync(file) ? parsePatch(readFileSync(file, 'utf8')) : [];
}

/** `a/server.js` or `b/server.js` as `server.js`. */
function fileOf(patch: StructuredPatch): string {
  const name = patch.newFileName ?? patch.oldFileName ?? '';
  return name.replace(/^[ab]\//, '');
}

/**
 * Where a step sits in the course: -1 for the starter (`null`), else its index. An
 * unknown name is refused with the list of known ones.
 */
export function stepIndex(step: string | null, stepsDir = STEPS_DIR): number {
  if (step === null) return -1;
  const steps = courseSteps(stepsDir);
  const at = steps.indexOf(step);
  if (at < 0) throw new KitError('step.unknown', { name: step, known: steps.join(', ') });
  return at;
}

/**
 * The files of the end state of `step` (`null`: the kit's starter) that differ from
 * solution/, as path -> text. A change that no longer applies is the kit's own error.
 */
export function endStateChanges(step: string | null, dirs: CourseDirs = {}): Map<string, string> {
  const stepsDir = dirs.stepsDir ?? STEPS_DIR;
  const solutionDir = dirs.solutionDir ?? SOLUTION_DIR;
  const steps = courseSteps(stepsDir);
  const files = new Map<string, string>();
  for (let i = steps.length - 1; i > stepIndex(step, stepsDir); i--) {
    for (const patch of stepChange(steps[i]!, stepsDir)) {
      const file = fileOf(patch);
      const current = files.get(file) ?? readFileSync(path.join(solutionDir, file), 'utf8');
      const before = applyPatch(current, reversePatch(patch));
      if (before === false) throw new KitError('course.changeDoesNotApply', { step: steps[i]!, file });
      files.set(file, before);
    }
  }
  return files;
}

/**
 * Writes the end state of `step` (`null`: the kit's starter) into `dir`: every file of
 * solution/ (not node_modules, data or .git), with the later steps' lines taken back.
 */
export function writeEndState(step: string | null, dir: string, dirs: CourseDirs = {}): void {
  const solutionDir = dirs.solutionDir ?? SOLUTION_DIR;
  const changed = endStateChanges(step, dirs);
  for (const file of listFiles(solutionDir)) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    const text = changed.get(file);
    if (text === undefined) copyFileSync(path.join(solutionDir, file), target);
    else writeFileSync(target, text);
  }
}
