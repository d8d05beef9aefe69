// A line diff and its hunks, from jsdiff (Myers' O(ND) algorithm): a file of 10,000 lines
// with one change costs a few milliseconds and little memory, where a table of the longest
// common subsequence cost seconds and a gigabyte.

import { diffArrays, structuredPatch } from 'diff';

export type DiffLine =
  | { op: 'same'; text: string; a: number; b: number }
  | { op: 'removed'; text: string; a: number }
  | { op: 'added'; text: string; b: number };

/** Splits text into lines; a final newline does not make an empty last line; CRLF is LF. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * Edits past which two texts are shown as one replaced block instead of a finer diff:
 * the work to find a diff grows with the number of edits (D in O(ND)), so two unrelated
 * files of 10,000 lines would otherwise cost seconds (1,000 edits cost about 0.25 s).
 */
export const MAX_EDITS = 1000;

/** The edit script turning `before` into `after`; a and b are 0-based line indexes. */
export function lineDiff(before: string, after: string, maxEdits = MAX_EDITS): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const changes = diffArrays(a, b, { maxEditLength: maxEdits }) ?? [
    { value: a, removed: true, added: false, count: a.length },
    { value: b, removed: false, added: true, count: b.length },
  ];
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  for (const change of changes) {
    for (const text of change.value) {
      if (change.removed) out.push({ op: 'removed', text, a: i++ });
      else if (change.added) out.push({ op: 'added', text, b: j++ });
      else out.push({ op: 'same', text, a: i++, b: j++ });
    }
  }
  return out;
}

/** A run of changes with some unchanged lines around it, as `diff -u` shows them. */
export interface Hunk {
  /** 1-based first line in `before` and `after`, and how many lines of each it covers. */
  fromLine: number;
  fromCount: number;
  toLine: number;
  toCount: number;
  lines: DiffLine[];
}

/** One line per line, each ending in `\n`: jsdiff then never adds "\ No newline at end of file". */
const normalised = (text: string) => splitLines(text).map((line) => `${line}\n`).join('');

/**
 * The changes from `before` to `after` as hunks with `context` unchanged lines around
 * each change; changes whose contexts touch share a hunk. Numbered as `diff -u` does
 * (a side with no line starts at the line before, as `-0,0`).
 */
export function hunks(before: string, after: string, context = 3, maxEdits = MAX_EDITS): Hunk[] {
  const a = normalised(before);
  const b = normalised(after);
  const patch = structuredPatch('a', 'b', a, b, undefined, undefined, { context, maxEditLength: maxEdits });
  if (!patch) return [wholeHunk(splitLines(before), splitLines(after))];
  return patch.hunks.map((hunk) => {
    let i = hunk.oldStart - 1;
    let j = hunk.newStart - 1;
    const lines = hunk.lines.map((line): DiffLine => {
      const text = line.slice(1);
      if (line[0] === '-') return { op: 'removed', text, a: i++ };
      if (line[0] === '+') return { op: 'added', text, b: j++ };
      return { op: 'same', text, a: i++, b: j++ };
    });
    // jsdiff starts an empty side at the next line; diff -u at the line before.
    const fromLine = hunk.oldLines > 0 ? hunk.oldStart : hunk.oldStart - 1;
    const toLine = hunk.newLines > 0 ? hunk.newStart : hunk.newStart - 1;
    return { fromLine, fromCount: hunk.oldLines, toLine, toCount: hunk.newLines, lines };
  });
}

/** Too many edits to diff finely: every line removed, then every line added. */
function wholeHunk(a: readonly string[], b: readonly string[]): Hunk {
  const lines: DiffLine[] = [...a.map((text, at): DiffLine => ({ op: 'removed', text, a: at })), ...b.map((text, at): DiffLine => ({ op: 'added', text, b: at }))];
  return { fromLine: a.length > 0 ? 1 : 0, fromCount: a.length, toLine: b.length > 0 ? 1 : 0, toCount: b.length, lines };
}
