// The first check worker, started by the launcher (bin/launch.js) before the command's own
// modules load: the worker thread boots on the second core while the main thread loads the
// rest (about 12 ms sooner on a cold check, 2-core machine, Node 20). The pool (pool.ts)
// takes it as its first worker. Plain JavaScript, as the launcher is (no build step before it).
// The launcher and the built checker each hold a copy of this module, so the worker is
// handed over on globalThis, under a registered symbol, not in a module variable.

import { Worker } from 'node:worker_threads';

/** Heap for one check: its body is capped at 1 MiB, so this is room to spare, not a target. */
export const WORKER_HEAP_MB = 256;

/** Bytes of the state a worker shares with the pool (protocol.ts's WorkerState: 24 + its URL's 2048). */
export const STATE_BYTES = 24 + 2048;

const KEY = Symbol.for('emitting-kit.early-worker');

/**
 * A check worker's options: no inherited Node flags, a heap limit, and its shared state.
 * @param {SharedArrayBuffer} state
 */
export function workerOptions(state) {
  return { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB }, workerData: { state } };
}

/**
 * Whether `npm run check` with these arguments runs checks at all (not --help, --version,
 * --merge; nor --concurrency, which is read and may be refused before any worker starts).
 * @param {readonly string[]} argv
 */
export function runsChecks(argv) {
  return !['--help', '-h', '--version', '-v', '--concurrency', '--merge'].some((option) => hasOption(argv, option));
}

/**
 * Whether the command line holds `option`, alone or as `option=value`, read before parseArgs does.
 * @param {readonly string[]} argv
 * @param {string} option
 */
export function hasOption(argv, option) {
  return argv.some((arg) => arg === option || arg.startsWith(option + '='));
}

/**
 * @typedef {object} EarlyWorker
 * @property {Worker} worker
 * @property {SharedArrayBuffer} state
 * @property {() => void} adopt  the pool's listeners are on: what the worker said meanwhile is said again, in order
 */

/**
 * Starts a worker from `entry`, to be taken by the first pool. Until then it does not keep
 * the process alive (a command that ends without a pool is not held up by it) and what it
 * says is held: a worker's 'ready' may come before anyone listens.
 * @param {URL | string} entry
 */
export function startEarlyWorker(entry) {
  const state = new SharedArrayBuffer(STATE_BYTES);
  const worker = new Worker(entry, workerOptions(state));
  /** @type {Array<[string, unknown]>} */
  const held = [];
  /** @type {Record<string, (value: unknown) => void>} */
  const holders = {};
  for (const type of ['message', 'error', 'exit']) {
    holders[type] = (value) => held.push([type, value]);
    worker.on(type, holders[type]);
  }
  // After the listeners: a 'message' listener added later would hold the process again.
  worker.unref();
  /** @type {EarlyWorker} */
  const early = {
    worker,
    state,
    adopt() {
      for (const type of Object.keys(holders)) worker.off(type, holders[type]);
      worker.ref();
      for (const [type, value] of held.splice(0)) worker.emit(type, value);
    },
  };
  /** @type {any} */ (globalThis)[KEY] = early;
  return early;
}

/**
 * The worker the launcher started, once: undefined when there is none (tests, other
 * commands) or it was taken already.
 * @returns {EarlyWorker | undefined}
 */
export function takeEarlyWorker() {
  const early = /** @type {any} */ (globalThis)[KEY];
  /** @type {any} */ (globalThis)[KEY] = undefined;
  return early;
}
