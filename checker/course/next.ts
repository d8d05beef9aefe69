// Where a learner goes after a step passes: the course's next step, and the command that
// checks it against the same app or folder.

import { DEFAULT_URL } from '../target.ts';
import type { Target } from '../types.ts';

/** The step after `current` in `steps`, or undefined for the last step or one outside the course. */
export function stepAfter(current: string, steps: readonly string[]): string | undefined {
  const at = steps.indexOf(current);
  return at < 0 ? undefined : steps[at + 1];
}

/** A word as a shell reads it: quoted only when it has to be. */
function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `npm run check -- --step NAME`, with the app's address (unless the default) or the folder. */
export function checkCommand(step: string, target: Target): string {
  const words = ['npm', 'run', 'check', '--', '--step', step];
  if (target.kind === 'dir') words.push('--dir', target.dir);
  else if (new URL(target.url).href !== new URL(DEFAULT_URL).href) words.push(target.url);
  return words.map(shellWord).join(' ');
}
