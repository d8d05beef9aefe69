import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { KitError } from '../errors.ts';
import { translator, type Translate } from '../i18n/index.ts';
import { renderClassJson } from '../render/class-json.ts';
import { paintFor } from '../render/colour.ts';
import { checksPerLearner, concurrencyFor, runClass } from '../roster/class.ts';
import { ProgressBar } from '../roster/progress.ts';
import { readRoster } from '../roster/read.ts';
import { shardRoster } from '../roster/shard.ts';
import type { CheckPool } from '../run/pool.ts';
import type { ClassResults, Step } from '../types.ts';
import type { CliOptions } from './args.ts';
import { INTERRUPTED, type Io } from './io.ts';
import { runOptionsOf } from './run-options.ts';

/** A report file asked for on the command line, and how to make its text. */
export interface ReportFile {
  file: string;
  /** The file's text; a promise when its renderer loads on first use (csv-stringify, the XML builder). */
  render: (results: ClassResults) => string | Promise<string>;
}

const exists = (file: string) => stat(file).then((s) => s, () => undefined);

/**
 * A report must have somewhere to go, found out before the class runs, not after: not a
 * folder, in a folder that exists and can be written, and not the roster or another
 * report (which it would overwrite).
 */
export async function checkReportPath(file: string, taken: readonly string[]): Promise<void> {
  const full = path.resolve(file);
  if (taken.includes(full)) throw new KitError('class.cli.sameFile', { file });
  if ((await exists(full))?.isDirectory()) throw new KitError('class.cli.reportIsFolder', { file });
  const dir = path.dirname(full);
  if (!(await exists(dir))?.isDirectory()) throw new KitError('class.cli.reportNoFolder', { file, dir });
  const writable = await access((await exists(full)) ? full : dir, constants.W_OK).then(() => true, () => false);
  if (!writable) throw new KitError('class.cli.cannotWrite', { file, reason: 'EACCES' });
}

/** Why an output failed, in a few words: a system error's code, else the error's own first line. */
function reasonOf(err: unknown): string {
  const { code, name, message } = (err ?? {}) as { code?: string; name?: string; message?: string };
  return code ?? `${name ?? 'Error'}: ${String(message ?? err).split('\n')[0]}`;
}

/**
 * The terminal table's renderer, loaded when a table is printed: string-width, which it
 * asks about names that are not plain ASCII, costs a --json class ~35 ms of the main
 * thread at load (its Intl.Segmenter), as csv-stringify and the XML builder would.
 */
export const loadTable = () => import('../render/table.ts').then((module) => module.renderTable);

/**
 * Prints the report on stdout, then writes each report file. Each output is rendered and
 * written on its own: one that fails is named in one line on stderr and the others are
 * still written. Returns whether every output was written.
 */
export async function writeReports(results: ClassResults, files: readonly ReportFile[], stdout: () => string | Promise<string>, io: Io, t: Translate): Promise<boolean> {
  let ok = true;
  try {
    io.stdout.write((await stdout()) + '\n');
  } catch (err) {
    io.stderr.write(`check: ${t('class.cli.cannotPrint', { reason: reasonOf(err) })}\n`);
    ok = false;
  }
  for (const { file, render } of files) {
    try {
      await writeFile(file, await render(results), 'utf8');
    } catch (err) {
      io.stderr.write(`check: ${t('class.cli.cannotWrite', { file, reason: reasonOf(err) })}\n`);
      ok = false;
    }
  }
  return ok;
}

/**
 * `check --roster FILE`: every learner of a class (or of one --shard), on one shared pool
 * of workers. The report is printed whatever happens to the report files, and each file
 * is written whatever happens to the others. Exit status:
 *   0   every roster line was checked, whatever the learners' results;
 *   1   some lines could not be checked (reported with their line numbers);
 *   2   the roster could not be read, a report could not be written, or the checker
 *       failed on a learner (a bug of its own);
 *   130 Ctrl-C: what finished is reported, the rest is listed as not checked.
 */
export async function classMain(options: CliOptions, step: Step, io: Io, signal?: AbortSignal, warm?: CheckPool): Promise<number> {
  const t = translator(options.lang);
  const rosterFile = options.roster!;
  const taken = [path.resolve(rosterFile)];
  const files: ReportFile[] = [];
  const asked: [string | undefined, ReportFile['render']][] = [
    // Each writer's library loads only for a class that asked for its file (csv-stringify, the XML builder: ~80 ms).
    [options.csv, async (results) => (await import('../render/csv.ts')).renderCsv(results, options.csvDelimiter, t)],
    [options.junit, async (results) => (await import('../render/junit.ts')).renderJunit(results, t)],
  ];
  for (const [file, render] of asked) {
    if (file === undefined) continue;
    await checkReportPath(file, taken);
    taken.push(path.resolve(file));
    files.push({ file, render });
  }
  const whole = await readRoster(rosterFile);
  if (whole.entries.length === 0 && whole.problems.length === 0) throw new KitError('class.cli.empty', { file: rosterFile });
  // An empty shard is not an error: a roster shorter than the CI matrix leaves some idle.
  const roster = options.shard ? shardRoster(whole, options.shard) : whole;
  const cores = availableParallelism();
  const concurrency = concurrencyFor(options.concurrency, cores, roster.entries.some((entry) => entry.target.kind === 'url'));
  if (concurrency.clamped) io.stderr.write(`check: ${t('class.cli.concurrencyClamped', { asked: options.concurrency, used: concurrency.used, cores })}\n`);
  const { lang, limits, sections } = runOptionsOf(options);
  const progress = new ProgressBar(io.stderr, t, roster.entries.length, roster.entries.length * checksPerLearner(step, sections));
  if (roster.entries.length > 0) progress.start();
  let results: ClassResults;
  try {
    results = await runClass(step, roster.entries, roster.problems, {
      lang,
      limits,
      sections,
      concurrency: concurrency.used,
      // Workers already loading, when there are as many as the class will use.
      pool: warm?.size === concurrency.used ? warm : undefined,
      onProgress: (event) => (event.done ? progress.learner() : progress.check()),
      signal,
    });
  } finally {
    progress.clear();
  }
  if (options.shard) results = { ...results, shard: options.shard };
  results = { ...results, rosterSha256: whole.sha256 };
  const stdout = async () => (options.json ? renderClassJson(results, t) : (await loadTable())(results, t, paintFor(io.stdout, io.env), step.title));
  const written = await writeReports(results, files, stdout, io, t);
  if (results.problems.some((problem) => problem.code === 'interrupted')) return INTERRUPTED;
  if (!written || results.problems.some((problem) => problem.code === 'error')) return 2;
  return results.problems.length > 0 ? 1 : 0;
}
