// Which lines of the kit's sources a test file runs, read from the V8 coverage Node writes
// under NODE_V8_COVERAGE: `npm run mutate` gives a mutant only the test files that run its
// line (a test that never runs a line cannot kill a change to it), as StrykerJS does.
// Node records one file per thread; each script's counts are on its generated code, which
// its source map (tsx's, Node keeps it under 'source-map-cache'; the worker bundle's, inline)
// leads back to the TypeScript lines; a script without one (plain JavaScript run as written)
// is read as its own lines.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CoverageRange {
  startOffset: number;
  endOffset: number;
  count: number;
}

export interface ScriptCoverage {
  url: string;
  functions: Array<{ ranges: CoverageRange[] }>;
}

export interface SourceMapPayload {
  sources: string[];
  sourceRoot?: string;
  mappings: string;
}

/** One coverage-*.json, as Node writes it. */
export interface CoverageFile {
  result: ScriptCoverage[];
  'source-map-cache'?: Record<string, { lineLengths: number[]; data: SourceMapPayload | null }>;
}

/** Lines (0-based) that ran, by absolute source path. */
export type LinesRan = Map<string, Set<number>>;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * A source map's `mappings`, decoded: for each generated line, its segments as
 * [generated column, source index, original line, original column] (absolute, 0-based);
 * segments that name no source are left out.
 */
export function decodeMappings(mappings: string): number[][][] {
  const lines: number[][][] = [];
  // Every field but the generated column carries over from one line to the next.
  let source = 0;
  let line = 0;
  let column = 0;
  for (const text of mappings.split(';')) {
    const segments: number[][] = [];
    let generated = 0;
    for (const segment of text.split(',')) {
      if (segment === '') continue;
      const fields = vlq(segment);
      generated += fields[0]!;
      if (fields.length < 4) continue;
      source += fields[1]!;
      line += fields[2]!;
      column += fields[3]!;
      segments.push([generated, source, line, column]);
    }
    lines.push(segments);
  }
  return lines;
}

function vlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    if (digit < 0) throw new Error(`not a source map: ${JSON.stringify(char)} in mappings`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -Math.floor(value / 2) : value / 2);
    value = 0;
    shift = 0;
  }
  return values;
}

/**
 * Whether the code at each offset of a script ran: the count of the innermost range that
 * holds it. V8's ranges nest (a function, its blocks, the functions inside), so painting
 * them outer before inner leaves each offset with its innermost count.
 */
export function ranAt(length: number, script: ScriptCoverage): Uint8Array {
  const ranges = script.functions.flatMap((fn) => fn.ranges);
  ranges.sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset);
  const ran = new Uint8Array(length);
  for (const range of ranges) ran.fill(range.count > 0 ? 1 : 0, range.startOffset, Math.min(range.endOffset, length));
  return ran;
}

/** Where each line of a script starts, and the script's length, from its lines' lengths (each ended by one newline). */
function lineOffsets(lineLengths: number[]): { starts: number[]; length: number } {
  const starts: number[] = [];
  let length = 0;
  for (const line of lineLengths) {
    starts.push(length);
    length += line + 1;
  }
  return { starts, length };
}

/**
 * The original lines one script ran, through its source map: a line ran when code mapped
 * to it did. `lineLengths` are the generated code's lines (each ended by one newline).
 */
export function linesRanBy(script: ScriptCoverage, lineLengths: number[], map: SourceMapPayload): LinesRan {
  const { starts, length } = lineOffsets(lineLengths);
  const ran = ranAt(length, script);
  const paths = map.sources.map((source) => {
    const url = new URL((map.sourceRoot ?? '') + source, script.url);
    return url.protocol === 'file:' ? path.normalize(fileURLToPath(url)) : undefined;
  });
  const result: LinesRan = new Map();
  /** Where the last token began: its original position, and the generated line it began on. */
  let token: { source: number; originalLine: number; originalColumn: number; line: number } | undefined;
  decodeMappings(map.mappings).forEach((segments, line) => {
    if (line >= starts.length) return;
    for (const [column, source, originalLine, originalColumn] of segments) {
      const where = paths[source!];
      if (!where) continue;
      let at = originalLine!;
      // A later line of a token begun on an earlier one (a template literal's text, which the
      // compiler copies line for line) maps back to where the token began: the original line
      // is as many lines further on.
      if (token && token.source === source && token.originalLine === originalLine && token.originalColumn === originalColumn && token.line < line) at += line - token.line;
      else token = { source: source!, originalLine: originalLine!, originalColumn: originalColumn!, line };
      if (!ran[starts[line]! + column!]) continue;
      let lines = result.get(where);
      if (!lines) result.set(where, (lines = new Set()));
      lines.add(at);
    }
  });
  return result;
}

/** The lines a script without a source map ran, as its own file's lines: a line ran when some code on it did. */
export function linesRanByItself(script: ScriptCoverage, lineLengths: number[]): LinesRan {
  const url = new URL(script.url);
  if (url.protocol !== 'file:') return new Map();
  const { starts, length } = lineOffsets(lineLengths);
  const ran = ranAt(length, script);
  const lines = new Set<number>();
  starts.forEach((start, line) => {
    if (ran.subarray(start, start + lineLengths[line]!).includes(1)) lines.add(line);
  });
  return new Map([[path.normalize(fileURLToPath(url)), lines]]);
}

/** The source map at the end of a generated file's text (`//# sourceMappingURL=data:...;base64,...`), if it has one inline. */
export function inlineSourceMap(code: string): SourceMapPayload | undefined {
  const match = /\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/.exec(code);
  return match ? (JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8')) as SourceMapPayload) : undefined;
}

/**
 * Everything one coverage file says ran, merged into `into`. `read` gives the text of a
 * script Node kept no source map for (the worker bundle, which carries its own inline);
 * `wanted` picks the scripts worth reading (the kit's, not Node's or the packages').
 */
export function addCoverage(into: LinesRan, file: CoverageFile, wanted: (url: string) => boolean, read: (url: string) => string | undefined): void {
  const maps = file['source-map-cache'] ?? {};
  for (const script of file.result) {
    if (!wanted(script.url)) continue;
    let lineLengths: number[];
    let map: SourceMapPayload | null | undefined;
    const cached = maps[script.url];
    if (cached?.data) {
      lineLengths = cached.lineLengths;
      map = cached.data;
    } else {
      const code = read(script.url);
      if (code === undefined) continue;
      lineLengths = code.split('\n').map((line) => line.length);
      map = inlineSourceMap(code);
    }
    // No source map: plain JavaScript the kit runs as written (checker/run/early-worker.js), its own lines.
    const found = map ? linesRanBy(script, lineLengths, map) : linesRanByItself(script, lineLengths);
    for (const [where, lines] of found) {
      const known = into.get(where);
      if (known) for (const line of lines) known.add(line);
      else into.set(where, lines);
    }
  }
}

/** Everything the coverage files of `dir` (one NODE_V8_COVERAGE run) say ran of the scripts `wanted` picks; none when there is no such folder. */
export function linesRanIn(dir: string, wanted: (url: string) => boolean): LinesRan {
  const ran: LinesRan = new Map();
  const read = (url: string) => {
    try {
      return readFileSync(fileURLToPath(url), 'utf8');
    } catch {
      return undefined; // gone since it ran (a temporary file)
    }
  };
  for (const name of existsSync(dir) ? readdirSync(dir) : []) addCoverage(ran, JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as CoverageFile, wanted, read);
  return ran;
}
