import { createReadStream } from 'node:fs';
import path from 'node:path';
import { KitError } from '../errors.ts';
import { translator } from '../i18n/index.ts';
import { renderClassJson } from '../render/class-json.ts';
import { paintFor } from '../render/colour.ts';
import { renderCsv } from '../render/csv.ts';
import { renderJunit } from '../render/junit.ts';
import { mergeReports, type ReportText } from '../roster/merge.ts';
import { loadStep } from '../step/course.ts';
import type { CliOptions } from './args.ts';
import { checkReportPath, loadTable, writeReports, type ReportFile } from './class-main.ts';
import type { Io } from './io.ts';

/** Largest report read: a class JSON of some thousands of learners; an endless file stops here. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

async function readReport(file: string): Promise<ReportText> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > MAX_REPORT_BYTES) throw new KitError('daily.merge.tooLarge', { file, limit: MAX_REPORT_BYTES });
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof KitError) throw err;
    throw new KitError('daily.merge.unreadable', { file });
  }
  return { file, text: Buffer.concat(chunks).toString('utf8') };
}

/**
 * `check --merge FILE...`: the class JSON reports of one roster's shards as one class, in
 * the reports' language (their messages are already written in it). Exit status as a
 * class's: 0 every roster line was checked, 1 some were not, 2 the reports could not be
 * merged (one line naming the file) or a report could not be written.
 */
export async function mergeMain(options: CliOptions, io: Io): Promise<number> {
  const files = options.merge!;
  const taken = files.map((file) => path.resolve(file));
  const asked: [string | undefined, 'csv' | 'junit'][] = [
    [options.csv, 'csv'],
    [options.junit, 'junit'],
  ];
  const outputs: [string, 'csv' | 'junit'][] = [];
  for (const [file, kind] of asked) {
    if (file === undefined) continue;
    await checkReportPath(file, taken);
    taken.push(path.resolve(file));
    outputs.push([file, kind]);
  }
  const reports: ReportText[] = [];
  for (const file of files) reports.push(await readReport(file));
  const results = mergeReports(reports);
  const t = translator(results.lang);
  let title = results.step;
  try {
    title = (await loadStep(results.step, results.lang)).title;
  } catch {
    // A step this kit does not have: its name will do for a heading.
  }
  const reportFiles: ReportFile[] = outputs.map(([file, kind]) => ({
    file,
    render: kind === 'csv' ? (merged) => renderCsv(merged, options.csvDelimiter, t) : (merged) => renderJunit(merged, t),
  }));
  const stdout = async () => (options.json ? renderClassJson(results, t) : (await loadTable())(results, t, paintFor(io.stdout, io.env), title));
  const written = await writeReports(results, reportFiles, stdout, io, t);
  if (!written || results.problems.some((problem) => problem.code === 'error')) return 2;
  return results.problems.length > 0 ? 1 : 0;
}
