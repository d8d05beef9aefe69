// Reading a roster: CSV records with their line numbers, then learners and problems.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { KitError } from '../checker/errors.ts';
import { translator } from '../checker/i18n/index.ts';
import { problemMessage } from '../checker/render/class-json.ts';
import { detectDelimiter, parseCsv } from '../checker/roster/csv.ts';
import { parseRoster } from '../checker/roster/parse.ts';
import { decodeRoster, readRoster } from '../checker/roster/read.ts';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';

const BASE = path.resolve('/class');
const t = translator('en');

describe('roster CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and names the line each record starts on', () => {
    const { records, unterminatedAt } = parseCsv('a,b\n"Rossi, A.","say ""hi"""\n"two\nlines",x\nlast,one');
    expect(unterminatedAt).to.equal(undefined);
    expect(records).to.deep.equal([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['Rossi, A.', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'x'] },
      { line: 5, fields: ['last', 'one'] },
    ]);
  });

  it('skips blank lines, # comments, a byte order mark and CRLF line ends', () => {
    const { records } = parseCsv('\ufeff# the class of May, "2025"\r\n\r\n   \r\nana,http://a\r\n  # indented comment\r\nbo,http://b\r\n');
    expect(records).to.deep.equal([
      { line: 4, fields: ['ana', 'http://a'] },
      { line: 6, fields: ['bo', 'http://b'] },
    ]);
  });

  it('counts a blank first line: the first learner is then on line 2', () => {
    expect(parseCsv('\nana,http://a\n\nbo,http://b').records).to.deep.equal([
      { line: 2, fields: ['ana', 'http://a'] },
      { line: 4, fields: ['bo', 'http://b'] },
    ]);
    // A quoted field with a blank line inside spans three lines: the next record is on line 4.
    expect(parseCsv('"two\n\nlines",x\nlast,one\n').records).to.deep.equal([
      { line: 1, fields: ['two\n\nlines', 'x'] },
      { line: 4, fields: ['last', 'one'] },
    ]);
    // A comment right after a blank line is skipped from its first byte, its `#`.
    expect(parseCsv('\n#c\nana,http://a\n').records).to.deep.equal([{ line: 3, fields: ['ana', 'http://a'] }]);
  });

  it('splits on `;` when asked, where a comma is part of a field', () => {
    expect(parseCsv('Rossi, A.;http://a\n"x;y";z\n', ';').records).to.deep.equal([
      { line: 1, fields: ['Rossi, A.', 'http://a'] },
      { line: 2, fields: ['x;y', 'z'] },
    ]);
  });

  it('detects the separator from the first record, header or not', () => {
    expect(detectDelimiter('learner,target\nana,http://a\n')).to.equal(',');
    expect(detectDelimiter('\ufeff# a comment\nlearner;target\nana;http://a\n')).to.equal(';');
    expect(detectDelimiter('"Rossi, Carla";subs/carla\n')).to.equal(';');
    expect(detectDelimiter('"Rossi; Carla",subs/carla\n')).to.equal(',');
    // Neither splits a tab-separated line: the default, so that the line's problem names the tab.
    expect(detectDelimiter('ana\thttp://a\n')).to.equal(',');
    // `;` when it makes the two fields, even where commas make more (a name with commas in it)...
    expect(detectDelimiter('Rossi, Ana, jr;http://a\n')).to.equal(';');
    // ...and when it splits the line more than commas do (three fields: that line's problem says so).
    expect(detectDelimiter('ana;http://a;extra\n')).to.equal(';');
  });

  it('reports a quote that never closes at the line where it opens', () => {
    const { records, unterminatedAt } = parseCsv('ana,http://a\nbo,"http://b\ncarla,http://c\n');
    expect(records).to.deep.equal([{ line: 1, fields: ['ana', 'http://a'] }]);
    expect(unterminatedAt).to.equal(2);
  });
});

describe('parseRoster', () => {
  it('takes URLs as running apps and anything else as a folder relative to the roster', () => {
    const roster = parseRoster('learner,target\nana, http://localhost:3001 \nbo,subs/bo\n"Rossi, A.",/abs/rossi\n', BASE);
    expect(roster.problems).to.deep.equal([]);
    expect(roster.entries).to.deep.equal([
      { line: 2, learner: 'ana', target: { kind: 'url', url: 'http://localhost:3001/' } },
      { line: 3, learner: 'bo', target: { kind: 'dir', dir: path.join(BASE, 'subs/bo') } },
      { line: 4, learner: 'Rossi, A.', target: { kind: 'dir', dir: path.resolve('/abs/rossi') } },
    ]);
  });

  it('needs no header, and takes `learner,target` only as a first line', () => {
    expect(parseRoster('ana,http://a\n', BASE).entries).to.have.length(1);
    const later = parseRoster('ana,http://a\nLearner,Target\n', BASE);
    expect(later.entries.map((e) => e.learner)).to.deep.equal(['ana', 'Learner']);
  });

  const headers = ['learner,target', 'Learner;Target', 'aluno;endereço', 'Aluno;Endereco', 'ALUNA , URL', 'nome;pasta', 'studente;indirizzo', 'Studente;Cartella', 'student,url', 'name,address'];
  for (const header of headers) {
    it(`reads "${header}" as column names, not as a learner`, () => {
      const roster = parseRoster(`${header}\nana${header.includes(';') ? ';' : ','}http://a\n`, BASE);
      expect(roster.entries.map((e) => [e.line, e.learner])).to.deep.equal([[2, 'ana']]);
      expect(roster.problems).to.deep.equal([]);
    });
  }

  it('takes a first line of other words for a learner: "ana;endereço", "aluno;http://a"', () => {
    expect(parseRoster('ana;endereço\nbia;http://b\n', BASE).entries.map((e) => e.learner)).to.deep.equal(['ana', 'bia']);
    expect(parseRoster('aluno;http://a\n', BASE).entries.map((e) => e.learner)).to.deep.equal(['aluno']);
  });

  it('reports each bad line with its number and a stable code, and keeps the good ones', () => {
    const text = [
      'learner,target', // 1
      'ana,http://127.0.0.1:3001', // 2
      'just-a-name', // 3
      'too,many,fields', // 4
      ',http://127.0.0.1:3002', // 5
      'carla,', // 6
      'dario,ftp://files.example/dario', // 7
      'ana,http://127.0.0.1:3003', // 8
      'eva,http://127.0.0.1:3004', // 9
    ].join('\n');
    const roster = parseRoster(text, BASE);
    expect(roster.entries.map((e) => [e.line, e.learner])).to.deep.equal([
      [2, 'ana'],
      [9, 'eva'],
    ]);
    expect(roster.problems).to.deep.equal([
      { line: 3, code: 'fields', params: { count: 1, sep: ',' } },
      { line: 4, code: 'fields', params: { count: 3, sep: ',' } },
      { line: 5, code: 'no-learner', params: {} },
      { line: 6, code: 'no-target', params: { learner: 'carla' } },
      { line: 7, code: 'bad-url', params: { learner: 'dario', url: 'ftp://files.example/dario' } },
      { line: 8, code: 'duplicate', params: { learner: 'ana', first: 2 } },
    ]);
  });

  it('reads a `;` roster (as spreadsheets in Brazil and Italy save it), names with commas included', () => {
    const roster = parseRoster('learner;target\nJoão;http://localhost:3001\nRossi, Carla;subs/carla\nana,http://a\n', BASE);
    expect(roster.delimiter).to.equal(';');
    expect(roster.entries.map((e) => [e.line, e.learner])).to.deep.equal([
      [2, 'João'],
      [3, 'Rossi, Carla'],
    ]);
    // A line written with the other separator is one field: its message says which it saw and which it expected.
    expect(roster.problems).to.deep.equal([{ line: 4, code: 'fields', params: { count: 1, sep: ';', seen: ',' } }]);
    expect(problemMessage(roster.problems[0]!, t)).to.equal('expected two fields separated by ";" (learner;target), found 1: this line seems to use "," instead');
  });

  it('names the tab of a tab-separated roster, in each language', () => {
    const roster = parseRoster('learner\ttarget\nana\thttp://a\n', BASE);
    expect(roster.entries).to.deep.equal([]);
    expect(roster.problems.map((p) => p.params)).to.deep.equal([
      { count: 1, sep: ',', seen: '\t' },
      { count: 1, sep: ',', seen: '\t' },
    ]);
    expect(problemMessage(roster.problems[0]!, t)).to.equal('expected two fields separated by "," (learner,target), found 1: this line seems to use tabs instead');
    expect(problemMessage(roster.problems[0]!, translator('it'))).to.equal(
      'servono due campi separati da "," (learner,target): qui ce n\'è uno solo, e la riga sembra usare tabulazioni',
    );
    // A name alone has no separator to name.
    expect(problemMessage(parseRoster('ana\n', BASE).problems[0]!, t)).to.equal('expected two fields (learner,target), found 1');
  });

  it('keeps the lines before an unterminated quote and reports it', () => {
    const roster = parseRoster('ana,http://a\nbo,"oops\ncarla,http://c\n', BASE);
    expect(roster.entries.map((e) => e.learner)).to.deep.equal(['ana']);
    expect(roster.problems).to.deep.equal([{ line: 2, code: 'unterminated-quote', params: {} }]);
  });
});

describe('readRoster', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kit-roster-'));
    mkdirSync(path.join(dir, 'subs', 'ana'), { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves folders against the roster file and reports a missing folder as a problem of its line', async () => {
    const file = path.join(dir, 'class.csv');
    writeFileSync(file, 'ana,subs/ana\nbo,subs/bo\ncarla,http://127.0.0.1:1234\n');
    const roster = await readRoster(file);
    expect(roster.entries.map((e) => [e.learner, e.target])).to.deep.equal([
      ['ana', { kind: 'dir', dir: path.join(dir, 'subs', 'ana') }],
      ['carla', { kind: 'url', url: 'http://127.0.0.1:1234/' }],
    ]);
    expect(roster.problems).to.deep.equal([{ line: 2, code: 'no-folder', params: { learner: 'bo', dir: path.join(dir, 'subs', 'bo') } }]);
  });

  it('reads UTF-8, with or without a byte order mark, and Windows-1252 as Excel saves "CSV" on Windows', async () => {
    // The mark goes: it is not part of the first learner's name.
    expect(decodeRoster(Buffer.from('\ufeffJoão;x\n', 'utf8'))).to.equal('João;x\n');
    expect(decodeRoster(Buffer.from('Jo\xe3o;x\n', 'latin1'))).to.equal('João;x\n');
    const file = path.join(dir, 'excel.csv');
    writeFileSync(file, Buffer.from('learner;target\r\nJo\xe3o;subs/ana\r\n', 'latin1'));
    const roster = await readRoster(file);
    expect(roster.entries.map((e) => e.learner)).to.deep.equal(['João']);
  });

  it('throws a KitError for a roster that cannot be read (missing, or a folder)', async () => {
    for (const file of [path.join(dir, 'missing.csv'), dir]) {
      const err = await readRoster(file).then(() => undefined, (e: unknown) => e);
      expect(err).to.be.instanceOf(KitError);
      expect((err as KitError).key).to.equal('class.cli.unreadable');
    }
  });

  it('reads a roster from a pipe, as `--roster <(command)` gives it, and stops an endless one at its cap', async function () {
    if (process.platform === 'win32') this.skip();
    const fifo = path.join(dir, 'piped.csv');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `printf 'ana,http://localhost:3001\\n' > '${fifo}'`]);
    const written = once(writer, 'exit');
    const roster = await readRoster(fifo);
    await written;
    expect(roster.entries.map((e) => e.learner)).to.deep.equal(['ana']);
    const err = await readRoster('/dev/zero').then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(KitError).with.property('key', 'class.cli.rosterTooLarge');
  });
});
