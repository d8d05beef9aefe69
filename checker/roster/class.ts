import { availableParallelism } from 'node:os';
import { checksToRun, run } from '../run/run.ts';
import { CheckPool, SERIES_PER_WORKER } from '../run/pool.ts';
import type { Limits } from '../run/limits.ts';
import type { CheckResult, CheckSection, ClassResults, Lang, LearnerResults, RosterProblem, Step } from '../types.ts';
import { boundLearner, boundProblem } from './bounds.ts';
import type { RosterEntry } from './parse.ts';
import { groupIndexes, targetKey } from './targets.ts';

/** The default number of submissions checked at once on a machine with `cores` cores. */
export const defaultConcurrency = (cores: number): number => Math.min(8, Math.max(2, cores));

/**
 * Submissions checked at once: one worker thread each. On local submissions a check is
 * bound by CPU (a fresh sandbox and connection per check), so more workers than cores
 * only add start-up time and memory (see docs/en/instructor.md, "How fast"). Remote
 * submissions that answer slowly gain from a higher --concurrency.
 */
export const DEFAULT_CONCURRENCY = defaultConcurrency(availableParallelism());

/**
 * Workers per core for a class with running apps. Such a check mostly waits on the app,
 * so a core can keep several busy; past about four per core their answers arrive faster
 * than the core can run the checks' code, and checks start to overrun their time limits
 * because of the checker's machine, not the learner's app: a false `timeout`.
 */
export const URL_WORKERS_PER_CORE = 4;

export interface Concurrency {
  /** Submissions checked at once. */
  used: number;
  /** The most this machine runs for this class. */
  max: number;
  /** `--concurrency` asked for more than `max`: say so. */
  clamped: boolean;
}

/**
 * How many submissions to check at once: what was asked (or the default), at most
 * URL_WORKERS_PER_CORE per core when the class has running apps, at most one per core
 * (and never under 2) when it has only folders, whose checks read files and never wait.
 */
export function concurrencyFor(asked: number | undefined, cores: number, hasUrls: boolean): Concurrency {
  const max = hasUrls ? URL_WORKERS_PER_CORE * Math.max(1, cores) : Math.max(2, cores);
  const wanted = Math.max(1, asked ?? defaultConcurrency(cores));
  return { used: Math.min(wanted, max), max, clamped: wanted > max };
}

export interface ClassOptions {
  lang: Lang;
  limits?: Partial<Limits>;
  sections?: readonly CheckSection[];
  concurrency?: number;
  /** Called after each check of any learner, and once more when a learner is done. */
  onProgress?: (event: { learner: string; check?: CheckResult; done: boolean }) => void;
  /** Ctrl-C: no new learner starts, and the running ones stop. */
  signal?: AbortSignal;
  /** Workers started earlier, which the caller closes; without them, runClass makes and closes its own. */
  pool?: CheckPool;
}

/**
 * Checks every roster entry against the step on one shared pool of workers, at most
 * `concurrency` submissions at a time. Each check keeps its own time limit, so a
 * submission that hangs holds one slot for its own checks and never the others.
 *
 * Entries that point at the same submission (targets.ts) are checked one after another,
 * never side by side. A learner whose checks did not all run (Ctrl-C) is not in
 * `learners` but a problem `interrupted`; one the checker failed on, a problem `error`.
 * Texts are cut to their limits as results arrive (bounds.ts).
 */
export async function runClass(step: Step, entries: readonly RosterEntry[], problems: readonly RosterProblem[], options: ClassOptions): Promise<ClassResults> {
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const started = performance.now();
  const base = { step: step.dashedName, id: step.id, lang: options.lang };
  if (entries.length === 0) return { ...base, learners: [], problems: problems.map(boundProblem), ms: 0 };
  const chains = groupIndexes(entries, (entry) => targetKey(entry.target));
  const pool = options.pool ?? new CheckPool(Math.min(concurrency, chains.length));
  // Twice as many learners under way as workers: each worker holds the next one in its
  // mailbox (CheckPool), so it never waits for this thread between learners.
  const lanes = Math.min(pool.size * SERIES_PER_WORKER, chains.length);
  const learners: (LearnerResults | undefined)[] = new Array(entries.length);
  const errors = new Map<number, string>();
  const stopped = () => options.signal?.aborted === true;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < chains.length && !stopped()) {
      for (const at of chains[next++]!) {
        if (stopped()) return;
        const entry = entries[at]!;
        try {
          const results = await run(step, entry.target, {
            lang: options.lang,
            limits: options.limits,
            sections: options.sections,
            pool,
            signal: options.signal,
            onCheck: (check) => options.onProgress?.({ learner: entry.learner, check, done: false }),
          });
          if (results.interrupted) return;
          learners[at] = boundLearner({ learner: entry.learner, line: entry.line, results });
        } catch (err) {
          // A bug of the kit's own: this learner is reported, the others are still checked.
          errors.set(at, String((err as Error)?.message ?? err).split('\n')[0]!);
        }
        options.onProgress?.({ learner: entry.learner, done: true });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    if (!options.pool) await pool.close();
  }
  const notChecked: RosterProblem[] = entries.flatMap((entry, at) => {
    if (learners[at]) return [];
    const error = errors.get(at);
    return [error === undefined ? { line: entry.line, code: 'interrupted' as const, params: { learner: entry.learner } } : { line: entry.line, code: 'error' as const, params: { learner: entry.learner, message: error } }];
  });
  return {
    ...base,
    learners: learners.filter((learner): learner is LearnerResults => learner !== undefined),
    problems: [...problems, ...notChecked].map(boundProblem).sort((a, b) => a.line - b.line),
    ms: Math.round(performance.now() - started),
  };
}

/** How many checks each learner gets, for progress totals. */
export function checksPerLearner(step: Step, sections?: readonly CheckSection[]): number {
  return checksToRun(step, sections).length;
}
