// What the pool (main thread) and a worker say to each other, and the numbers both keep.
import type { CheckSection, Failure, Note, Target } from '../types.ts';
import type { Limits } from './limits.ts';
import { STATE_BYTES } from './early-worker.js';

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
 * What the pool and a worker say to each other. Every message carries a `type`, which
 * names it; nothing is told apart by its shape.
 */

/**
 * The pool to a worker: run these checks one after another (a learner's hints, say),
 * without waiting for a word from the pool between them.
 */
export interface RunMessage {
  type: 'run';
  id: number;
  tasks: CheckTask[];
}

/** A worker to the pool, once, when its modules are loaded: a check's clock may start now. */
export interface ReadyMessage {
  type: 'ready';
}

/**
 * A check's verdict, one per task of the series `id`, in order; `dirty` when something
 * it opened (a socket, a request, a timer) was still open after it ended.
 */
export interface OutcomeMessage {
  type: 'outcome';
  id: number;
  outcome: Outcome;
  dirty?: true;
}

/**
 * A promise rejected with no handler, in the series `id`. `by`: `check` when the promise
 * belongs to the check's own code (its context made it), `kit` when the kit's code made
 * it. Recorded, shown under KIT_DEBUG; it never changes a verdict, as a browser ignores
 * a dropped promise. Under KIT_LEAKS=fail (the kit's tests) a `kit` one ends the worker.
 */
export interface RejectionMessage {
  type: 'rejection';
  id: number;
  by: 'check' | 'kit';
  message: string;
}

/**
 * Reasons after which a worker is replaced rather than reused: an error may come from the
 * worker's own state. A check that failed too-large stopped reading and closed what it read
 * from, and one that failed timeout (its fetch or its wait gave up first) stopped waiting:
 * its worker goes on when nothing of the check is left open (else `dirty` replaces it), so
 * that a 50 MiB body or a gzip bomb does not cost a learner's hints three worker starts (and
 * a third of their peak memory, old and new worker side by side), nor an app that never
 * answers a fresh worker's boot between its hints. A check that overran its limit is not a
 * verdict of its worker: the pool stops it, and that worker with it.
 */
const RECYCLE: ReadonlySet<string> = new Set(['error']);

/**
 * Whether the worker that sent this verdict must go: it runs nothing more of its series,
 * and the pool gives the rest of it to a fresh worker.
 */
export function endsWorker({ outcome, dirty }: Pick<OutcomeMessage, 'outcome' | 'dirty'>): boolean {
  return Boolean(dirty) || (!outcome.passed && RECYCLE.has(outcome.failure.reason));
}

/** A worker to the pool. */
export type WorkerMessage = ReadyMessage | OutcomeMessage | RejectionMessage;

/** A worker notes a beat this often; no beat for a while means its thread is blocked. */
export const BEAT_MS = 100;

/** The state's last part: the URL a check is fetching, in UTF-8 (after two timestamps and two numbers). */
const URL_BYTES = STATE_BYTES - 24;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * What a worker says of itself without a message, in memory it shares with the pool:
 * when its thread last got back to its event loop (the beat), and what its check is
 * doing. The pool reads it only when a check overruns, to say why; messages for these
 * (several per check) cost a class more than the rest of the bookkeeping.
 */
export class WorkerState {
  static readonly BYTES = STATE_BYTES;
  /** [last beat, last bytes received from an app's Socket.IO server] (Date.now()) */
  private readonly time: Float64Array;
  /** [phase (0 none, 1 fetching, 2 running), URL length in bytes] */
  private readonly ints: Int32Array;
  private readonly url: Uint8Array;

  constructor(readonly buffer = new SharedArrayBuffer(WorkerState.BYTES)) {
    this.time = new Float64Array(buffer, 0, 2);
    this.ints = new Int32Array(buffer, 16, 2);
    this.url = new Uint8Array(buffer, 24, URL_BYTES);
  }

  beat(): void {
    this.time[0] = Date.now();
  }

  /** Bytes came from the app's Socket.IO server (a chunk on a socket, a polling answer). */
  received(): void {
    this.time[1] = Date.now();
  }

  /**
   * Whether the thread went silent while reading the app's traffic: bytes came in no
   * earlier than a beat before its last beat. Its own code does not block on a timer's
   * scale, so a thread that stops beating right after such bytes is decoding them.
   */
  silentAfterTraffic(): boolean {
    return this.time[1]! > 0 && this.time[1]! >= this.time[0]! - BEAT_MS;
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
