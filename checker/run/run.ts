import { hintPaths } from './submit/paths.ts';
import { targetName } from '../target.ts';
import { CHECK_SECTIONS, type CheckResult, type CheckSource, type FreeCodeCampFinding, type Lang, type Results, type CheckSection, type Step, type Target } from '../types.ts';
import { readEntry } from './folder.ts';
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

/** Which of the step's check sections ran, and which did not (left out, or every check of theirs skipped). */
function sectionsOf(step: Step, checks: readonly CheckResult[]): { sectionsRun: CheckSection[]; sectionsNotRun: CheckSection[] } {
  const sections = CHECK_SECTIONS.filter((section) => step.checks.some((check) => check.section === section));
  const ran = new Set(checks.filter((check) => check.status !== 'skipped').map((check) => check.section));
  return { sectionsRun: sections.filter((s) => ran.has(s)), sectionsNotRun: sections.filter((s) => !ran.has(s)) };
}

/** Consecutive checks of one section: each goes to a worker in one piece (CheckPool.runSeries). */
function seriesOf(checks: readonly CheckSource[]): CheckSource[][] {
  const series: CheckSource[][] = [];
  for (const check of checks) {
    const last = series.at(-1);
    if (last && last[0]!.section === check.section) last.push(check);
    else series.push([check]);
  }
  return series;
}

/** freeCodeCamp's view of the files, being asked for; `stop` ends it when it will not be told. */
interface Probing {
  finding: Promise<FreeCodeCampFinding | undefined>;
  stop(): void;
}

/**
 * Asks for the files as freeCodeCamp's page would (submit/probe.ts), from the start: its
 * requests go out while the worker starts and the hints run, instead of after them (the
 * main thread waits for the worker anyway), and its HTTP client is loaded only here.
 */
function startProbe(url: string, paths: string[], limits: Limits, signal?: AbortSignal): Probing {
  const stopped = new AbortController();
  // Ctrl-C stops it too, through a listener removed once it is over.
  const interrupt = () => stopped.abort(signal?.reason);
  signal?.addEventListener('abort', interrupt, { once: true });
  if (signal?.aborted) interrupt();
  const finding = import('./submit/probe.ts')
    .then(({ PROBE_TIMEOUT_MS, probeFreeCodeCamp }) => probeFreeCodeCamp(url, paths, { signal: stopped.signal, timeoutMs: Math.min(PROBE_TIMEOUT_MS, limits.timeoutMs) }))
    .finally(() => signal?.removeEventListener('abort', interrupt));
  return { finding, stop: () => stopped.abort() };
}

/**
 * Runs a step's checks against a target, one after another in file order, and
 * returns what happened. It never throws for the learner's app and prints nothing.
 */
export async function run(step: Step, given: Target, options: RunOptions): Promise<Results> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  // A folder's entry is read once here, so every check and the report name the same file.
  const target: Target = given.kind === 'dir' ? { ...given, entry: given.entry ?? readEntry(given.dir).entry } : given;
  let stale = false;
  const pool = options.pool ?? new CheckPool(1);
  const checks: CheckResult[] = [];
  const due = checksToRun(step, options.sections);
  const paths = hintPaths(due);
  const probing = target.kind === 'url' && paths.length > 0 ? startProbe(target.url, paths, limits, options.signal) : undefined;
  const add = (source: CheckSource, ended: Omit<CheckResult, 'n' | 'section' | 'text'>) => {
    const result: CheckResult = { n: checks.length + 1, section: source.section, text: source.plain, ...ended };
    checks.push(result);
    options.onCheck?.(result);
  };
  let interrupted = false;
  try {
    for (const series of seriesOf(due)) {
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      const section = series[0]!.section;
      const hintFailed = checks.some((check) => check.section === 'hints' && check.status === 'failed');
      // A folder is never run, so there is nothing to connect to.
      const skip = target.kind === 'dir' && section === 'behaviour' ? 'folder'
        : options.behaviourAfterHints && section === 'behaviour' && hintFailed ? 'hints-first'
          : undefined;
      if (skip) {
        for (const source of series) add(source, { status: 'skipped', skip, ms: 0 });
        continue;
      }
      const tasks = series.map((source) => ({ code: source.code, section, target, limits }));
      try {
        await pool.runSeries(tasks, {
          signal: options.signal,
          onEach: ({ outcome, ms }, index) => {
            stale ||= Boolean(outcome.stale);
            add(series[index]!, outcome.passed ? { status: 'passed', ...(outcome.note ? { note: outcome.note } : {}), ms } : { status: 'failed', failure: outcome.failure, ms });
          },
        });
      } catch (err) {
        if (!(err instanceof Interrupted)) throw err;
        interrupted = true;
        break;
      }
    }
  } catch (err) {
    // The kit's own error, not the app's: nothing more is asked of the app.
    probing?.stop();
    probing?.finding.catch(() => {});
    throw err;
  } finally {
    if (!options.pool) await pool.close();
  }
  // Once the hints read the app's files (each passed, or failed on the text it read): could
  // freeCodeCamp's page have read them too? Never told for an app that did not answer them
  // (the probe asked beside the hints; it is stopped, and its finding dropped).
  const hints = checks.filter((check) => check.section === 'hints');
  const hintsRead = hints.length > 0 && hints.every((check) => check.status === 'passed' || check.failure?.reason === 'assertion');
  const told = hintsRead && !interrupted;
  if (!told) probing?.stop();
  const finding = await probing?.finding;
  const freeCodeCamp = told ? finding : undefined;
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
    ...(freeCodeCamp ? { freeCodeCamp } : {}),
    ...sectionsOf(step, checks),
  };
}
