// The kept libraries behind the kit's formats, at the points where they decide something a
// user sees: colour (Node's FORCE_COLOR / NO_COLOR / TERM=dumb rules), table columns
// (string-width), the roster's CSV reader (csv-parse) and the report writers
// (csv-stringify, fast-xml-parser's XMLBuilder); the lesson page's headers (helmet) and
// language (Express's req.acceptsLanguages).

import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import { build, DIST } from '../bin/build.js';
import { stale } from '../bin/launch.js';
import { translator } from '../checker/i18n/index.ts';
import { ANSI, colourOn } from '../checker/render/colour.ts';
import { csvField } from '../checker/render/csv.ts';
import { renderJunit } from '../checker/render/junit.ts';
import { renderTable } from '../checker/render/table.ts';
import { parseCsv } from '../checker/roster/csv.ts';
import type { ClassResults, Results } from '../checker/types.ts';
import { CheckPool } from '../checker/run/pool.ts';
import { createLearnApp } from '../learn/app.ts';

const t = translator('en');

describe('colour', () => {
  const TABLE: [boolean, NodeJS.ProcessEnv, boolean][] = [
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, false],
    [true, { NODE_DISABLE_COLORS: '1' }, false],
    [true, { TERM: 'dumb' }, false],
    [true, { TERM: 'xterm-256color' }, true],
    [false, { FORCE_COLOR: '1' }, true],
    [false, { FORCE_COLOR: '' }, true],
    [false, { FORCE_COLOR: '3' }, true],
    [false, { FORCE_COLOR: 'true' }, true],
    [true, { FORCE_COLOR: '0' }, false],
    [true, { FORCE_COLOR: 'false' }, false],
    [true, { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
    [true, { FORCE_COLOR: '1', TERM: 'dumb' }, true],
  ];
  for (const [isTTY, env, expected] of TABLE) {
    it(`${isTTY ? 'a terminal' : 'a pipe'} with ${JSON.stringify(env)}: ${expected ? 'colour' : 'plain'}`, () => {
      expect(colourOn({ isTTY }, env)).to.equal(expected);
    });
  }

  it('paints with the eight basic colours, each closed by its own reset (39 for colours, 22 for weight)', () => {
    const painted = [ANSI.bold, ANSI.dim, ANSI.green, ANSI.red, ANSI.yellow].map((paint) => JSON.stringify(paint('x')));
    expect(painted).to.deep.equal(['"\\u001b[1mx\\u001b[22m"', '"\\u001b[2mx\\u001b[22m"', '"\\u001b[32mx\\u001b[39m"', '"\\u001b[31mx\\u001b[39m"', '"\\u001b[33mx\\u001b[39m"']);
  });
});

function learner(name: string, line: number): ClassResults['learners'][number] {
  const results: Results = {
    step: 'communicate-by-emitting',
    id: 'abc',
    lang: 'en',
    target: 'http://127.0.0.1:3001/',
    passed: true,
    checks: [{ n: 1, section: 'hints', text: 'One.', status: 'passed', ms: 1 }],
  };
  return { learner: name, line, results };
}

const classOf = (names: string[]): ClassResults => ({
  step: 'communicate-by-emitting',
  id: 'abc',
  lang: 'en',
  ms: 10,
  learners: names.map((name, at) => learner(name, at + 2)),
  problems: [],
});

describe('table columns', () => {
  it('gives a CJK name and an emoji two columns each, a combining mark none', () => {
    const lines = renderTable(classOf(['山田太郎', 'ana 👍', 'Zoe\u0301', 'bo']), t, undefined, 'Lesson').split('\n');
    const header = lines.findIndex((line) => line.startsWith('learner'));
    expect(lines.slice(header, header + 5)).to.deep.equal([
      'learner   1  reason',
      '山田太郎  ✔',
      'ana 👍    ✔',
      'Zoe\u0301       ✔',
      'bo        ✔',
    ]);
  });
});

describe('roster CSV, where csv-parse decides', () => {
  it('keeps a quote inside a field as written instead of stopping', () => {
    expect(parseCsv('ana,"x" y\nan"a,http://a\n').records).to.deep.equal([
      { line: 1, fields: ['ana', '"x" y'] },
      { line: 2, fields: ['an"a', 'http://a'] },
    ]);
  });

  it('names the start line of a record after a quoted field with line breaks, in CRLF files too', () => {
    expect(parseCsv('"a\r\nb",x\r\n\r\nc,d\r\n').records).to.deep.equal([
      { line: 1, fields: ['a\r\nb', 'x'] },
      { line: 4, fields: ['c', 'd'] },
    ]);
  });

  it('reads a line of spaces or one empty quoted field as blank, and a lone comma as two empty fields', () => {
    expect(parseCsv('  \n""\n,\n').records).to.deep.equal([{ line: 3, fields: ['', ''] }]);
  });

  it('reports an unterminated quote after comments and blank lines at the line where it opens', () => {
    expect(parseCsv('ana,x\n\n# note\n  \nbo,"y\nz\n')).to.deep.equal({ records: [{ line: 1, fields: ['ana', 'x'] }], unterminatedAt: 5 });
    expect(parseCsv('"x\n')).to.deep.equal({ records: [], unterminatedAt: 1 });
  });

  it('stops at a 4 MiB field without its closing quote, and reads a 4 MiB field that has one', () => {
    const big = 'x'.repeat(4 * 1024 * 1024);
    expect(parseCsv(`ana,"${big}`).unterminatedAt).to.equal(1);
    expect(parseCsv(`ana,"${big}"\nbo,y\n`).records.map((record) => record.fields[1]!.length)).to.deep.equal([big.length, 1]);
  });
});

describe('report writers', () => {
  it('CSV: true and false stay words, and a full-width formula sign is neutralised too', () => {
    expect(csvField(false)).to.equal('false');
    expect(csvField('\uff1dSUM(A1)')).to.equal("'\uff1dSUM(A1)");
    expect(csvField('a\rb')).to.equal('"a\rb"');
  });

  it('JUnit: an attribute whose value is "true" keeps its value (XMLBuilder would write a bare name)', () => {
    const results = classOf(['ana']);
    results.learners[0]!.results.freeCodeCamp = { readable: true, files: [] };
    expect(renderJunit(results, t)).to.include('<property name="freeCodeCamp.readable" value="true"/>');
  });
});

describe('the lesson page\'s headers (helmet) and language (req.acceptsLanguages)', () => {
  let server: Server | undefined;
  let pool: CheckPool | undefined;
  let port = 0;
  before(async () => {
    pool = new CheckPool(1);
    server = createServer(createLearnApp({ pool, port: () => port }));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await pool?.close();
  });

  it('keeps the page\'s strict policy whole, refuses frames, and sends no HSTS over http', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/en/communicate-by-emitting`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-security-policy')).to.equal(
      "default-src 'none';script-src 'self';style-src 'self';img-src 'self';connect-src 'self';form-action 'self';base-uri 'none';frame-ancestors 'none'",
    );
    expect(res.headers.get('x-frame-options')).to.equal('DENY');
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(res.headers.get('referrer-policy')).to.equal('no-referrer');
    expect(res.headers.get('cross-origin-opener-policy')).to.equal('same-origin');
    expect(res.headers.get('cross-origin-resource-policy')).to.equal('same-origin');
    expect(res.headers.get('strict-transport-security')).to.equal(null);
    expect(res.headers.get('x-powered-by')).to.equal(null);
  });

  it('sends the browser to its language: highest q first, ties in header order, any pt to pt-BR', async () => {
    const where = async (header: string) =>
      (await fetch(`http://127.0.0.1:${port}/`, { headers: { 'Accept-Language': header }, redirect: 'manual' })).headers.get('location');
    expect(await where('it-IT,it;q=0.9,en;q=0.8')).to.equal('/it/communicate-by-emitting');
    expect(await where('en-GB;q=0.9, it;q=0.9')).to.equal('/en/communicate-by-emitting');
    expect(await where('fr, pt-PT;q=0.5')).to.equal('/pt-BR/communicate-by-emitting');
    expect(await where('fr, de')).to.equal('/en/communicate-by-emitting');
  });
});

describe('what a single check loads', () => {
  /** dist/ files `entry` loads at start: its static imports, and theirs. */
  function staticGraph(entry: string, into = new Set<string>()): Set<string> {
    if (into.has(entry)) return into;
    into.add(entry);
    const text = readFileSync(path.join(DIST, entry), 'utf8');
    for (const found of text.matchAll(/^\s*import\s*(?:[^'"()]*?\sfrom\s*)?["']\.\/([^"']+)["'];?/gm)) staticGraph(found[1]!, into);
    return into;
  }

  it('loads no report or page library: csv-parse, csv-stringify, XMLBuilder, string-width, helmet come only with a class or the page', async function () {
    this.timeout(60_000);
    if (stale()) await build();
    const main = /import\("\.\/(main-[^"]+)"\)/.exec(readFileSync(path.join(DIST, 'check.js'), 'utf8'))?.[1];
    expect(main, 'check.js imports cli/main.ts when it runs').to.be.a('string');
    const loaded = [...staticGraph('check.js'), ...staticGraph(main!)].map((file) => readFileSync(path.join(DIST, file), 'utf8')).join('\n');
    // A text each library's code holds, as esbuild keeps it.
    const MARKERS = { 'csv-parse': 'comment_no_infix', 'csv-stringify': 'escape_formulas', XMLBuilder: 'suppressBooleanAttributes', 'string-width': 'eastAsianWidth', helmet: 'crossOriginOpenerPolicy' };
    const all = readdirSync(DIST).filter((file) => file.endsWith('.js')).map((file) => readFileSync(path.join(DIST, file), 'utf8')).join('\n');
    for (const [library, marker] of Object.entries(MARKERS)) {
      expect(all, `${library} is in dist/`).to.include(marker);
      expect(loaded, `${library} loaded by a single check`).to.not.include(marker);
    }
  });

  it('a class reported as JSON loads no table, CSV or JUnit library: string-width comes with the printed table', async function () {
    this.timeout(60_000);
    if (stale()) await build();
    const main = /import\("\.\/(main-[^"]+)"\)/.exec(readFileSync(path.join(DIST, 'check.js'), 'utf8'))?.[1];
    const classMain = /import\("\.\/(class-main-[^"]+)"\)/.exec(readFileSync(path.join(DIST, main!), 'utf8'))?.[1];
    expect(classMain, 'cli/main.ts imports class-main.ts when it runs a class').to.be.a('string');
    const loaded = [...staticGraph('check.js'), ...staticGraph(main!), ...staticGraph(classMain!)].map((file) => readFileSync(path.join(DIST, file), 'utf8')).join('\n');
    expect(loaded, 'the roster reader is loaded').to.include('comment_no_infix');
    for (const marker of ['eastAsianWidth', 'escape_formulas', 'suppressBooleanAttributes']) expect(loaded).to.not.include(marker);
  });
});
