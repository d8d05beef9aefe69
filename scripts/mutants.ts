// The mutants of a file for `npm run mutate` (scripts/mutate.ts): single-token changes found
// by line patterns, each kept only if it changes the JavaScript that runs.

import { transformSync } from 'esbuild';

/** One change: in `file`, line `line` (0-based), the text at `at` replaced. */
export interface Mutant {
  file: string;
  line: number;
  at: number;
  from: string;
  to: string;
  operator: string;
}

/** Token -> replacement, each a mutation operator; matched with spaces around, as the code is formatted. */
const OPERATORS: Array<{ name: string; pattern: RegExp; to: (match: string) => string }> = [
  { name: 'equality', pattern: / (===|!==) /g, to: (m) => (m === ' === ' ? ' !== ' : ' === ') },
  { name: 'boundary', pattern: / (<=|>=|<|>) /g, to: (m) => ({ ' < ': ' <= ', ' <= ': ' < ', ' > ': ' >= ', ' >= ': ' > ' })[m]! },
  { name: 'logic', pattern: / (&&|\|\|) /g, to: (m) => (m === ' && ' ? ' || ' : ' && ') },
  { name: 'boolean', pattern: /\b(true|false)\b/g, to: (m) => (m === 'true' ? 'false' : 'true') },
  { name: 'negation', pattern: /\(!(?=[\w.(])/g, to: () => '(' },
  { name: 'number', pattern: /(?<![\w.$'"`])\d+(?![\w.'"`])/g, to: (m) => String(Number(m) + 1) },
  { name: 'arithmetic', pattern: / ([+-]) 1\b/g, to: (m) => (m === ' + 1' ? ' - 1' : ' + 1') },
];

/** Lines that are not code a mutant should touch: comments, imports, types. */
function skipped(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || /^(\/\/|\*|\/\*|import |export type |type |interface )/.test(trimmed) || /^\s*(readonly )?\w+\??: /.test(line);
}

/** The JavaScript esbuild makes of a file's text: what runs, without types or comments. */
function compiled(file: string, text: string): string {
  return transformSync(text, { loader: file.endsWith('.ts') ? 'ts' : 'js', format: 'esm' }).code;
}

/**
 * A change whose compiled JavaScript is the file's own changes nothing that runs (a number
 * in a type, `eio: 3 | 4`, or in a comment the line patterns let through): an equivalent
 * mutant, left out of the sample rather than counted as a survivor.
 */
function changesCode(mutant: Mutant, lines: string[], original: string): boolean {
  const changed = [...lines];
  const text = changed[mutant.line]!;
  changed[mutant.line] = text.slice(0, mutant.at) + mutant.to + text.slice(mutant.at + mutant.from.length);
  try {
    return compiled(mutant.file, changed.join('\n')) !== original;
  } catch {
    return true; // it no longer compiles: the tests will say so
  }
}

/** Every mutant of `source` (the text of `file`, a path relative to the kit), in file order. */
export function mutantsOf(file: string, source: string): Mutant[] {
  const found: Mutant[] = [];
  const lines = source.split('\n');
  const original = compiled(file, source);
  lines.forEach((text, line) => {
    if (skipped(text)) return;
    // Inside template literals and strings, a change is a change of text, not of logic: skip lines that are mostly one.
    if (/^\s*['"`]/.test(text)) return;
    // A trailing comment is not code: a change there means nothing (` // 0 when ...`).
    const code = text.replace(/\s\/\/ .*$/, '');
    for (const { name, pattern, to } of OPERATORS) {
      for (const match of code.matchAll(pattern)) {
        const mutant = { file, line, at: match.index!, from: match[0], to: to(match[0]), operator: name };
        if (changesCode(mutant, lines, original)) found.push(mutant);
      }
    }
  });
  return found;
}
