import { parentPort } from 'node:worker_threads';
import { BEAT_MS, type RunMessage, type WorkerMessage } from './protocol.ts';
import { runCheck } from './sandbox.ts';

const post = (message: WorkerMessage) => parentPort?.postMessage(message);

// A check's verdict comes from its own promise; a promise it dropped must not kill the worker.
process.on('unhandledRejection', () => {});

// One check at a time per worker; the pool stops the whole worker if a check overruns.
parentPort?.on('message', async ({ id, task }: RunMessage) => {
  // The beats stop when check code blocks this thread, which tells the pool why it overran.
  const beat = setInterval(() => post({ id, beat: true }), BEAT_MS);
  try {
    const outcome = await runCheck(task, (activity) => post({ id, activity }));
    post({ id, outcome });
  } finally {
    clearInterval(beat);
  }
});

// Modules are loaded: the pool may start a check's clock now.
post({ ready: true });
