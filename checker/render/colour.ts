import type { Status } from '../types.ts';

/** A check's mark, the same in the terminal report and the class table. */
export const MARKS: Record<Status, string> = { passed: '✔', failed: '✘', skipped: '–' };

export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const ANSI: Paint = { bold: wrap(1, 22), dim: wrap(2, 22), green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39) };
const PLAIN: Paint = { bold: String, dim: String, green: String, red: String, yellow: String };

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org) or TERM=dumb. */
export function paintFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Paint {
  const on = Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
  return on ? ANSI : PLAIN;
}

export { ANSI, PLAIN };

/** A check's mark in its colour: green passed, red failed, yellow skipped. */
export function paintStatus(paint: Paint, status: Status, text = MARKS[status]): string {
  const colour = status === 'passed' ? paint.green : status === 'failed' ? paint.red : paint.yellow;
  return colour(text);
}
