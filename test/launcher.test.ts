// What only a real process shows: the launcher (bin/) in front of the compiled checker,
// a check that ends by itself, Ctrl-C, and an old Node.js told in one line.

import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { neededNode, older, stale } from '../bin/launch.js';
import { ROOT, runCliProcess, startApp, type RunningApp } from './helpers/apps.ts';
import { TEST_ENV } from './helpers/cli.ts';
import { startHostile } from './helpers/hostile-servers.ts';
import { runNode } from './helpers/process.ts';

/** A preload that makes the process report another Node.js version (FAKE_NODE_VERSION). */
const FAKE_VERSION = path.join(ROOT, 'test/fixtures/apps-support/fake-node-version.cjs');

describe('the launcher (npm run check, learn, demo)', function () {
  this.timeout(60_000);
  let solution: RunningApp | undefined;

  before(async () => {
    solution = await startApp('solution');
  });
  after(async () => {
    await solution?.stop();
  });

  it('runs the compiled checker: the solution passes, the process ends by itself with 0, JSON alone on stdout', async () => {
    const { code, stdout, stderr } = await runCliProcess(['--json', solution!.url], {}, 30_000);
    expect(stderr).to.equal('');
    expect(JSON.parse(stdout)).to.include({ passed: true, version: 1 });
    expect(code).to.equal(0);
  });

  describe('its first check worker (checker/run/early-worker.js)', () => {
    /** Counts the Worker threads a real `bin/check.js` process starts, and who started each. */
    const COUNT_WORKERS = pathToFileURL(path.join(ROOT, 'test/fixtures/report-workers.mjs')).href;

    it('a check runs on the one worker the launcher started (no second one)', async () => {
      const { code, stderr } = await runNode(['--import', COUNT_WORKERS, 'bin/check.js', '--json', '--hints-only', solution!.url], { timeoutMs: 30_000 });
      expect(stderr).to.equal('workers: launcher\n');
      expect(code).to.equal(0);
    });

    it('--help starts none', async () => {
      const { code, stderr } = await runNode(['--import', COUNT_WORKERS, 'bin/check.js', '--help'], { timeoutMs: 30_000 });
      expect(stderr).to.equal('workers: \n');
      expect(code).to.equal(0);
    });

    it('a class takes the launcher\'s worker and starts the others', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-early-class-'));
      try {
        const roster = path.join(dir, 'class.csv');
        writeFileSync(roster, `learner,target\nana,${solution!.url}\nbia,${solution!.url}\ncaio,${solution!.url}\n`);
        const { code, stderr } = await runNode(['--import', COUNT_WORKERS, 'bin/check.js', '--hints-only', '--roster', roster], { timeoutMs: 30_000 });
        expect(stderr.trim().split(',')[0]).to.equal('workers: launcher');
        expect(stderr).to.not.match(/launcher.*launcher/);
        expect(code).to.equal(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('exits 130 at Ctrl-C, after printing the checks that finished', async () => {
    const hanging = await startHostile('silent');
    try {
      let poll: NodeJS.Timeout | undefined;
      const { code, stdout } = await runNode(['bin/check.js', '--hints-only', '--timeout', '20000', hanging.url], {
        env: TEST_ENV,
        timeoutMs: 30_000,
        // Ctrl-C once, when the first hint waits on the app that never answers (a second
        // one would end the process at once, as it should).
        started: (child) => {
          poll = setInterval(() => {
            if (hanging.requests() === 0) return;
            clearInterval(poll);
            child.kill('SIGINT');
          }, 20);
        },
      }).finally(() => clearInterval(poll));
      expect(code).to.equal(130);
      expect(stdout.trim().split('\n').at(-1)).to.equal('Interrupted (Ctrl-C): 0 checks finished, 3 not run.');
    } finally {
      await hanging.stop();
    }
  });

  for (const command of ['check', 'learn', 'demo']) {
    it(`${command}: on a Node.js older than engines, exit 2 with one line in the user's language`, async () => {
      const { code, stdout, stderr } = await runNode(['--require', FAKE_VERSION, `bin/${command}.js`], {
        env: { FAKE_NODE_VERSION: '18.19.0', LANG: 'pt_BR.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
        timeoutMs: 30_000,
      });
      expect(code).to.equal(2);
      expect(stdout).to.equal('');
      expect(stderr).to.equal(`${command}: este kit precisa do Node.js 20.18.1 ou mais recente, mas o Node.js instalado é o 18.19.0. Instale um Node.js mais novo (https://nodejs.org) e rode o comando de novo.\n`);
    });
  }

  it('keeps V8\'s compiled code in dist/cache/compile where Node.js offers it (22.1 and newer), else does nothing', async () => {
    const script = "import('./bin/launch.js').then((m) => { const dir = m.enableCompileCache(); process.stdout.write(JSON.stringify({ dir: dir ?? null, env: process.env.NODE_COMPILE_CACHE ?? null })); })";
    // Neither the caller's cache (npm test's, bin/test.js) nor its NODE_DISABLE_COMPILE_CACHE.
    const { code, stdout } = await runNode(['-e', script], { env: { NODE_COMPILE_CACHE: '', NODE_DISABLE_COMPILE_CACHE: undefined }, timeoutMs: 30_000 });
    expect(code).to.equal(0);
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    const offered = major > 22 || (major === 22 && minor >= 1);
    const expected = offered ? path.join(ROOT, 'dist', 'cache', 'compile') : null;
    expect(JSON.parse(stdout)).to.deep.equal({ dir: expected, env: expected ?? '' });
  });

  it('reads the needed version from engines and compares versions part by part', () => {
    expect(neededNode('>=20.18.1')).to.equal('20.18.1');
    expect(neededNode('^20.18.1 || ^22 || ^24 || ^26')).to.equal('20.18.1');
    expect(neededNode('^24 || ^22.1')).to.equal('22.1.0');
    expect(neededNode('20 - 26')).to.equal(undefined);
    expect(neededNode('>=20 <27')).to.equal(undefined);
    expect(older('18.19.0', '20.18.1')).to.equal(true);
    expect(older('20.9.0', '20.18.1')).to.equal(true);
    expect(older('20.18.1', '20.18.1')).to.equal(false);
    expect(older('22.0.0', '20.18.1')).to.equal(false);
  });
});

describe('a build older than its sources', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'kit-stale-'));
    mkdirSync(path.join(root, 'dist'));
    writeFileSync(path.join(root, 'a.ts'), '');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const manifest = (builtAt: number, inputs: string[]) => writeFileSync(path.join(root, 'dist/build.json'), JSON.stringify({ builtAt, inputs }));

  it('is stale when a source was saved after the build, or is gone, or there is no build', () => {
    const saved = Date.now() / 1000;
    utimesSync(path.join(root, 'a.ts'), saved, saved);
    manifest(saved * 1000 - 5000, ['a.ts']);
    expect(stale(root)).to.equal(true);
    manifest(saved * 1000 + 5000, ['a.ts', 'gone.ts']);
    expect(stale(root)).to.equal(true);
    rmSync(path.join(root, 'dist/build.json'));
    expect(stale(root)).to.equal(true);
  });

  it('is fresh when every source is older than the build', () => {
    const saved = Date.now() / 1000;
    utimesSync(path.join(root, 'a.ts'), saved, saved);
    manifest(saved * 1000 + 5000, ['a.ts']);
    expect(stale(root)).to.equal(false);
  });
});
