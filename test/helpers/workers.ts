// Counting the worker threads code under test starts in this process.

import { countWorkerStarts } from './count-workers.js';

/** What `run` resolves to, and how many worker threads this process started meanwhile. */
export async function counted<T>(run: () => Promise<T>): Promise<[T, number]> {
  let started = 0;
  const restore = countWorkerStarts(() => started++);
  try {
    return [await run(), started];
  } finally {
    restore();
  }
}
