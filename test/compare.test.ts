// `npm run compare`: the line diff, its hunks, folders compared file by file, the
// rendering (plain when piped, coloured on a terminal) and the command, run in-process.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { compareMain } from '../checker/cli/compare-main.ts';
import { hunks, lineDiff } from '../checker/compare/diff.ts';
import { compareDirs } from '../checker/compare/files.ts';
import { renderCompare } from '../checker/compare/render.ts';
import { translator } from '../checker/i18n/index.ts';
import { ANSI } from '../checker/render/colour.ts';
import { ROOT } from './helpers/apps.ts';

const t = translator('en');
const lines = (n: number, from = 1) => Array.from({ length: n }, (_, at) => `line ${from + at}`);

/** A stream that keeps what is written, and says whether it is a terminal. */
function sink(isTTY = false) {
  const stream = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

function runCompare(args: string[], env: NodeJS.ProcessEnv = {}, tty = false): { code: number; stdout: string; stderr: string } {
  const stdout = sink(tty);
  const stderr = sink(tty);
  const code = compareMain(args, { stdout: stdout.stream, stderr: stderr.stream, env: { LANG: 'en_US.UTF-8', ...env } }, ROOT);
  // PassThrough hands written chunks over synchronously in flowing mode.
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('compare', () => {
  describe('lineDiff and hunks', () => {
    it('finds added, removed and unchanged lines', () => {
      expect(lineDiff('a\nb\nc\n', 'a\nx\nc\ny\n').map((l) => `${l.op}:${l.text}`)).to.deep.equal(['same:a', 'removed:b', 'added:x', 'same:c', 'added:y']);
      expect(lineDiff('same\r\n', 'same\n').every((l) => l.op === 'same')).to.equal(true);
    });

    it('keeps three lines of context around a change and numbers hunks as diff -u does', () => {
      const before = lines(20).join('\n');
      const after = [...lines(10), 'new', ...lines(10, 11)].join('\n');
      const [hunk, ...more] = hunks(before, after);
      expect(more).to.deep.equal([]);
      expect(hunk).to.include({ fromLine: 8, fromCount: 6, toLine: 8, toCount: 7 });
      expect(hunk!.lines.map((l) => l.text)).to.deep.equal(['line 8', 'line 9', 'line 10', 'new', 'line 11', 'line 12', 'line 13']);
    });

    it('joins changes whose contexts meet, and keeps distant ones apart', () => {
      const base = lines(40);
      const near = [...base];
      near[10] = 'x';
      near[16] = 'y';
      expect(hunks(base.join('\n'), near.join('\n'))).to.have.length(1);
      const far = [...base];
      far[5] = 'x';
      far[30] = 'y';
      const apart = hunks(base.join('\n'), far.join('\n'));
      expect(apart.map((h) => [h.fromLine, h.toLine])).to.deep.equal([
        [3, 3],
        [28, 28],
      ]);
    });

    it('has no hunk for identical text, whatever the line ends', () => {
      expect(hunks('a\nb\n', 'a\nb\n')).to.deep.equal([]);
      expect(hunks('a\r\nb', 'a\nb\n')).to.deep.equal([]);
    });

    it('numbers an empty side as diff -u does, from the line before', () => {
      expect(hunks('', 'x\ny\n')).to.deep.equal([
        { fromLine: 0, fromCount: 0, toLine: 1, toCount: 2, lines: [{ op: 'added', text: 'x', b: 0 }, { op: 'added', text: 'y', b: 1 }] },
      ]);
      expect(hunks('a\n', '')[0]).to.include({ fromLine: 1, fromCount: 1, toLine: 0, toCount: 0 });
      expect(hunks('a\nb\nc\nd\ne\n', 'a\nb\nc\nd\ne\nf\n', 0)[0]).to.include({ fromLine: 5, fromCount: 0, toLine: 6, toCount: 1 });
    });

    it('compares a 10,000-line file with one change: one hunk, in the right place', () => {
      // Quick and small with jsdiff (Myers, O(ND)); a table of the longest common subsequence took 2.3 s and 924 MB.
      const before = lines(10_000);
      const after = [...before];
      after[6_000] = 'changed';
      const found = hunks(before.join('\n'), after.join('\n'));
      expect(found.map(({ fromLine, fromCount, toLine, toCount }) => [fromLine, fromCount, toLine, toCount])).to.deep.equal([[5998, 7, 5998, 7]]);
      expect(found[0]!.lines.filter((l) => l.op !== 'same')).to.deep.equal([
        { op: 'removed', text: 'line 6001', a: 6000 },
        { op: 'added', text: 'changed', b: 6000 },
      ]);
      const diff = lineDiff(before.join('\n'), after.join('\n'));
      expect(diff).to.have.length(10_001);
      expect(diff.filter((l) => l.op !== 'same')).to.have.length(2);
    });

    it('shows two files as one block removed and one added when they differ by more edits than allowed', () => {
      const before = lines(6);
      const after = before.map((line, at) => (at % 2 ? `${line}!` : line));
      // Three lines changed: six edits. Within the bound, the unchanged lines show between them.
      expect(hunks(before.join('\n'), after.join('\n'))[0]!.lines.filter((l) => l.op === 'same')).to.have.length(3);
      expect(hunks(before.join('\n'), after.join('\n'), 3, 5)).to.deep.equal([
        {
          fromLine: 1,
          fromCount: 6,
          toLine: 1,
          toCount: 6,
          lines: [...before.map((text, a) => ({ op: 'removed', text, a })), ...after.map((text, b) => ({ op: 'added', text, b }))],
        },
      ]);
      expect(lineDiff(before.join('\n'), after.join('\n'), 5).map((l) => l.op)).to.deep.equal([...Array(6).fill('removed'), ...Array(6).fill('added')]);
    });
  });

  describe('folders', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'kit-compare-'));
      for (const side of ['from', 'to']) mkdirSync(path.join(dir, side, 'public'), { recursive: true });
      writeFileSync(path.join(dir, 'from', 'same.js'), 'same\n');
      writeFileSync(path.join(dir, 'to', 'same.js'), 'same\n');
      writeFileSync(path.join(dir, 'from', 'public', 'app.js'), 'one\ntwo\n');
      writeFileSync(path.join(dir, 'to', 'public', 'app.js'), 'one\n2\nthree\n');
      writeFileSync(path.join(dir, 'from', 'gone.txt'), 'bye\n');
      writeFileSync(path.join(dir, 'to', 'new.txt'), 'hi\n');
      writeFileSync(path.join(dir, 'from', 'logo.png'), Buffer.from([0x89, 0x50, 0, 1]));
      writeFileSync(path.join(dir, 'to', 'logo.png'), Buffer.from([0x89, 0x50, 0, 2]));
      // What a running app leaves behind is not part of the change.
      mkdirSync(path.join(dir, 'to', 'node_modules', 'x'), { recursive: true });
      writeFileSync(path.join(dir, 'to', 'node_modules', 'x', 'index.js'), '');
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('lists every file with what happened to it, in path order', () => {
      const changes = compareDirs(path.join(dir, 'from'), path.join(dir, 'to'));
      expect(changes.map((c) => [c.file, c.status])).to.deep.equal([
        ['gone.txt', 'only-from'],
        ['logo.png', 'binary'],
        ['new.txt', 'only-to'],
        ['public/app.js', 'changed'],
        ['same.js', 'same'],
      ]);
      expect(changes[3]).to.include({ added: 2, removed: 1 });
    });

    it('renders plain text with + and - lines and the unchanged files', () => {
      const text = renderCompare(compareDirs(path.join(dir, 'from'), path.join(dir, 'to')), { from: 'from/', to: 'to/' }, t);
      expect(text).to.not.include('\u001b[');
      expect(text.split('\n')).to.include.members([
        'From from/ to to/, file by file',
        'gone.txt: only in from/',
        'new.txt: only in to/',
        'logo.png: differs (not a text file)',
        'public/app.js: 2 lines added, 1 removed',
        '@@ -1,2 +1,3 @@',
        '  one',
        '- two',
        '+ 2',
        '+ three',
        'Unchanged files (1):',
        '  same.js',
      ]);
    });

    it('colours added lines green and removed lines red when asked to', () => {
      const text = renderCompare(compareDirs(path.join(dir, 'from'), path.join(dir, 'to')), { from: 'a', to: 'b' }, t, ANSI);
      expect(text).to.include('\u001b[32m+ three\u001b[39m');
      expect(text).to.include('\u001b[31m- two\u001b[39m');
    });

    it('says so when nothing differs', () => {
      const same = path.join(dir, 'from');
      expect(renderCompare(compareDirs(same, same), { from: 'a', to: 'a' }, t)).to.include('No file differs');
    });
  });

  describe('npm run compare', () => {
    it("shows the course: both steps' lines added to server.js, three to public/client.js, the rest unchanged", () => {
      const { code, stdout, stderr } = runCompare([]);
      expect(code, stderr).to.equal(0);
      expect(stdout).to.include('From starter/ to solution/, file by file');
      expect(stdout).to.include('server.js: 8 lines added, 0 removed');
      expect(stdout).to.include('public/client.js: 3 lines added, 0 removed');
      expect(stdout).to.include('+ let currentUsers = 0;');
      expect(stdout).to.include("+   socket.on('disconnect', () => {");
      expect(stdout).to.include("+ socket.on('user count', function (data) {");
      expect(stdout).to.match(/Unchanged files \(\d+\):\n {2}\S/);
      expect(stdout).to.not.match(/^- /m);
    });

    it("reads the kit's own starter, not starter/ as edited, so it says nothing of the folders on disk, in the learner's language", () => {
      // The course's states (course/states.ts) come from solution/ and the steps' changes: a learner's edits never show here.
      const italian = runCompare(['--lang', 'it']).stdout.split('\n');
      expect(italian.slice(0, 2)).to.deep.equal(['Da starter/ a solution/, file per file', '']);
      expect(italian.join('\n')).to.not.include('sul disco');
      expect(runCompare(['starter', 'solution']).stdout.split('\n')[1]).to.equal('');
    });

    it('shows no colour when piped', () => {
      expect(runCompare([]).stdout).to.not.include('\u001b[');
    });

    it('shows no colour on a terminal with NO_COLOR', () => {
      expect(runCompare([], { NO_COLOR: '1' }, true).stdout).to.not.include('\u001b[');
    });

    it('colours on a terminal otherwise', () => {
      expect(runCompare([], {}, true).stdout).to.include('\u001b[32m+ let currentUsers = 0;\u001b[39m');
    });

    it('speaks pt-BR and it', () => {
      expect(runCompare(['--lang', 'pt-BR']).stdout).to.include('server.js: 8 linhas acrescentadas, nenhuma removida');
      expect(runCompare([], { LANG: 'it_IT.UTF-8' }).stdout).to.include('server.js: 8 righe aggiunte, nessuna tolta');
    });

    it('prints its help and its version, in the chosen language, exit 0', () => {
      const en = runCompare(['--help']);
      expect(en.code).to.equal(0);
      expect(en.stdout).to.include('Usage: npm run compare [-- [FROM TO | --step NAME [FOLDER]] [options]]').and.include('--lang CODE');
      expect(en.stderr).to.equal('');
      expect(runCompare(['--help', '--lang', 'it']).stdout).to.include('Uso: npm run compare [-- [DA A | --step NOME [CARTELLA]] [opzioni]]');
      expect(runCompare(['-h'], { LANG: 'pt_BR.UTF-8' }).stdout).to.include('Uso: npm run compare [-- [DE PARA | --step NOME [PASTA]] [opções]]');
      const version = runCompare(['--version']);
      expect(version.code).to.equal(0);
      expect(version.stdout).to.equal(`emitting-kit compare 0.1.0 (Node.js ${process.versions.node})\n`);
      expect(runCompare(['--version', '--lang', 'pt-BR']).stdout).to.match(/^comparação do emitting-kit 0\.1\.0/);
    });

    const wrong: [string, string[], NodeJS.ProcessEnv, string][] = [
      ['an unknown option', ['--frobnicate'], {}, 'compare: unknown option --frobnicate (see --help)'],
      ['an option without its value', ['--lang'], {}, 'compare: option --lang needs a value (see --help)'],
      ['an unknown language', ['--lang', 'fr'], {}, 'compare: unknown language "fr": choose en, pt-BR or it'],
      ['one folder only', ['starter'], {}, "compare: give two folders to compare, or none for the kit's starter and solution/; with --step, one folder at most"],
      ['a folder that does not exist', ['starter', 'nowhere'], {}, `compare: ${path.resolve('nowhere')} is not a folder`],
      ['an unknown option, in Italian', ['--frobnicate'], { LANG: 'it_IT.UTF-8' }, 'compare: opzione sconosciuta --frobnicate (vedi --help)'],
    ];
    for (const [name, args, env, line] of wrong) {
      it(`exits 2 with one line on stderr for ${name}`, () => {
        const { code, stdout, stderr } = runCompare(args, env);
        expect(code).to.equal(2);
        expect(stdout).to.equal('');
        expect(stderr).to.equal(line + '\n');
      });
    }
  });
});
