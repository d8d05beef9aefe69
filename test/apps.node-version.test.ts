// `npm start` on a Node.js older than the app's engines.node: one line in the terminal's
// language, exit status 2, nothing else started. Tested without an old Node: check-node.js's
// functions with version strings, then the real entry under a preload that fakes
// process.versions.node (test/fixtures/apps-support/fake-node-version.cjs).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect } from 'chai';
import { transformSync } from 'esbuild';
import { ROOT, cleanEnv, copyApp, removeCopy, run, stopAll } from './helpers/app-processes.ts';

const require = createRequire(import.meta.url);

interface CheckNode {
  minimumOf(range: unknown): string | null;
  isOlder(a: string, b: string): boolean;
  langOf(env: NodeJS.ProcessEnv): string;
  tooOld(found: string, range: unknown, env: NodeJS.ProcessEnv): string | null;
}
const check = require('../starter/kit/check-node.js') as CheckNode;

const FAKE = join(ROOT, 'test/fixtures/apps-support/fake-node-version.cjs');

const LINES = {
  en: 'This app needs Node.js 20.0.0 or newer; this is Node.js 16.20.2. Install a newer Node.js (https://nodejs.org) and run npm start again.',
  'pt-BR':
    'Este app precisa do Node.js 20.0.0 ou mais recente, mas este computador está com o Node.js 16.20.2. Instale uma versão mais nova (https://nodejs.org) e rode npm start de novo.',
  it: "Questa app richiede Node.js 20.0.0 o una versione successiva, ma qui c'è Node.js 16.20.2. Installa una versione più recente (https://nodejs.org), poi esegui di nuovo npm start.",
};

after(stopAll);

describe('check-node.js: the version check', () => {
  it('reads the lowest version of a >= range, and skips other ranges', () => {
    expect(check.minimumOf('>=20.0.0')).to.equal('20.0.0');
    expect(check.minimumOf('>= 18')).to.equal('18.0.0');
    expect(check.minimumOf('>=v20.18')).to.equal('20.18.0');
    expect(check.minimumOf('^20.0.0')).to.equal(null);
    expect(check.minimumOf(undefined)).to.equal(null);
  });

  it('compares versions number by number', () => {
    expect(check.isOlder('16.20.2', '20.0.0')).to.equal(true);
    expect(check.isOlder('9.11.2', '10.0.0')).to.equal(true);
    expect(check.isOlder('20.0.0', '20.0.0')).to.equal(false);
    expect(check.isOlder('20.10.0', '20.9.0')).to.equal(false);
    expect(check.isOlder('22.1.0', '20.0.0')).to.equal(false);
  });

  it('speaks the language of LC_ALL, LC_MESSAGES or LANG, else English', () => {
    expect(check.tooOld('16.20.2', '>=20.0.0', { LANG: 'C' })).to.equal(LINES.en);
    expect(check.tooOld('16.20.2', '>=20.0.0', { LANG: 'pt_BR.UTF-8' })).to.equal(LINES['pt-BR']);
    expect(check.tooOld('v16.20.2', '>=20.0.0', { LC_ALL: 'it_IT.UTF-8', LANG: 'pt_BR.UTF-8' })).to.equal(LINES.it);
    expect(check.langOf({ LC_MESSAGES: 'it_IT', LANG: 'en_US.UTF-8' })).to.equal('it');
    expect(check.langOf({ LANG: 'fr_FR.UTF-8' })).to.equal('en');
  });

  it('says nothing on a new enough Node, or when the range is not one it reads', () => {
    expect(check.tooOld('20.0.0', '>=20.0.0', {})).to.equal(null);
    expect(check.tooOld('22.11.0', '>=20.0.0', {})).to.equal(null);
    expect(check.tooOld('16.20.2', '^20.0.0', {})).to.equal(null);
  });

  // esbuild rewrites any syntax newer than its target: the same output for node12 and
  // esnext means there is none, so that an old Node can read the file and print the line.
  it('uses only syntax that Node.js 12 parses', () => {
    const sameForNode12 = (code: string): boolean =>
      transformSync(code, { target: 'node12', format: 'cjs' }).code === transformSync(code, { target: 'esnext', format: 'cjs' }).code;
    expect(sameForNode12(readFileSync(join(ROOT, 'starter/kit/check-node.js'), 'utf8'))).to.equal(true);
    expect(sameForNode12('const a = {};\nconst b = a?.b ?? 1;\n')).to.equal(false);
  });
});

/** Runs a command to its end with a deadline; returns its exit code and output. */
async function runToExit(command: string, args: string[], cwd: string, env: Record<string, string>) {
  const proc = run(command, args, { cwd, env: cleanEnv(env) });
  const timer = setTimeout(() => void proc.stop(), 15_000);
  try {
    const code = await proc.exited;
    return { code, stdout: proc.stdout(), stderr: proc.stderr() };
  } finally {
    clearTimeout(timer);
    await proc.stop();
  }
}

describe('npm start on an old Node.js (faked)', function () {
  let copy: string | undefined;
  before(() => (copy = copyApp('starter')));
  after(() => removeCopy(copy));

  for (const [lang, LANG] of [['en', 'C'], ['pt-BR', 'pt_BR.UTF-8'], ['it', 'it_IT.UTF-8']] as const) {
    it(`node kit/check-node.js, LANG=${LANG}: exits 2 with one line on stderr`, async () => {
      const result = await runToExit(process.execPath, ['--require', FAKE, 'kit/check-node.js'], copy!, { FAKE_NODE_VERSION: '16.20.2', LANG });
      expect(result.code).to.equal(2);
      expect(result.stdout).to.equal('');
      expect(result.stderr).to.equal(`${LINES[lang]}\n`);
    });
  }

  it('node kit/check-node.js on Node 18 is refused, on Node 20.0.0 and on this Node it passes silently', async () => {
    const old = await runToExit(process.execPath, ['--require', FAKE, 'kit/check-node.js'], copy!, { FAKE_NODE_VERSION: '18.20.4' });
    expect(old.code).to.equal(2);
    expect(old.stderr).to.include('this is Node.js 18.20.4');
    for (const FAKE_NODE_VERSION of ['20.0.0', '']) {
      const result = await runToExit(process.execPath, ['--require', FAKE, 'kit/check-node.js'], copy!, { FAKE_NODE_VERSION });
      expect(result, FAKE_NODE_VERSION).to.deep.equal({ code: 0, stdout: '', stderr: '' });
    }
  });

  // The wiring: npm start runs the check before nodemon and the app. npm itself sees the fake
  // version too (NODE_OPTIONS reaches every node it starts) and only warns about it.
  it('npm start in the app folder: exit status 2, the line, and neither nodemon nor the app started', async () => {
    const result = await runToExit('npm', ['start'], copy!, {
      NODE_OPTIONS: `--require ${FAKE}`,
      FAKE_NODE_VERSION: '16.20.2',
      LANG: 'it_IT.UTF-8',
      PORT: '0',
    });
    expect(result.code).to.equal(2);
    expect(result.stderr.split('\n')).to.include(LINES.it);
    const output = result.stdout + result.stderr;
    expect(output).not.to.include('[nodemon]').and.not.include('http://');
  });

  it("npm start at the kit's root: the same line, and status 2 through npm's own error lines", async () => {
    const result = await runToExit('npm', ['start'], ROOT, {
      NODE_OPTIONS: `--require ${FAKE}`,
      FAKE_NODE_VERSION: '16.20.2',
      PORT: '0',
    });
    expect(result.code).to.equal(2);
    expect(result.stderr.split('\n')).to.include(LINES.en);
    expect(result.stdout + result.stderr).not.to.include('[nodemon]');
  });
});

/**
 * The lowest Node.js version an engines.node range allows (`>=18`, `18 || 20 || >=22`,
 * `^20.0.0`), as `X.Y.Z`; throws on a form it does not know, for a person to look at.
 */
function lowestAllowed(range: string): string {
  const lows = range.split('||').map((part) => {
    const found = /^\s*(?:>=|\^|~)?\s*v?(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?\s*$/.exec(part);
    if (!found) throw new Error(`engines.node "${range}": unknown form`);
    return [found[1], found[2], found[3]].map((n) => (n === undefined || n === 'x' ? 0 : Number(n))).join('.');
  });
  return lows.reduce((a, b) => (check.isOlder(a, b) ? a : b));
}

describe('engines.node of the apps', () => {
  it('reads the ranges found in the dependencies', () => {
    expect(lowestAllowed('>= 18')).to.equal('18.0.0');
    expect(lowestAllowed('20 || >=22')).to.equal('20.0.0');
    expect(lowestAllowed('18 || 20 || >=22')).to.equal('18.0.0');
    expect(() => lowestAllowed('>=18 <19')).to.throw('unknown form');
  });

  // Honest: the highest minimum that the app's installed dependency tree declares (Express 5
  // asks for 18; nodemon's minimatch asks, through brace-expansion, for 20), no more, no less.
  it('is the highest minimum declared by the packages the app runs on', () => {
    type Entry = { dependencies?: Record<string, string>; engines?: { node?: string } };
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, Entry> };
    // Where Node finds `name` from the package at `from`: its own node_modules, then upwards.
    const resolve = (from: string, name: string): string => {
      for (let base = from; ; base = base.includes('/node_modules/') ? base.slice(0, base.lastIndexOf('/node_modules/')) : '') {
        const at = `${base ? `${base}/` : ''}node_modules/${name}`;
        if (lock.packages[at]) return at;
        if (!base) throw new Error(`${name} (needed by ${from}) is not in package-lock.json`);
      }
    };
    const needs = new Map<string, string>();
    const queue = Object.keys(lock.packages['starter']!.dependencies!).map((name) => resolve('starter', name));
    for (let at = queue.pop(); at !== undefined; at = queue.pop()) {
      if (needs.has(at)) continue;
      const entry = lock.packages[at]!;
      needs.set(at, entry.engines?.node ? lowestAllowed(entry.engines.node) : '0.0.0');
      for (const name of Object.keys(entry.dependencies ?? {})) queue.push(resolve(at, name));
    }
    const highest = [...needs.values()].reduce((a, b) => (check.isOlder(a, b) ? b : a));
    expect(needs.get('node_modules/express')).to.equal('18.0.0');
    for (const app of ['starter', 'solution']) {
      const { engines } = JSON.parse(readFileSync(join(ROOT, app, 'package.json'), 'utf8')) as { engines: { node: string } };
      expect(check.minimumOf(engines.node), app).to.equal(highest);
    }
  });
});
