import { targetName } from '../target.ts';
import { CHECK_SECTIONS, type CheckResult, type CheckSource, type Lang, type Results, type CheckSection, type Step, type Target } from '../types.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import { CheckPool } from './pool.ts';

export interface RunOptions {
  lang: Lang;
  limits?: Partial<Limits>;
  /** Sections to run, in file order; default every check section. */
  sections?: readonly CheckSection[];
  /** Shared workers (a class check); without one, run() makes and closes its own. */
  pool?: CheckPool;
  /** Called as each check ends, for progress displays. */
  onCheck?: (result: CheckResult) => void;
}

/** The step's checks in the wanted sections (default: all), in file order. */
export function checksToRun(step: Step, sections: readonly CheckSection[] = CHECK_SECTIONS): CheckSource[] {
  return step.checks.filter((check) => sections.includes(check.section));
}

/**
 * Runs a step's checks against a target, one after another in file order, and
 * returns what happened. It never throws for the learner's app and prints nothing.
 */
export async function run(step: Step, target: Target, options: RunOptions): Promise<Results> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const pool = options.pool ?? new CheckPool(1);
  const checks: CheckResult[] = [];
  try {
    for (const source of checksToRun(step, options.sections)) {
      const base = { n: checks.length + 1, section: source.section, text: source.text };
      let result: CheckResult;
      if (target.kind === 'dir' && source.section === 'behaviour') {
        // A folder is never run, so there is nothing to connect to.
        result = { ...base, status: 'skipped', ms: 0 };
      } else {
        const started = performance.now();
        const outcome = await pool.run({ code: source.code, section: source.section, target, limits });
        const ms = Math.round(performance.now() - started);
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
    passed: checks.every((check) => check.status !== 'failed'),
    checks,
  };
}
