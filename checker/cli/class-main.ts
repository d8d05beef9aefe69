import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KitError } from '../errors.ts';
import { translator } from '../i18n/index.ts';
import { renderClassJson } from '../render/class-json.ts';
import { paintFor } from '../render/colour.ts';
import { renderCsv } from '../render/csv.ts';
import { renderJunit } from '../render/junit.ts';
import { renderTable } from '../render/table.ts';
import { checksPerLearner, runClass } from '../roster/class.ts';
import { ProgressBar } from '../roster/progress.ts';
import { readRoster } from '../roster/read.ts';
import type { Step } from '../types.ts';
import type { CliOptions } from './args.ts';
import type { Io } from './io.ts';

/** A report file must have a folder to go to: found out before the class runs, not after. */
async function checkWritable(file: string | undefined): Promise<void> {
  if (file === undefined) return;
  const dir = path.dirname(path.resolve(file));
  const ok = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!ok) throw new KitError('class.cli.cannotWrite', { file });
}

async function write(file: string | undefined, text: string): Promise<void> {
  if (file === undefined) return;
  try {
    await writeFile(file, text, 'utf8');
  } catch {
    throw new KitError('class.cli.cannotWrite', { file });
  }
}

/**
 * `check --roster FILE`: every learner of a class, one shared pool of workers. Exit
 * status: 0 every roster line was checked (whatever the learners' results), 1 some
 * lines could not be checked (reported with their line numbers), 2 the roster could
 * not be read or a report could not be written.
 */
export async function classMain(options: CliOptions, step: Step, io: Io, signal?: AbortSignal): Promise<number> {
  const t = translator(options.lang);
  const roster = await readRoster(options.roster!);
  if (roster.entries.length === 0 && roster.problems.length === 0) throw new KitError('class.cli.empty', { file: options.roster! });
  await checkWritable(options.csv);
  await checkWritable(options.junit);
  const sections = options.hintsOnly ? (['hints'] as const) : undefined;
  const progress = new ProgressBar(io.stderr, t, roster.entries.length, roster.entries.length * checksPerLearner(step, sections));
  if (roster.entries.length > 0) progress.start();
  const results = await runClass(step, roster.entries, roster.problems, {
    lang: options.lang,
    limits: { timeoutMs: options.timeoutMs },
    sections,
    concurrency: options.concurrency,
    onProgress: (event) => (event.done ? progress.learner() : progress.check()),
    signal,
  });
  progress.clear();
  await write(options.csv, renderCsv(results));
  await write(options.junit, renderJunit(results, t));
  const out = options.json ? renderClassJson(results, t) : renderTable(results, t, paintFor(io.stdout, io.env), step.title);
  io.stdout.write(out + '\n');
  return results.problems.length > 0 ? 1 : 0;
}
