// The first check worker, started by the launcher before the checker's modules load
// (checker/run/early-worker.js), and taken by the first pool; a real `npm run check` with it is
// in launcher.test.ts.

import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { hasOption, runsChecks, startEarlyWorker, takeEarlyWorker, type EarlyWorker } from '../checker/run/early-worker.js';
import { DEFAULT_LIMITS } from '../checker/run/limits.ts';
import { CheckPool } from '../checker/run/pool.ts';
import type { CheckTask } from '../checker/run/protocol.ts';
import { workerFromSource } from '../checker/run/worker-source.ts';
import { ROOT } from './helpers/apps.ts';
import { runNode } from './helpers/process.ts';
import { counted } from './helpers/workers.ts';

const task: CheckTask = {
  code: 'async () => { assert.ok(true); }',
  section: 'hints',
  target: { kind: 'url', url: 'http://127.0.0.1:9/' },
  limits: DEFAULT_LIMITS,
};

/** Resolves once the worker has ended, whoever ended it. */
const ended = (early: EarlyWorker) => new Promise<number>((resolve) => early.worker.once('exit', resolve));

describe('the early worker (started by the launcher, taken by the pool)', function () {
  this.timeout(30_000);
  afterEach(async () => {
    // One a test left untaken would otherwise be taken by the next pool of this process.
    await takeEarlyWorker()?.worker.terminate();
  });

  it('is taken by the first pool, once: its "ready", said before the pool listened, is heard; the pool ends it', async () => {
    const early = startEarlyWorker(workerFromSource());
    // Its 'ready' is out before there is a pool (a listener of our own sees it go by).
    await new Promise((resolve) => early.worker.once('message', resolve));
    const [outcome, started] = await counted(async () => {
      const pool = new CheckPool(1);
      try {
        return await pool.run(task);
      } finally {
        await pool.close();
      }
    });
    expect(outcome).to.deep.equal({ passed: true });
    // Had the pool missed the 'ready', it would have started one of its own after its boot limit.
    expect(started, 'workers the pool started').to.equal(0);
    expect(takeEarlyWorker(), 'taken').to.equal(undefined);
    // Closing the pool ended this very worker (a thread that is gone has the id -1): the
    // pool ran on it, not on one of its own.
    expect(early.worker.threadId).to.equal(-1);
  });

  it('one that died before the pool took it is replaced, and the check still runs', async function () {
    // The pool hears of the death at once (its held 'exit'); without it, it would wait out its 20 s boot limit.
    this.timeout(15_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-early-'));
    try {
      const broken = path.join(dir, 'worker.mjs');
      writeFileSync(broken, "throw new Error('broken install');\n");
      const early = startEarlyWorker(pathToFileURL(broken));
      await ended(early);
      const pool = new CheckPool(1);
      try {
        expect(await pool.run(task)).to.deep.equal({ passed: true });
      } finally {
        await pool.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not keep a process alive that never makes a pool', async () => {
    const entry = pathToFileURL(path.join(ROOT, 'checker/run/early-worker.js')).href;
    const worker = workerFromSource().href;
    const { code } = await runNode(['--input-type=module', '-e', `import { startEarlyWorker } from ${JSON.stringify(entry)}; startEarlyWorker(new URL(${JSON.stringify(worker)}));`], { timeoutMs: 15_000 });
    expect(code).to.equal(0);
  });

  it('runs checks for every command line but --help, --version, --merge and --concurrency', () => {
    const cases: Array<[string[], boolean]> = [
      [['http://localhost:3000'], true],
      [['--hints-only', '--json', 'localhost:3000'], true],
      [['--roster', 'class.csv'], true],
      [['--roster=class.csv'], true],
      [['--dir', 'my-app'], true],
      [['--help'], false],
      [['-h'], false],
      [['--version'], false],
      [['-v'], false],
      [['--merge', 'a.json', 'b.json'], false],
      [['--roster', 'class.csv', '--concurrency', '4'], false],
      [['--concurrency=4'], false],
      [['--helpful-flag'], true],
    ];
    expect(cases.map(([argv]) => [argv, runsChecks(argv)])).to.deep.equal(cases);
  });

  it('hasOption: the option alone or with =value, never a longer option or a value that looks like it', () => {
    const cases: Array<[string[], boolean]> = [
      [['--roster', 'class.csv'], true],
      [['--roster=class.csv'], true],
      [['--rosters', 'class.csv'], false],
      [['--dir', '--roster'], true],
      [['http://localhost:3000/--roster'], false],
      [[], false],
    ];
    expect(cases.map(([argv]) => [argv, hasOption(argv, '--roster')])).to.deep.equal(cases);
  });
});
