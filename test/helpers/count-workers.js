// Counting the worker threads started in this process: for tests in-process (workers.ts) and,
// as plain JavaScript, for a real `bin/check.js` process (test/fixtures/report-workers.mjs).

import { syncBuiltinESMExports } from 'node:module';
import threads from 'node:worker_threads';

/**
 * Calls `onStart` with the stack of each `new Worker` from now on, until the returned
 * function puts the original back.
 * @param {(stack: string) => void} onStart
 * @returns {() => void}
 */
export function countWorkerStarts(onStart) {
  const Original = threads.Worker;
  threads.Worker = class extends Original {
    /** @param {ConstructorParameters<typeof Original>} args */
    constructor(...args) {
      onStart(new Error().stack ?? '');
      super(...args);
    }
  };
  // The kit's `import { Worker } from 'node:worker_threads'` follows the builtin's export once it is synced.
  syncBuiltinESMExports();
  return () => {
    threads.Worker = Original;
    syncBuiltinESMExports();
  };
}
