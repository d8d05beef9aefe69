// The state a check worker shares with the pool (protocol.ts's WorkerState): when its
// thread last beat, when the app's Socket.IO bytes last came and what its check is doing,
// which the pool reads to say why a check overran (pool.ts's overrun).

import { expect } from 'chai';
import { overrun } from '../checker/run/pool.ts';
import { WorkerState } from '../checker/run/protocol.ts';

describe("a worker's shared state", () => {
  const realNow = Date.now;
  let now = 0;
  beforeEach(() => {
    now = 1_000_000;
    Date.now = () => now;
  });
  afterEach(() => {
    Date.now = realNow;
  });

  /** A state whose app bytes came at `received` and whose last beat was at `beat` (ms). */
  function stateAt(received: number | undefined, beat: number): WorkerState {
    const state = new WorkerState();
    if (received !== undefined) {
      now = received;
      state.received();
    }
    now = beat;
    state.beat();
    return state;
  }

  it('went silent after traffic when the bytes came no earlier than one beat (100 ms) before its last beat', () => {
    expect(stateAt(1_000_000, 1_000_000).silentAfterTraffic()).to.equal(true);
    expect(stateAt(1_000_000, 1_000_100).silentAfterTraffic()).to.equal(true);
    expect(stateAt(1_000_000, 1_000_101).silentAfterTraffic()).to.equal(false);
    // Bytes after the last beat: the thread was reading them when it went silent.
    expect(stateAt(1_000_500, 1_000_000).silentAfterTraffic()).to.equal(true);
  });

  it('never, when no bytes came from the app at all', () => {
    expect(stateAt(undefined, 1_000_000).silentAfterTraffic()).to.equal(false);
  });

  it("keeps a check's URL of up to 2 048 bytes whole, and cuts a longer one there", () => {
    const state = new WorkerState();
    const url = (length: number) => `http://127.0.0.1:3000/${'a'.repeat(length - 22)}`;
    state.setActivity({ phase: 'fetching', url: url(2048) });
    expect(state.activity()).to.deep.equal({ phase: 'fetching', url: url(2048) });
    state.setActivity({ phase: 'running', url: url(2049) });
    expect(state.activity()).to.deep.equal({ phase: 'running', url: url(2048) });
    state.setActivity(undefined);
    expect(state.activity()).to.equal(undefined);
  });

  it('counts its silence from its last beat', () => {
    const state = stateAt(undefined, 1_000_000);
    now = 1_000_450;
    expect(state.silentFor()).to.equal(450);
  });

  describe('why a check overran, read from it', () => {
    /** The overrun for a limit of `ms`, the thread silent for `silent` ms after `setup`. */
    function overrunOf(ms: number, silent: number, setup: (state: WorkerState) => void = () => {}) {
      const state = stateAt(undefined, 1_000_000);
      setup(state);
      now = 1_000_000 + silent;
      return overrun(ms, state);
    }

    function keyOf(ms: number, silent: number, setup?: (state: WorkerState) => void): string {
      const outcome = overrunOf(ms, silent, setup);
      return outcome.passed ? 'passed' : outcome.failure.key;
    }

    it('blocked: silent for more than four beats (400 ms), or half of a limit shorter than 800 ms', () => {
      expect(keyOf(2000, 400)).to.equal('timeout');
      expect(keyOf(2000, 401)).to.equal('check-busy');
      expect(keyOf(600, 300)).to.equal('timeout');
      expect(keyOf(600, 301)).to.equal('check-busy');
    });

    it('names what the blocked thread was doing: decoding the app\'s flood, its client.js, the check after a fetch', () => {
      const flood = (state: WorkerState) => {
        now = 1_000_000;
        state.received();
      };
      expect(keyOf(2000, 401, flood)).to.equal('flood.busy');
      expect(keyOf(2000, 401, (state) => state.setActivity({ phase: 'page', url: 'public/client.js' }))).to.equal('client.busy');
      expect(overrunOf(2000, 401, (state) => state.setActivity({ phase: 'running', url: 'http://127.0.0.1:3000/_api/server.js' }))).to.deep.equal({ passed: false, failure: { reason: 'timeout', key: 'check-stuck', params: { ms: 2000, url: 'http://127.0.0.1:3000/_api/server.js' } } });
      // Not blocked: waiting, whatever it was doing.
      expect(keyOf(2000, 400, flood)).to.equal('timeout');
      expect(keyOf(2000, 400, (state) => state.setActivity({ phase: 'fetching', url: 'http://127.0.0.1:3000/' }))).to.equal('timeout');
    });
  });
});
