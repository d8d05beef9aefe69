import { parentPort } from 'node:worker_threads';
import { runCheck, type CheckTask } from './sandbox.ts';

// One check at a time per worker; the pool stops the whole worker if a check overruns.
parentPort?.on('message', async ({ id, task }: { id: number; task: CheckTask }) => {
  const outcome = await runCheck(task);
  parentPort?.postMessage({ id, outcome });
});
