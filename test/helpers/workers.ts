// Counting the worker threads code under test starts in this process.

import { syncBuiltinESMExports } from 'node:module';
import threads from 'node:worker_threads';

/** What `run` resolves to, and how many worker threads this process started meanwhile. */
export async function counted<T>(run: () => Promise<T>): Promise<[T, number]> {
  const Original = threads.Worker;
  let started = 0;
  threads.Worker = class extends Original {
    constructor(...args: ConstructorParameters<typeof Original>) {
      started++;
      super(...args);
    }
  };
  // The kit's `import { Worker } from 'node:worker_threads'` follows the builtin's export once it is synced.
  syncBuiltinESMExports();
  try {
    return [await run(), started];
  } finally {
    threads.Worker = Original;
    syncBuiltinESMExports();
  }
}
