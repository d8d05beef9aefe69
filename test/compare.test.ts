// `npm run compare`: the line diff, its hunks, folders compared file by file, the
// rendering (plain when piped, coloured on a terminal) and the script itself.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { hunks, lineDiff } from '../checker/compare/diff.ts';
import { compareDirs } from '../checker/compare/files.ts';
import { renderCompare } from '../checker/compare/render.ts';
import { translator } from '../checker/i18n/index.ts';
import { ANSI } from '../checker/render/colour.ts';
import { ROOT } from './helpers/apps.ts';

const t = translator('en');
const lines = (n: number, from = 1) => Array.from({ length: n }, (_, at) => `line ${from + at}`);

function runCompare(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/compare.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
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
      const [hunk, ...more] = hunks(lineDiff(before, after));
      expect(more).to.deep.equal([]);
      expect(hunk).to.include({ fromLine: 8, fromCount: 6, toLine: 8, toCount: 7 });
      expect(hunk!.lines.map((l) => l.text)).to.deep.equal(['line 8', 'line 9', 'line 10', 'new', 'line 11', 'line 12', 'line 13']);
    });

    it('joins changes whose contexts meet, and keeps distant ones apart', () => {
      const base = lines(40);
      const near = [...base];
      near[10] = 'x';
      near[16] = 'y';
      expect(hunks(lineDiff(base.join('\n'), near.join('\n')))).to.have.length(1);
      const far = [...base];
      far[5] = 'x';
      far[30] = 'y';
      const apart = hunks(lineDiff(base.join('\n'), far.join('\n')));
      expect(apart.map((h) => [h.fromLine, h.toLine])).to.deep.equal([
        [3, 3],
        [28, 28],
      ]);
    });

    it('has no hunk for identical text', () => {
      expect(hunks(lineDiff('a\nb\n', 'a\nb\n'))).to.deep.equal([]);
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

  describe('npm run compare', function () {
    this.timeout(30_000);

    it('shows the lesson: three lines added to server.js and to public/client.js, the rest unchanged, no colour when piped', async () => {
      const { code, stdout } = await runCompare([]);
      expect(code).to.equal(0);
      expect(stdout).to.not.include('\u001b[');
      expect(stdout).to.include('From starter/ to solution/, file by file');
      expect(stdout).to.include('server.js: 3 lines added, 0 removed');
      expect(stdout).to.include('public/client.js: 3 lines added, 0 removed');
      expect(stdout).to.include("+ let currentUsers = 0;");
      expect(stdout).to.include("+ socket.on('user count', function (data) {");
      expect(stdout).to.match(/Unchanged files \(\d+\):\n {2}\S/);
      expect(stdout).to.not.match(/^- /m);
    });

    it('speaks pt-BR and it', async () => {
      expect((await runCompare(['--lang', 'pt-BR'])).stdout).to.include('server.js: 3 linhas acrescentadas, nenhuma removida');
      expect((await runCompare([], { LANG: 'it_IT.UTF-8' })).stdout).to.include('server.js: 3 righe aggiunte, 0 tolte');
    });

    it('exits 2 on one folder only, or a folder that does not exist', async () => {
      const one = await runCompare(['starter']);
      expect(one.code).to.equal(2);
      expect(one.stderr).to.include('give two folders to compare');
      const missing = await runCompare(['starter', 'nowhere']);
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.include('is not a folder');
    });
  });
});
