// A line diff from the longest common subsequence: enough to tell apart the lines the
// lesson adds from lines changed or removed. Quadratic, for files of a few hundred lines.

export type DiffLine =
  | { op: 'same'; text: string; a: number; b: number }
  | { op: 'removed'; text: string; a: number }
  | { op: 'added'; text: string; b: number };

/** Splits text into lines; a final newline does not make an empty last line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The edit script turning `before` into `after`; a and b are 0-based line indexes. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ op: 'same', text: a[i]!, a: i++, b: j++ });
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push({ op: 'removed', text: a[i]!, a: i++ });
    } else {
      out.push({ op: 'added', text: b[j]!, b: j++ });
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

/** Groups a diff into hunks, keeping `context` unchanged lines around each change. */
export function hunks(diff: readonly DiffLine[], context = 3): Hunk[] {
  const changed = diff.flatMap((line, at) => (line.op === 'same' ? [] : [at]));
  const out: Hunk[] = [];
  let at = 0;
  while (at < changed.length) {
    const start = Math.max(0, changed[at]! - context);
    let end = changed[at]! + context;
    // Changes whose contexts touch or overlap share one hunk.
    while (at + 1 < changed.length && changed[at + 1]! - context <= end + 1) end = changed[++at]! + context;
    at++;
    const lines = diff.slice(start, Math.min(diff.length, end + 1));
    // Line numbers of a hunk: where it starts on each side (the next line when a side is empty).
    let a = 0;
    let b = 0;
    for (const line of diff.slice(0, start)) {
      if (line.op !== 'added') a++;
      if (line.op !== 'removed') b++;
    }
    const fromCount = lines.filter((line) => line.op !== 'added').length;
    const toCount = lines.filter((line) => line.op !== 'removed').length;
    out.push({ fromLine: fromCount > 0 ? a + 1 : a, fromCount, toLine: toCount > 0 ? b + 1 : b, toCount, lines });
  }
  return out;
}
