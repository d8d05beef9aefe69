import { types } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { graceMs } from './limits.ts';
import { BEAT_MS, endsWorker, WorkerState, type OutcomeMessage, type RejectionMessage, type RunMessage, type WorkerMessage } from './protocol.ts';
import { runCheck } from './sandbox.ts';

const post = (message: WorkerMessage) => parentPort?.postMessage(message);

/**
 * How long a check's closed sockets and cleared timers get to leave the event loop: most
 * of the time a check keeps for itself before the pool's hard stop (graceMs), so a check
 * that ended in time is not reported late; 400 ms with the default limit, more than a
 * long-polling client's goodbye takes (GOODBYE_MS in sockets/wires.ts).
 */
const settleMs = (timeoutMs: number) => Math.floor(graceMs(timeoutMs) * 0.8);

/** This thread's handles and requests (sockets, timers...), counted by type. */
function resources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

function within(before: Map<string, number>): boolean {
  for (const [type, count] of resources()) if (count > (before.get(type) ?? 0)) return false;
  return true;
}

/**
 * Waits for the thread to hold no more than it did before the check. Destroyed
 * sockets close on a later turn of the event loop, so a clean check gets there in a
 * few milliseconds; false when something is still open after `ms`.
 */
async function settled(before: Map<string, number>, ms: number): Promise<boolean> {
  const until = performance.now() + ms;
  for (let turn = 0; !within(before); turn++) {
    if (performance.now() > until) return false;
    // A socket the check closed, or undici's kept-alive one it lets go of, leaves within a
    // turn or two of the event loop: look again after each of the first turns (a 2 ms timer
    // each time cost a class of 200 about 0.7 s), then poll without spinning.
    await new Promise((resolve) => (turn < SPIN_TURNS ? setImmediate(resolve) : setTimeout(resolve, 2)));
  }
  return true;
}

/** Turns of the event loop `settled` looks again after, before it waits 2 ms between looks. */
const SPIN_TURNS = 8;

/** The series running now, for the messages that belong to it. */
let running = 0;

/**
 * A promise rejected with no handler. One of the check's own (made in its context, as
 * its async functions' are) is the check's business: recorded, never a verdict, as a
 * browser ignores a dropped promise. One the kit's code made (the host's Promise) is a
 * leak of the kit: recorded too, and under KIT_LEAKS=fail (the kit's tests) it ends the
 * worker, so that the test that caused it fails.
 */
process.on('unhandledRejection', (reason: unknown, promise: Promise<unknown>) => {
  const by = promise instanceof Promise ? 'kit' : 'check';
  const message: RejectionMessage = { type: 'rejection', id: running, by, message: describeReason(reason) };
  post(message);
  if (by === 'kit' && process.env.KIT_LEAKS === 'fail') throw types.isNativeError(reason) ? reason : new Error(`unhandled rejection: ${message.message}`);
});

/** A rejection's reason in one short line, whatever it is (a getter or toString may throw). */
function describeReason(reason: unknown): string {
  try {
    const text = types.isNativeError(reason) ? `${reason.name}: ${reason.message}` : String(reason);
    return text.split('\n')[0]!.slice(0, 300);
  } catch {
    return typeof reason;
  }
}

// One check at a time per worker; the pool stops the whole worker if a check overruns.
const state = new WorkerState((workerData as { state: SharedArrayBuffer }).state);
// The beats stop when check code blocks this thread, which tells the pool why a check overran.
setInterval(() => state.beat(), BEAT_MS);

/** Set once a check ended in a way that ends this worker: the pool is replacing it. */
let ending = false;

/** Runs one series, check after check, posting each verdict as it comes. */
async function runSeries({ id, tasks }: RunMessage): Promise<void> {
  running = id;
  // A clean check leaves no more than there was before it, so one count serves the series.
  const before = resources();
  for (const task of tasks) {
    if (ending) return;
    state.beat();
    state.setActivity(undefined);
    const outcome = await runCheck(
      task,
      (activity) => state.setActivity(activity),
      () => state.received()
    );
    const clean = await settled(before, settleMs(task.limits.timeoutMs));
    const message: OutcomeMessage = clean ? { type: 'outcome', id, outcome } : { type: 'outcome', id, outcome, dirty: true };
    post(message);
    // The pool replaces this worker and gives the rest of the series (and the next) to a fresh one.
    if (endsWorker(message)) ending = true;
  }
}

// The pool may send the next series while one runs, so that the worker never waits for
// the main thread between learners; series run one at a time, in the order they came.
let queue = Promise.resolve();
parentPort?.on('message', (message: RunMessage) => {
  if (message.type !== 'run') return;
  queue = queue
    .then(() => runSeries(message))
    .catch((err: unknown) => {
      // A fault of the worker's own code: it dies, and the pool blames the check that ran.
      setImmediate(() => {
        throw err;
      });
    });
});

// Modules are loaded: the pool may start a check's clock now.
post({ type: 'ready' });
