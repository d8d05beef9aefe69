// What the pool (main thread) and a worker say to each other, and the numbers both keep.
import type { CheckSection, Failure, Note, Target } from '../types.ts';
import type { Limits } from './limits.ts';

/** One check to run: its code, where it came from, what it checks, and its limits. */
export interface CheckTask {
  code: string;
  section: CheckSection;
  target: Target;
  limits: Limits;
}

/**
 * How a check ended. `stale`: an answer showed the app runs an older server.js than
 * the one it serves now (the kit's test routes say which one its process loaded).
 */
export type Outcome = ({ passed: true; note?: Note } | { passed: false; failure: Failure }) & { stale?: true };

/** What a check is doing, for the pool to say why it overran: waiting on a URL, or running its own code after one. */
export type Activity = { phase: 'fetching'; url: string } | { phase: 'running'; url: string } | { phase: 'page'; url: string };

/**
 * The pool to a worker: run these checks one after another (a learner's hints, say),
 * without waiting for a word from the pool between them.
 */
export interface RunMessage {
  id: number;
  tasks: CheckTask[];
}

/**
 * A check's verdict, one per task of the series `id`, in order; `dirty` when something
 * it opened (a socket, a request, a timer) was still open after it ended.
 */
export type OutcomeMessage = { id: number; outcome: Outcome; dirty?: true };

/**
 * Reasons after which a worker is replaced rather than reused: whatever the check
 * opened may still be running there (a stream that never ended, a socket flooding it).
 */
const RECYCLE: ReadonlySet<string> = new Set(['timeout', 'too-large', 'error']);

/**
 * Whether the worker that sent this verdict must go: it runs nothing more of its series,
 * and the pool gives the rest of it to a fresh worker.
 */
export function endsWorker({ outcome, dirty }: Pick<OutcomeMessage, 'outcome' | 'dirty'>): boolean {
  return Boolean(dirty) || (!outcome.passed && RECYCLE.has(outcome.failure.reason));
}

/** A worker to the pool. */
export type WorkerMessage = { ready: true } | OutcomeMessage;

/** A worker notes a beat this often; no beat for a while means its thread is blocked. */
export const BEAT_MS = 100;

const URL_BYTES = 2048;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * What a worker says of itself without a message, in memory it shares with the pool:
 * when its thread last got back to its event loop (the beat), and what its check is
 * doing. The pool reads it only when a check overruns, to say why; messages for these
 * (several per check) cost a class more than the rest of the bookkeeping.
 */
export class WorkerState {
  static readonly BYTES = 16 + URL_BYTES;
  private readonly time: Float64Array;
  /** [phase (0 none, 1 fetching, 2 running), URL length in bytes] */
  private readonly ints: Int32Array;
  private readonly url: Uint8Array;

  constructor(readonly buffer = new SharedArrayBuffer(WorkerState.BYTES)) {
    this.time = new Float64Array(buffer, 0, 1);
    this.ints = new Int32Array(buffer, 8, 2);
    this.url = new Uint8Array(buffer, 16, URL_BYTES);
  }

  beat(): void {
    this.time[0] = Date.now();
  }

  /** Milliseconds since the worker's last beat. */
  silentFor(): number {
    return Date.now() - this.time[0]!;
  }

  setActivity(activity: Activity | undefined): void {
    if (activity) {
      const { written } = encoder.encodeInto(activity.url, this.url);
      Atomics.store(this.ints, 1, written);
    }
    Atomics.store(this.ints, 0, activity ? PHASES.indexOf(activity.phase) + 1 : 0);
  }

  activity(): Activity | undefined {
    const phase = Atomics.load(this.ints, 0);
    if (phase === 0) return undefined;
    const url = decoder.decode(this.url.slice(0, Atomics.load(this.ints, 1)));
    return { phase: PHASES[phase - 1] ?? 'running', url };
  }
}

/** Activity phases as the shared state numbers them (from 1; 0 is none). 'page': the app's client.js runs in the page engine. */
const PHASES: ReadonlyArray<Activity['phase']> = ['fetching', 'running', 'page'];

/** Heap for one check: its body is capped at 1 MiB, so this is room to spare, not a target. */
export const WORKER_HEAP_MB = 256;
