// starter/ and solution/ must differ only by the course's change: the lines of its two
// steps added to server.js (three, then the disconnect listener) and three to
// public/client.js. Everything else is byte-identical.

import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { expect } from 'chai';
import { lineDiff } from '../checker/compare/diff.ts';
import { ROOT } from './helpers/apps.ts';

const starter = join(ROOT, 'starter');
const solution = join(ROOT, 'solution');

const SKIPPED_DIRS = new Set(['node_modules', 'data']);

const LESSON_FILES: Record<string, string[]> = {
  'server.js': [
    'let currentUsers = 0;',
    '++currentUsers;',
    "io.emit('user count', currentUsers);",
    '',
    "socket.on('disconnect', () => {",
    '--currentUsers;',
    "io.emit('user count', currentUsers);",
    '});',
  ],
  'public/client.js': ["socket.on('user count', function (data) {", 'console.log(data);', '});'],
};

/** Relative paths (with `/`) of every file under dir, sorted. */
function walk(dir: string): string[] {
  const files: string[] = [];
  const visit = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) visit(full);
      } else {
        files.push(relative(dir, full).split(sep).join('/'));
      }
    }
  };
  visit(dir);
  return files.sort();
}

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');

/** The added lines of the diff, trimmed; fails if any line was removed. */
function addedLines(file: string): { text: string; b: number }[] {
  const diff = lineDiff(read(starter, file), read(solution, file));
  const removed = diff.filter((line) => line.op === 'removed');
  expect(removed, `${file}: lines removed or changed by the solution`).to.deep.equal([]);
  return diff.flatMap((line) => (line.op === 'added' ? [{ text: line.text.trim(), b: line.b }] : []));
}

describe('line-diff helper', () => {
  it('reports added, removed and unchanged lines', () => {
    const diff = lineDiff('a\nb\nc\n', 'a\nx\nc\ny\n');
    expect(diff.map((l) => `${l.op}:${l.text}`)).to.deep.equal([
      'same:a',
      'removed:b',
      'added:x',
      'same:c',
      'added:y',
    ]);
    expect(lineDiff('same\n', 'same\n').every((l) => l.op === 'same')).to.equal(true);
  });
});

describe("the apps' layout: the lesson's files at the top, the kit's support in kit/", () => {
  // freeCodeCamp's usual files; everything else the kit adds lives in kit/.
  const TOP = ['.gitignore', 'auth.js', 'package.json', 'public/client.js', 'public/style.css', 'routes.js', 'server.js'];

  for (const [name, dir] of [['starter', starter], ['solution', solution]] as const) {
    it(`${name}/: only the lesson's files at the top; kit/ holds the rest`, () => {
      const files = walk(dir);
      expect(files.filter((file) => !file.startsWith('kit/'))).to.deep.equal(TOP);
      expect(files.filter((file) => file.startsWith('kit/'))).to.deep.equal(
        ['app-url', 'check-node', 'data', 'error-page', 'guard', 'locales', 'sessions', 'test-routes', 'users', 'views'].map((file) => `kit/${file}.js`),
      );
    });

    it(`${name}/: each file of kit/ opens with a banner saying it is not part of the lesson`, () => {
      for (const file of walk(dir).filter((file) => file.startsWith('kit/'))) {
        const head = read(dir, file).split('\n').slice(0, 8).join('\n');
        expect(head, file).to.match(/not part of the lesson/);
      }
      for (const file of TOP.filter((file) => file.endsWith('.js'))) {
        expect(read(dir, file), file).not.to.match(/not part of the lesson/);
      }
    });

    it(`${name}/: self-contained, every relative require resolves to a file inside the app`, () => {
      for (const file of walk(dir).filter((file) => file.endsWith('.js'))) {
        for (const [, target] of read(dir, file).matchAll(/require\('(\.{1,2}\/[^']+)'\)/g)) {
          const resolved = join(dir, file, '..', target!);
          expect(relative(dir, resolved).startsWith('..'), `${file}: ${target}`).to.equal(false);
          const candidates = [resolved, `${resolved}.js`];
          expect(candidates.some((candidate) => walk(dir).includes(relative(dir, candidate).split(sep).join('/'))), `${file}: ${target}`).to.equal(true);
        }
      }
    });
  }
});

describe('starter/ and solution/ differ only by the lesson', () => {
  it('have the same files', () => {
    const files = walk(starter);
    expect(files).to.include.members(['server.js', 'public/client.js', 'package.json', 'kit/test-routes.js']);
    expect(walk(solution)).to.deep.equal(files);
  });

  it('have byte-identical files apart from server.js and public/client.js', () => {
    for (const file of walk(starter)) {
      if (file in LESSON_FILES) continue;
      const same = readFileSync(join(starter, file)).equals(readFileSync(join(solution, file)));
      expect(same, `${file} differs between starter/ and solution/`).to.equal(true);
    }
  });

  for (const [file, expected] of Object.entries(LESSON_FILES)) {
    it(`${file}: the solution only adds the course's lines`, () => {
      expect(addedLines(file).map((line) => line.text)).to.deep.equal(expected);
    });
  }

  it('server.js: the counter is declared right before the connection listener, and used inside it', () => {
    const lines = read(solution, 'server.js').split('\n');
    const listener = lines.findIndex((line) => line.includes("io.on('connection'"));
    expect(listener, "io.on('connection' in solution/server.js").to.be.greaterThan(0);
    expect(lines[listener - 1]!.trim()).to.equal('let currentUsers = 0;');
    const end = lines.findIndex((line, i) => i > listener && /^\}\);/.test(line));
    expect(end, 'end of the connection listener').to.be.greaterThan(listener);
    const [, increment, emit] = addedLines('server.js');
    expect(increment!.b).to.be.within(listener + 1, end - 1);
    expect(emit!.b).to.be.within(increment!.b + 1, end - 1);
  });

  it('starter/ has no trace of the lesson change', () => {
    for (const file of walk(starter)) {
      const text = read(starter, file);
      expect(text, `starter/${file}`).not.to.include('currentUsers');
      expect(text, `starter/${file}`).not.to.include('user count');
    }
  });

  // The lesson's own regular expressions (see the step files): the starter fails them,
  // the solution passes them.
  it("the lesson's hint patterns fail on the starter and pass on the solution", () => {
    const hints: [string, RegExp][] = [
      ['server.js', /currentUsers/s],
      ['server.js', /io.emit.*('|")user count('|").*currentUsers/s],
      ['public/client.js', /socket.on.*('|")user count('|")/s],
    ];
    for (const [file, pattern] of hints) {
      expect(read(starter, file), `starter/${file}`).not.to.match(pattern);
      expect(read(solution, file), `solution/${file}`).to.match(pattern);
    }
  });

  it('package.json: no name, CommonJS, the Node check then nodemon, and only the six runtime dependencies', () => {
    const pkg = JSON.parse(read(starter, 'package.json')) as Record<string, unknown>;
    expect(pkg).not.to.have.property('name');
    expect(pkg).to.include({ private: true, type: 'commonjs' });
    expect(pkg.scripts).to.deep.equal({ start: 'node kit/check-node.js && nodemon server.js' });
    expect(pkg.engines).to.deep.equal({ node: '>=20.0.0' });
    expect(Object.keys(pkg.dependencies as object).sort()).to.deep.equal([
      'express',
      'express-session',
      'nodemon',
      'passport',
      'passport-local',
      'socket.io',
    ]);
  });

  // Every save restarts the app (nodemon survives editors that save by renaming), but not a
  // save in public/ (served as it is: reload the page) or data/ (the accounts file).
  it("package.json: nodemon watches the app's .js files, the lesson's and kit/'s, only", () => {
    const { nodemonConfig } = JSON.parse(read(starter, 'package.json')) as { nodemonConfig: Record<string, unknown> };
    expect(nodemonConfig).to.deep.equal({ watch: ['*.js', 'kit/*.js'], ext: 'js', ignore: ['data/', 'public/'], delay: 200 });
  });

  it("the root scripts start the starter through its own npm start, and any step's end state through the kit", () => {
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(root.scripts).to.include({
      start: 'npm start --workspace starter',
      starter: 'npm start --workspace starter',
      // Not through an inner npm: it would take `-- --step NAME` as its own setting.
      solution: 'node bin/solution.js',
    });
  });

  it('.gitignore keeps the accounts file out of git', () => {
    expect(read(starter, '.gitignore').split('\n')).to.include('data/');
  });
});
