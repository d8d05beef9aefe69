// `npm run bench` takes its sizes from the environment; a wrong one stops it at once with
// one line naming the variable, before any server or check starts.

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
