// What the pool (main thread) and a worker say to each other, and the numbers both keep.
import type { CheckSection, Failure, Target } from '../types.ts';
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
export type Outcome = ({ passed: true } | { passed: false; failure: Failure }) & { stale?: true };

/** What a check is doing, for the pool to say why it overran: waiting on a URL, or running its own code after one. */
export type Activity = { phase: 'fetching'; url: string } | { phase: 'running'; url: string };

/** The pool to a worker: run this check. */
export interface RunMessage {
  id: number;
  task: CheckTask;
}

/** A worker to the pool. */
export type WorkerMessage =
  | { ready: true }
  /** `dirty`: the check may have left something running in the worker, which must not be reused. */
  | { id: number; outcome: Outcome; dirty?: boolean }
  | { id: number; activity: Activity }
  | { id: number; beat: true };

/** A running check's worker posts a beat this often; silence means its thread is blocked. */
export const BEAT_MS = 100;

/** Heap for one check: its body is capped at 1 MiB, so this is room to spare, not a target. */
export const WORKER_HEAP_MB = 256;
