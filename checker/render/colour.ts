import tty from 'node:tty';
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

/**
 * Whether to colour, as Node's own `tty.WriteStream#hasColors()` decides it (so as `node`
 * and its other tools do): `FORCE_COLOR` wins, even when piped (`FORCE_COLOR=0` or `false`
 * turns colour off); otherwise never when not a terminal, nor with `NO_COLOR`
 * (https://no-color.org), `NODE_DISABLE_COLORS` or `TERM=dumb`. One difference: a terminal
 * whose TERM Node does not know (or none) still gets these eight basic colours.
 */
export function colourOn(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  // Only FORCE_COLOR is passed on: with NO_COLOR beside it, Node would also print a warning.
  if (env.FORCE_COLOR !== undefined) return tty.WriteStream.prototype.hasColors(16, { FORCE_COLOR: env.FORCE_COLOR });
  if (!stream.isTTY) return false;
  return env.NO_COLOR === undefined && env.NODE_DISABLE_COLORS === undefined && env.TERM !== 'dumb';
}

export function paintFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Paint {
  return colourOn(stream, env) ? ANSI : PLAIN;
}

export { ANSI, PLAIN };

/** A check's mark in its colour: green passed, red failed, yellow skipped. */
export function paintStatus(paint: Paint, status: Status, text = MARKS[status]): string {
  const colour = status === 'passed' ? paint.green : status === 'failed' ? paint.red : paint.yellow;
  return colour(text);
}
