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
