// The line a passing report ends with: where the course goes next.

import { checkCommand, stepAfter } from '../course/next.ts';
import { translator } from '../i18n/index.ts';
import { courseSteps, loadStep } from '../step/course.ts';
import type { CliOptions } from './args.ts';

/**
 * After a step of the course passes: one line naming the next step and the command that
 * checks it, or saying that the course is done. Nothing for a challenge file outside the course.
 */
export async function courseLine(options: CliOptions): Promise<string | undefined> {
  const t = translator(options.lang);
  const steps = courseSteps();
  const current = options.step ?? steps[0];
  if (current === undefined || !steps.includes(current)) return undefined;
  const next = stepAfter(current, steps);
  if (next === undefined) return t('course.lastStep');
  const { title } = await loadStep(next, options.lang);
  return t('course.nextStep', { title, command: checkCommand(next, options.target) });
}
