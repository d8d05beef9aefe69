// The course's documented commands as a learner types them, through npm itself: an npm
// script that handed its arguments to an inner npm would lose `--step` to npm's own settings.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadStep, run } from '../checker/index.ts';
import { cleanEnv, ROOT, run as runProcess, stopAll, waitForUrl, type Proc } from './helpers/app-processes.ts';
import { runNode } from './helpers/process.ts';

describe('the course commands through npm', function () {
  this.timeout(60_000);
  let dataDir: string | undefined;

  after(async () => {
    await stopAll();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('npm run solution -- --step communicate-by-emitting runs the end state of step one, not the solution', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kit-course-data-'));
    const app: Proc = runProcess('npm', ['run', 'solution', '--', '--step', 'communicate-by-emitting'], {
      cwd: ROOT,
      env: cleanEnv({ PORT: '0', DATA_DIR: dataDir, SESSION_SECRET: 'test' }),
    });
    try {
      const url = await waitForUrl(app, 30_000);
      expect(app.stdout()).to.include('The end state of "Share the User Count with Every Client by Emitting an Event" (communicate-by-emitting), copied to dist/apps/communicate-by-emitting/');
      expect(app.stdout()).to.include('[nodemon] starting `node server.js`');
      const hints = async (name: string) => (await run(await loadStep(name, 'en'), { kind: 'url', url }, { lang: 'en', sections: ['hints'] })).checks.map((c) => c.status);
      expect(await hints('communicate-by-emitting')).to.deep.equal(['passed', 'passed', 'passed']);
      expect(await hints('handle-a-disconnect')).to.deep.equal(['failed', 'passed']);
    } finally {
      await app.stop();
    }
  });

  it('npm run solution -- --step with an unknown step says so in one line and exits 2', async () => {
    const app = runProcess('npm', ['run', '-s', 'solution', '--', '--step', 'nope'], { cwd: ROOT, env: cleanEnv({ PORT: '0' }) });
    expect(await app.exited).to.equal(2);
    expect(app.stderr()).to.include('solution: unknown step "nope" (known: communicate-by-emitting, handle-a-disconnect)\n');
    expect(app.stdout()).not.to.include('[nodemon]');
  });

  it("npm run demo: the kit's starter fails the first step's hints, the solution passes both steps (exit 0)", async () => {
    const { code, stdout, stderr } = await runNode(['bin/demo.js'], { env: cleanEnv({ LANG: 'en_US.UTF-8' }), timeoutMs: 50_000 });
    expect(stderr).to.equal('');
    expect(code).to.equal(0);
    expect(stdout).to.include(`== The kit's starter, on "Share the User Count with Every Client by Emitting an Event" ==`);
    expect(stdout).to.include('== The solution, on "Share the User Count with Every Client by Emitting an Event" ==').and.include('7 of 7 checks passed.');
    expect(stdout).to.include('== The solution, on "Handle a Disconnect" ==').and.include('3 of 3 checks passed.');
    expect(stdout.trimEnd().split('\n').at(-1)).to.equal("As expected: the starter fails the first step's three hints, and the solution passes every check of every step. Now make the change yourself: npm start, follow the lesson, npm run check.");
  });
});
