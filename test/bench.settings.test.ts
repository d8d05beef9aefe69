// `npm run bench` takes its sizes from the environment; a wrong one stops it at once with
// one line naming the variable, before any server or check starts. Its memory figure is
// the measured process's own (scripts/peak-usage.mjs).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { runNode } from './helpers/process.ts';

describe('npm run bench, given a bad setting', function () {
  this.timeout(30_000);

  for (const [name, value, max] of [
    ['BENCH_CLASS_RUNS', 'abc', 101],
    ['BENCH_CLASS_SIZE', '0', 2000],
    ['BENCH_SERVER_PROCESSES', '2.5', 16],
    ['BENCH_COLD_RUNS', '-3', 101],
    ['BENCH_CONCURRENCY', '1e9', 64],
    ['BENCH_HOSTILE_RUNS', 'x', 101],
  ] as const) {
    it(`${name}=${value}: exit 2, one line naming it, nothing measured`, async () => {
      const { code, stdout, stderr } = await runNode(['bin/bench.js'], { env: { [name]: value } });
      expect(code).to.equal(2);
      expect(stdout).to.equal('');
      expect(stderr).to.equal(`bench: ${name} must be a whole number from 1 to ${max}, not "${value}"\n`);
    });
  }
});

describe('scripts/peak-usage.mjs, the measured process\'s peak memory', function () {
  this.timeout(30_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-peak-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function peakOf(code: string): Promise<{ maxRSS: number; cpuMs: number }> {
    const file = path.join(dir, `peak-${Math.random().toString(36).slice(2)}`);
    const run = await runNode(['--import', './scripts/peak-usage.mjs', '-e', code], { env: { PEAK_USAGE_FILE: file } });
    expect(run.code).to.equal(0);
    return JSON.parse(readFileSync(file, 'utf8')) as { maxRSS: number; cpuMs: number };
  }

  it("is the process's own: a parent holding 200 MB does not count (getrusage's maxRSS would say over 200 MB)", async () => {
    const held = Buffer.alloc(200 * 1024 * 1024, 1);
    try {
      const { maxRSS } = await peakOf('');
      expect(maxRSS / 1024).to.be.below(150);
    } finally {
      held.fill(0, 0, 1); // held until the child has ended
    }
  });

  it('counts what the process itself held: 200 MB filled in it reads over 200 MB', async () => {
    const { maxRSS, cpuMs } = await peakOf('Buffer.alloc(200 * 1024 * 1024, 1)');
    expect(maxRSS / 1024).to.be.above(200);
    expect(cpuMs).to.be.above(0);
  });
});
