// npm run mutate gives a mutant only the test files that run its line: which lines ran is
// read from Node's V8 coverage through source maps (scripts/covered-lines.ts). A line
// wrongly read as not run would hide a mutant from the tests that kill it.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { buildSync } from 'esbuild';
import { addCoverage, decodeMappings, inlineSourceMap, linesRanIn, ranAt, type CoverageFile, type LinesRan } from '../scripts/covered-lines.ts';

/**
 * `used` runs with its `if` taken and its `else` not; `unused` never runs; the last two
 * lines run. Reading a line as run when it did not only ever gives a mutant more tests;
 * the other way round would hide a mutant from the tests that kill it.
 */
const SOURCE = [
  'export function used(n: number): number {', // 0
  '  if (n > 0) {', // 1
  '    return n + 1;', // 2
  '  } else {', // 3
  '    return n - 1;', // 4
  '  }', // 5
  '}', // 6
  'export function unused(): string {', // 7
  "  return 'never';", // 8
  '}', // 9
  'const answer: number = used(41);', // 10
  'console.log(answer);', // 11
  '',
].join('\n');

/** Runs `args` under NODE_V8_COVERAGE and reads what ran of the scripts `wanted` picks (those in `dir`). */
function ranIn(dir: string, args: string[], wanted = (url: string) => url.startsWith(pathToFileURL(dir).href)): LinesRan {
  const coverage = path.join(dir, 'coverage');
  execFileSync(process.execPath, args, { cwd: dir, env: { ...process.env, NODE_V8_COVERAGE: coverage }, stdio: 'ignore' });
  return linesRanIn(coverage, wanted);
}

/**
 * What ran of SOURCE: every line of code that ran (0, 1, 2, 10, 11), and neither the `else`
 * (4) nor `unused`'s body (8). A line holding only a brace or a declaration (3, 6, 7) may be
 * read either way, as the engine and the compiler place their ranges and mappings.
 */
function expectRan(lines: Set<number> | undefined): void {
  const ran = [...(lines ?? [])];
  expect([0, 1, 2, 10, 11].filter((line) => !ran.includes(line)), 'lines that ran, read as not run').to.deep.equal([]);
  expect(ran.filter((line) => line === 4 || line === 8), 'lines that never ran, read as run').to.deep.equal([]);
}

describe('npm run mutate: the lines a test file runs', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'kit-coverage-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('decodes source map segments, a line at a time, with fields that carry over and negative steps', () => {
    // gBAAA: column 16; D: -1; a one-field segment names no source and is left out.
    expect(decodeMappings('AAAA,gBAAA;AACA,C,EAAE;;IAAD')).to.deep.equal([
      [
        [0, 0, 0, 0],
        [16, 0, 0, 0],
      ],
      [
        [0, 0, 1, 0],
        [3, 0, 1, 2],
      ],
      [],
      [[4, 0, 1, 1]],
    ]);
    expect(() => decodeMappings('A!AA')).to.throw('not a source map: "!" in mappings');
  });

  it('counts each offset by its innermost range: a block not taken inside a function that ran, a function inside it that ran', () => {
    const ran = ranAt(30, {
      url: 'file:///x.js',
      functions: [
        { ranges: [{ startOffset: 0, endOffset: 30, count: 1 }] },
        {
          ranges: [
            { startOffset: 5, endOffset: 25, count: 3 },
            { startOffset: 10, endOffset: 20, count: 0 },
          ],
        },
        { ranges: [{ startOffset: 12, endOffset: 15, count: 2 }] },
      ],
    });
    expect([...ran].join('')).to.equal('111111111100111000001111111111');
  });

  it('reads a script through its inline source map (the worker bundle): the lines that ran, not the branch or function that did not', () => {
    writeFileSync(path.join(dir, 'lesson.ts'), SOURCE);
    buildSync({ entryPoints: [path.join(dir, 'lesson.ts')], outfile: path.join(dir, 'bundle.mjs'), bundle: true, format: 'esm', platform: 'node', sourcemap: 'inline', sourcesContent: false, logLevel: 'error' });
    expect(inlineSourceMap(readFileSync(path.join(dir, 'bundle.mjs'), 'utf8'))?.sources).to.deep.equal(['lesson.ts']);
    const ran = ranIn(dir, ['bundle.mjs']);
    expect([...ran.keys()]).to.deep.equal([path.join(dir, 'lesson.ts')]);
    expectRan(ran.get(path.join(dir, 'lesson.ts')));
  });

  it("reads a template literal's lines of text as run with the code that holds them (they have no mapping of their own), and not when it never ran", () => {
    const template = [
      'export function page(n: number): string {', // 0
      '  return `<li>', // 1
      '  <span aria-hidden="true">o</span>', // 2: text only
      '  <b>${n}</b>', // 3
      '</li>`;', // 4
      '}', // 5
      'export function unused(): string {', // 6
      '  return `<p>', // 7
      '  never', // 8: text only, never run
      '</p>`;', // 9
      '}', // 10
      'console.log(page(1));', // 11
      '',
    ].join('\n');
    writeFileSync(path.join(dir, 'page.ts'), template);
    buildSync({ entryPoints: [path.join(dir, 'page.ts')], outfile: path.join(dir, 'bundle.mjs'), bundle: true, format: 'esm', platform: 'node', sourcemap: 'inline', sourcesContent: false, logLevel: 'error' });
    const ran = [...(ranIn(dir, ['bundle.mjs']).get(path.join(dir, 'page.ts')) ?? [])];
    expect([1, 2, 3, 4, 11].filter((line) => !ran.includes(line)), 'lines that ran, read as not run').to.deep.equal([]);
    expect(ran.filter((line) => line >= 7 && line <= 9), 'lines that never ran, read as run').to.deep.equal([]);
  });

  it('reads a TypeScript file run by tsx through the source map Node kept for it', () => {
    writeFileSync(path.join(dir, 'lesson.ts'), SOURCE);
    const ran = ranIn(dir, ['--import', import.meta.resolve('tsx'), 'lesson.ts']);
    expectRan(ran.get(path.join(dir, 'lesson.ts')));
  });

  it("reads what a check worker built from source ran back to the kit's files (worker.ts runs only there)", () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const script = path.join(dir, 'start-worker.mts');
    writeFileSync(
      script,
      [
        `import { startWorker } from ${JSON.stringify(pathToFileURL(path.join(root, 'checker/run/pool.ts')).href)};`,
        `import { WorkerState } from ${JSON.stringify(pathToFileURL(path.join(root, 'checker/run/protocol.ts')).href)};`,
        'const worker = startWorker(new WorkerState());',
        "worker.once('message', () => worker.terminate());",
        '',
      ].join('\n')
    );
    const bundles = pathToFileURL(path.join(root, 'node_modules/.cache/emitting-kit')).href;
    const ran = ranIn(dir, ['--import', import.meta.resolve('tsx'), script], (url) => url.startsWith(bundles));
    const source = readFileSync(path.join(root, 'checker/run/worker.ts'), 'utf8').split('\n');
    const post = source.findIndex((line) => line.startsWith('const post = '));
    expect(post).to.be.greaterThan(0);
    expect(ran.get(path.join(root, 'checker/run/worker.ts'))?.has(post)).to.equal(true);
  });

  it('reads a script with no source map (plain JavaScript, as checker/run/early-worker.js) as its own lines; leaves out one the caller does not want', () => {
    const plain = ['function used(n) {', '  if (n > 0) return n + 1;', '  return n - 1;', '}', 'function unused() {', "  return 'never';", '}', 'console.log(used(41));', ''];
    writeFileSync(path.join(dir, 'plain.mjs'), plain.join('\n'));
    const itself = ranIn(dir, ['plain.mjs']);
    expect([...itself.keys()]).to.deep.equal([path.join(dir, 'plain.mjs')]);
    // Not 2 (the return not taken) nor 4 to 6 (a function never called).
    expect([...itself.get(path.join(dir, 'plain.mjs'))!].sort((a, b) => a - b)).to.deep.equal([0, 1, 3, 7]);
    const file: CoverageFile = { result: [{ url: 'file:///elsewhere.js', functions: [{ ranges: [{ startOffset: 0, endOffset: 5, count: 1 }] }] }] };
    const ran: LinesRan = new Map();
    addCoverage(ran, file, () => false, () => {
      throw new Error('read a script it did not want');
    });
    expect(ran.size).to.equal(0);
  });
});
