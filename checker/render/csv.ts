import { stringify } from 'csv-stringify/sync';
import type { Delimiter } from '../roster/csv.ts';
import { boundClass } from '../roster/bounds.ts';
import { translator, type Translate } from '../i18n/index.ts';
import type { ClassResults } from '../types.ts';
import { stripControls } from '../text/clean.ts';
import { failureMessage } from './words.ts';

/** Excel reads a CSV file as UTF-8 only when it starts with this mark; without it "João" shows as "JoÃ£o". */
export const BOM = '\ufeff';

/**
 * csv-stringify writes RFC 4180: a field holding the delimiter, a quote or a line break is
 * quoted, quotes doubled; with `escape_formulas`, a text starting like a formula (`=`, `+`,
 * `-`, `@`, a tab or a carriage return, and their full-width forms) gets a leading `'`, so
 * a learner's name never runs as a formula in the instructor's spreadsheet. Before that,
 * control characters other than line breaks and tabs go (an app's ESC or U+202E would act
 * on the terminal that shows the file with `cat`), and `true`/`false` stay words
 * (csv-stringify's own default writes `1` and an empty field).
 */
const options = (delimiter: Delimiter) =>
  ({
    delimiter,
    record_delimiter: '\r\n',
    escape_formulas: true,
    // A lone \n or \r in a field is quoted too (not only \r\n): spreadsheets read either as a line break.
    quote_record_delimiter: true,
    cast: { string: stripControls, boolean: String },
  }) as const;

/** One field as it appears in the file (quoted when it must be). */
export function csvField(value: string | number | boolean, delimiter: Delimiter = ','): string {
  return csvRow([value], delimiter);
}

/** One record, without its line break. */
export function csvRow(fields: readonly (string | number | boolean)[], delimiter: Delimiter = ','): string {
  return stringify([fields as (string | number | boolean)[]], options(delimiter)).slice(0, -2);
}

/**
 * The class as a spreadsheet: one row per learner, in roster order; for each check
 * its status (`passed`, `failed`, `skipped`) and, when failed, its reason code; then
 * `message`, what the first failed check says (in the report's language); a column
 * `freecodecamp_readable` (`true`, `false`, or empty when not asked: a folder, an app
 * that did not answer); with --shard, two columns `shard` and `shards` (numbers: a spreadsheet reads `2/4` as a date). Column names are stable English identifiers,
 * whatever the report's language. UTF-8 with a byte order mark, lines ending in CRLF.
 */
export function renderCsv(given: ClassResults, delimiter: Delimiter = ',', t: Translate = translator(given.lang)): string {
  const results = boundClass(given);
  // reduce, not Math.max(...spread): a spread of a very large class overflows the stack.
  const checks = results.learners.reduce((most, learner) => Math.max(most, learner.results.checks.length), 0);
  const { shard } = results;
  const header = ['learner', 'line', 'target', 'passed', 'passed_checks', 'checks'];
  for (let n = 1; n <= checks; n++) header.push(`check_${n}`, `reason_${n}`);
  header.push('message');
  header.push('freecodecamp_readable');
  if (shard) header.push('shard', 'shards');
  // Last, so every earlier column keeps its place: the sections that ran ("hints" alone for a folder).
  header.push('sections_run');
  const rows: (string | number | boolean)[][] = [header];
  for (const { learner, line, results: own } of results.learners) {
    const row: (string | number | boolean)[] = [
      learner,
      line,
      own.target,
      own.passed,
      own.checks.filter((check) => check.status === 'passed').length,
      own.checks.length,
    ];
    for (let n = 1; n <= checks; n++) {
      const check = own.checks[n - 1];
      row.push(check?.status ?? '', check?.failure?.reason ?? '');
    }
    const failed = own.checks.find((check) => check.status === 'failed');
    row.push((failed && failureMessage(failed, t)) ?? '');
    row.push(own.freeCodeCamp ? own.freeCodeCamp.readable : '');
    if (shard) row.push(shard.index, shard.count);
    row.push((own.sectionsRun ?? []).join(' '));
    rows.push(row);
  }
  return BOM + stringify(rows, options(delimiter));
}
