import { targetName } from '../target.ts';
import { CHECK_SECTIONS, type CheckResult, type CheckSource, type Lang, type Results, type CheckSection, type Step, type Target } from '../types.ts';
import { entryOf } from './folder.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import { CheckPool, Interrupted } from './pool.ts';

export interface RunOptions {
  lang: Lang;
  limits?: Partial<Limits>;
  /** Sections to run, in file order; default every check section. */
  sections?: readonly CheckSection[];
  /** Shared workers (a class check); without one, run() makes and closes its own. */
  pool?: CheckPool;
  /** Called as each check ends, for progress displays. */
  onCheck?: (result: CheckResult) => void;
  /** Run the behaviour checks only when every hint passed (each run raises the app's count). */
  behaviourAfterHints?: boolean;
  /** Ctrl-C: stop at once; the results hold the checks that finished, and `interrupted`. */
  signal?: AbortSignal;
}

/** The step's checks in the wanted sections (default: all), in file order. */
export function checksToRun(step: Step, sections: readonly CheckSection[] = CHECK_SECTIONS): CheckSource[] {
  return step.checks.filter((check) => sections.includes(check.section));
}

/**
 * Runs a step's checks against a target, one after another in file order, and
 * returns what happened. It never throws for the learner's app and prints nothing.
 */
export async function run(step: Step, given: Target, options: RunOptions): Promise<Results> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  // A folder's entry is read once here, so every check and the report name the same file.
  const target: Target = given.kind === 'dir' ? { ...given, entry: given.entry ?? entryOf(given.dir) } : given;
  let stale = false;
  const pool = options.pool ?? new CheckPool(1);
  const checks: CheckResult[] = [];
  const due = checksToRun(step, options.sections);
  let interrupted = false;
  try {
    for (const source of due) {
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      const base = { n: checks.length + 1, section: source.section, text: source.plain };
      let result: CheckResult;
      const hintFailed = checks.some((check) => check.section === 'hints' && check.status === 'failed');
      if (target.kind === 'dir' && source.section === 'behaviour') {
        // A folder is never run, so there is nothing to connect to.
        result = { ...base, status: 'skipped', skip: 'folder', ms: 0 };
      } else if (options.behaviourAfterHints && source.section === 'behaviour' && hintFailed) {
        result = { ...base, status: 'skipped', skip: 'hints-first', ms: 0 };
      } else {
        const started = performance.now();
        let outcome;
        try {
          outcome = await pool.run({ code: source.code, section: source.section, target, limits }, options.signal);
        } catch (err) {
          if (!(err instanceof Interrupted)) throw err;
          interrupted = true;
          break;
        }
        const ms = Math.round(performance.now() - started);
        stale ||= Boolean(outcome.stale);
        result = outcome.passed ? { ...base, status: 'passed', ms } : { ...base, status: 'failed', failure: outcome.failure, ms };
      }
      checks.push(result);
      options.onCheck?.(result);
    }
  } finally {
    if (!options.pool) await pool.close();
  }
  return {
    step: step.dashedName,
    id: step.id,
    lang: options.lang,
    target: targetName(target),
    ...(target.kind === 'dir' ? { entry: target.entry } : {}),
    ...(stale ? { staleApp: true as const } : {}),
    passed: !interrupted && checks.every((check) => check.status !== 'failed'),
    checks,
    ...(interrupted ? { interrupted: { notRun: due.length - checks.length } } : {}),
  };
}
