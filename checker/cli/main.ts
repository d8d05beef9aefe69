import pkg from '../../package.json' with { type: 'json' };
import { describeError, KitError } from '../errors.ts';
import { translator, type Translate } from '../i18n/index.ts';
import { paintFor } from '../render/colour.ts';
import { renderJson } from '../render/json.ts';
import { renderText } from '../render/text.ts';
import { DEFAULT_CONCURRENCY } from '../roster/class.ts';
import { CheckPool } from '../run/pool.ts';
import { run } from '../run/run.ts';
import { courseSteps, loadStep } from '../step/course.ts';
import { parseCli, safeLangOf, type CliOptions } from './args.ts';
import { forgottenDashes } from './npm-args.ts';
import { INTERRUPTED, type Io } from './io.ts';
import { courseLine } from './next-step.ts';
import { runOptionsOf } from './run-options.ts';

/** The help, whatever state the steps are in: a broken step file must not hide how to use the tool. */
async function helpText(options: CliOptions, t: Translate): Promise<string> {
  let steps: string[] = [];
  let title = options.step ?? '';
  try {
    steps = courseSteps();
    title = (await loadStep(options.step, options.lang)).title;
  } catch {
    title ||= steps[0] ?? '';
  }
  return t('cli.help', { title, steps: steps.join(', '), lang: options.lang, concurrency: DEFAULT_CONCURRENCY });
}

/** One app or folder, checked once. */
async function checkOnce(options: CliOptions, io: Io, signal?: AbortSignal, warm?: CheckPool): Promise<number> {
  const t = translator(options.lang);
  const pool = warm ?? new CheckPool(1);
  // The worker loads its modules while this thread reads the step file.
  pool.warm();
  try {
    const step = await loadStep(options.step, options.lang);
    if (options.watch) return await (await import('./watch.ts')).watchMain(options, step, io, pool, signal);
    const results = await run(step, options.target, {
      ...runOptionsOf(options),
      pool,
      signal,
    });
    const out = options.json ? renderJson(results, t) : renderText(results, t, paintFor(io.stdout, io.env), step.title);
    io.stdout.write(out + '\n');
    if (!options.json && results.passed && !results.interrupted) {
      const line = await courseLine(options);
      if (line) io.stdout.write(`\n${line}\n`);
    }
    if (results.interrupted) return INTERRUPTED;
    return results.passed ? 0 : 1;
  } finally {
    if (!warm) await pool.close();
  }
}

/**
 * The `check` command. Returns the exit status: 0 passed, 1 a check failed, 2 could
 * not run (one line on stderr, never a stack trace), 130 interrupted by `signal`.
 * `warm` is a pool the caller started early (and closes): one worker for a single check,
 * the default number for a class.
 */
export async function main(argv: readonly string[], io: Io, signal?: AbortSignal, warm?: CheckPool): Promise<number> {
  const t = translator(safeLangOf(argv, io.env));
  const forgot = forgottenDashes(argv, io.env);
  if (forgot) {
    // npm took the options: checking anyway would check the wrong thing (http://pt-br/) or ignore them.
    io.stderr.write(`check: ${translator(forgot.lang ?? safeLangOf(argv, io.env))('daily.forgotDashes', { command: forgot.command })}\n`);
    return 2;
  }
  try {
    const options = parseCli(argv, io.env);
    const tl = translator(options.lang);
    if (options.version) {
      io.stdout.write(tl('cli.version', { version: pkg.version, node: process.versions.node }) + '\n');
      return 0;
    }
    if (options.help) {
      io.stdout.write((await helpText(options, tl)) + '\n');
      return 0;
    }
    if (options.watch && options.json) throw new KitError('cli.watchAndJson');
    // Reports already written: no step to load, nothing to run.
    if (options.merge) return await (await import('./merge-main.ts')).mergeMain(options, io);
    if (options.roster !== undefined) {
      const step = await loadStep(options.step, options.lang);
      // A class's renderers (JUnit, CSV, Markdown sentences) load only for a class.
      return await (await import('./class-main.ts')).classMain(options, step, io, signal, warm);
    }
    return await checkOnce(options, io, signal, warm);
  } catch (err) {
    const line = err instanceof KitError ? describeError(err, t) : t('cli.internal', { message: String((err as Error)?.message ?? err) });
    io.stderr.write(`check: ${line}\n`);
    // A bug of the kit's own: its stack only when asked for, so learners see one line.
    if (!(err instanceof KitError) && io.env.KIT_DEBUG) io.stderr.write(`${(err as Error)?.stack}\n`);
    return 2;
  }
}
