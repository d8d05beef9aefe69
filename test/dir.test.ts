// `--dir PATH`: a folder's files offered to the hints as a running app would serve them,
// its code never run; behaviour checks are reported as skipped, not failed.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ROOT, runCli } from './helpers/apps.ts';

const SPEC_MESSAGES = [
  'You should have variable currentUsers defined',
  'You should emit "user count" with data currentUsers',
  'Your client should be connection to server with the connection defined as socket',
];

interface JsonCheck {
  n: number;
  section: string;
  passed: boolean;
  status: string;
  reason?: string;
  message?: string;
  ms: number;
}

describe('check --dir', function () {
  this.timeout(60_000);

  it('passes the solution folder on the hints and skips the behaviour checks, exit 0', async () => {
    const { code, stdout, stderr } = await runCli(['--json', '--dir', path.join(ROOT, 'solution')]);
    expect(code, stderr).to.equal(0);
    const json = JSON.parse(stdout);
    expect(json).to.include({ passed: true, target: path.join(ROOT, 'solution') });
    const checks = json.checks as JsonCheck[];
    expect(checks.map((c) => [c.section, c.status])).to.deep.equal([
      ['hints', 'passed'],
      ['hints', 'passed'],
      ['hints', 'passed'],
      ['behaviour', 'skipped'],
      ['behaviour', 'skipped'],
      ['behaviour', 'skipped'],
      ['behaviour', 'skipped'],
    ]);
    // The hints pass; the behaviour was not checked, and the JSON says so.
    expect(json).to.deep.include({ sectionsRun: ['hints'], sectionsNotRun: ['behaviour'] });
    // A skipped check did not pass, and it did not fail either: it has no reason, and took no time.
    for (const check of checks.filter((c) => c.status === 'skipped')) {
      expect(check.passed).to.equal(false);
      expect(check.ms).to.equal(0);
      expect(check).to.not.have.any.keys('reason', 'message');
    }
  });

  it('fails the starter folder on the three hints with reason assertion, even as a relative path, exit 1', async () => {
    // runCli runs in the kit's root: `starter` is relative to it.
    const { code, stdout } = await runCli(['--json', '--dir', 'starter']);
    expect(code).to.equal(1);
    const json = JSON.parse(stdout);
    expect(json.passed).to.equal(false);
    expect(json.target).to.equal(path.join(ROOT, 'starter'));
    const hints = (json.checks as JsonCheck[]).filter((c) => c.section === 'hints');
    expect(hints.map((c) => [c.status, c.reason, c.message])).to.deep.equal(SPEC_MESSAGES.map((message) => ['failed', 'assertion', message]));
    expect((json.checks as JsonCheck[]).filter((c) => c.section === 'behaviour').map((c) => c.status)).to.deep.equal(['skipped', 'skipped', 'skipped', 'skipped']);
  });

  it('says in the text report why behaviour checks were skipped', async () => {
    const { code, stdout } = await runCli(['--dir', 'solution']);
    expect(code).to.equal(0);
    expect(stdout).to.include('not run on a folder');
    expect(stdout).to.include('3 of 7 checks passed, 4 skipped.');
    expect(stdout).to.include("freeCodeCamp's hints pass. A folder is never run, so what the app does was not checked: run the app and check its address to know that.");
    expect(stdout).not.to.include('everything this lesson asks for works');
  });

  it('refuses a URL together with --dir: exit 2, one line on stderr', async () => {
    const { code, stdout, stderr } = await runCli(['--dir', 'solution', 'http://localhost:3000']);
    expect(code).to.equal(2);
    expect(stdout).to.equal('');
    expect(stderr.trim().split('\n')).to.deep.equal(['check: give either a URL or --dir, not both']);
  });

  it('refuses a folder that does not exist, or a file: exit 2', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'kit-dir-'));
    try {
      const missing = path.join(empty, 'nowhere');
      const gone = await runCli(['--dir', missing]);
      expect(gone.code).to.equal(2);
      expect(gone.stderr.trim()).to.equal(`check: ${missing} is not a folder`);
      const file = await runCli(['--dir', path.join(ROOT, 'package.json')]);
      expect(file.code).to.equal(2);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('a folder target given as a relative path (run() in-process)', function () {
  this.timeout(30_000);

  it('reads public/client.js from the folder, so the verdicts match the absolute path', async () => {
    const { loadStep, run } = await import('../checker/index.ts');
    const step = await loadStep('communicate-by-emitting', 'en');
    const relative = path.relative(process.cwd(), path.join(ROOT, 'starter'));
    const results = await run(step, { kind: 'dir', dir: relative }, { lang: 'en', sections: ['hints'] });
    expect(results.checks.map((c) => c.failure?.reason)).to.deep.equal(['assertion', 'assertion', 'assertion']);
    const solution = await run(step, { kind: 'dir', dir: path.relative(process.cwd(), path.join(ROOT, 'solution')) }, { lang: 'en', sections: ['hints'] });
    expect(solution.passed).to.equal(true);
  });
});
