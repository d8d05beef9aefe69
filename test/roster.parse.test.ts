// Reading a roster: CSV records with their line numbers, then learners and problems.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { KitError } from '../checker/errors.ts';
import { parseCsv } from '../checker/roster/csv.ts';
import { parseRoster } from '../checker/roster/parse.ts';
import { readRoster } from '../checker/roster/read.ts';

const BASE = path.resolve('/class');

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
      { line: 3, code: 'fields', params: { count: 1 } },
      { line: 4, code: 'fields', params: { count: 3 } },
      { line: 5, code: 'no-learner', params: {} },
      { line: 6, code: 'no-target', params: { learner: 'carla' } },
      { line: 7, code: 'bad-url', params: { learner: 'dario', url: 'ftp://files.example/dario' } },
      { line: 8, code: 'duplicate', params: { learner: 'ana', first: 2 } },
    ]);
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

  it('throws a KitError for a roster that cannot be read (missing, or a folder)', async () => {
    for (const file of [path.join(dir, 'missing.csv'), dir]) {
      const err = await readRoster(file).then(() => undefined, (e: unknown) => e);
      expect(err).to.be.instanceOf(KitError);
      expect((err as KitError).key).to.equal('class.cli.unreadable');
    }
  });
});
