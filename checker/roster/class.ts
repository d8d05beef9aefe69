import { availableParallelism } from 'node:os';
import { checksToRun, run } from '../run/run.ts';
import { CheckPool } from '../run/pool.ts';
import type { Limits } from '../run/limits.ts';
import type { CheckResult, CheckSection, ClassResults, Lang, LearnerResults, RosterProblem, Step } from '../types.ts';
import type { RosterEntry } from './parse.ts';

/**
 * Submissions checked at once: one worker thread each. On local submissions a check is
 * bound by CPU (a fresh sandbox and connection per check), so more workers than cores
 * only add start-up time and memory (see docs/en/instructor.md, "How fast"). Remote
 * submissions that answer slowly gain from a higher --concurrency.
 */
export const DEFAULT_CONCURRENCY = Math.min(8, Math.max(2, availableParallelism()));

export interface ClassOptions {
  lang: Lang;
  limits?: Partial<Limits>;
  sections?: readonly CheckSection[];
  concurrency?: number;
  /** Called after each check of any learner, and once more when a learner is done. */
  onProgress?: (event: { learner: string; check?: CheckResult; done: boolean }) => void;
  /** Ctrl-C: no new learner starts, and the running ones stop. */
  signal?: AbortSignal;
}

/**
 * Checks every roster entry against the step on one shared pool of workers, at most
 * `concurrency` submissions at a time. Each check keeps its own time limit, so a
 * submission that hangs holds one slot for its own checks and never the others.
 */
export async function runClass(step: Step, entries: readonly RosterEntry[], problems: readonly RosterProblem[], options: ClassOptions): Promise<ClassResults> {
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const started = performance.now();
  if (entries.length === 0) return { step: step.dashedName, id: step.id, lang: options.lang, learners: [], problems: [...problems], ms: 0 };
  const pool = new CheckPool(Math.min(concurrency, entries.length));
  const learners: LearnerResults[] = new Array(entries.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < entries.length) {
      const at = next++;
      const entry = entries[at]!;
      const results = await run(step, entry.target, {
        lang: options.lang,
        limits: options.limits,
        sections: options.sections,
        pool,
        signal: options.signal,
        onCheck: (check) => options.onProgress?.({ learner: entry.learner, check, done: false }),
      });
      learners[at] = { learner: entry.learner, line: entry.line, results };
      options.onProgress?.({ learner: entry.learner, done: true });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, entries.length) }, lane));
  } finally {
    await pool.close();
  }
  return { step: step.dashedName, id: step.id, lang: options.lang, learners, problems: [...problems], ms: Math.round(performance.now() - started) };
}

/** How many checks each learner gets, for progress totals. */
export function checksPerLearner(step: Step, sections?: readonly CheckSection[]): number {
  return checksToRun(step, sections).length;
}
