// What the processes a test starts inherit (test/helpers/child-env.ts, loaded by mocha).

import { expect } from 'chai';
import { runNode } from './helpers/process.ts';

describe("the tests' child processes", () => {
  it("start without the machine's NODE_EXTRA_CA_CERTS, and with what a test gives them", async () => {
    const read = ['-p', 'String(process.env.NODE_EXTRA_CA_CERTS)'];
    expect((await runNode(read)).stdout).to.equal('undefined\n');
    expect((await runNode(read, { env: { NODE_EXTRA_CA_CERTS: 'ca.pem' } })).stdout).to.equal('ca.pem\n');
  });
});
