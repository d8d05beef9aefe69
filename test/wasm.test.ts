// The kit's WebAssembly (undici's HTTP parser, the page engine) stays on V8's baseline
// compiler on every Node.js line: set at run time, --liftoff-only alone was ignored by
// Node 24 and 26 (V8 draws a flag's implications when it starts), which cost a check
// there 17 MB and about 0.1 s of CPU. Observed with V8's own test functions, in a child.

import { expect } from 'chai';
import { runNode } from './helpers/process.ts';

const tier = async (mode: 'baseline' | 'default', rounds: number) => {
  const run = await runNode(['--allow-natives-syntax', '--import', 'tsx', 'test/fixtures/wasm-tier.ts', mode, String(rounds)], { env: { NODE_OPTIONS: '' } });
  expect(run.stderr).to.equal('');
  return JSON.parse(run.stdout) as { rounds: number; turboFan: boolean };
};

describe('WebAssembly on the baseline compiler (checker/wasm-baseline.ts)', function () {
  this.timeout(30_000);

  it('a hot function is compiled again with TurboFan by default, and never after baselineWasmOnly()', async () => {
    // The control: how many rounds V8 needs here to tier the function up.
    const control = await tier('default', 0);
    expect(control.turboFan, 'V8 tiers a hot function up by default').to.equal(true);
    const kept = await tier('baseline', control.rounds * 3);
    expect(kept).to.deep.equal({ rounds: control.rounds * 3, turboFan: false });
  });
});
