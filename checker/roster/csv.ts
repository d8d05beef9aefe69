// RFC 4180 records (read by csv-parse) with the line each starts on, so that a roster's problems can name it.
// The separator is `,` or `;`: spreadsheets in Brazil and Italy save CSV with `;`,
// because there the comma is the decimal separator.

import { parse } from 'csv-parse/sync';

export type Delimiter = ',' | ';';

export interface CsvRecord {
  /** 1-based line of the record's first character. */
  line: number;
  fields: string[];
}

export interface CsvText {
  records: CsvRecord[];
  /** Line where a quoted field opens and never closes: nothing after it can be read. */
  unterminatedAt?: number;
}

/** A line end as csv-parse counts lines (CRLF, LF, or a lone CR). */
const LINE_END = /\r\n|\r|\n/g;

/**
 * Splits CSV text into records, with csv-parse. A field in double quotes may hold the
 * delimiter, newlines and doubled quotes (`""`); spaces before an opening quote are
 * tolerated (people type `ana, "Rossi, A."`). Blank lines, lines holding only spaces or an
 * empty field, and lines starting with `#` give no record. `maxRecords` stops early (to look
 * at the first record only).
 */
export function parseCsv(text: string, delimiter: Delimiter = ',', maxRecords = Infinity): CsvText {
  const records: CsvRecord[] = [];
  try {
    parse(text, {
      bom: true, // a spreadsheet's byte order mark is not a learner's name
      delimiter,
      record_delimiter: ['\r\n', '\n'],
      comment: '#',
      comment_no_infix: true,
      skip_empty_lines: true,
      ltrim: true,
      relax_column_count: true,
      // A quote inside a field (`an"a`, `"ana" smith`) is kept as written, not a reason to stop.
      relax_quotes: true,
      ...(Number.isFinite(maxRecords) ? { to: maxRecords } : {}),
      on_record: (record, info) => {
        if (record.length === 1 && record[0]!.trim() === '') return null;
        // csv-parse counts the line a record ends on; the roster names the one it starts on.
        const breaks = record.reduce((sum, field) => sum + (field.match(LINE_END)?.length ?? 0), 0);
        records.push({ line: info.lines - breaks, fields: record });
        return null;
      },
    });
  } catch {
    // With the options above the only error left is a quote that never closes (CSV_QUOTE_NOT_CLOSED):
    // nothing after it can be read. It opens on the first line after the last record that holds one.
    return { records, unterminatedAt: firstRecordLine(text, records.at(-1)) };
  }
  return { records };
}

/** The first line after `previous` (or from the start) that is neither blank nor a `#` comment. */
function firstRecordLine(text: string, previous: CsvRecord | undefined): number {
  const lines = text.split(LINE_END);
  let at = previous ? previous.line + previous.fields.reduce((sum, field) => sum + (field.match(LINE_END)?.length ?? 0), 0) : 0;
  while (at < lines.length && (lines[at]!.trim() === '' || lines[at]!.trimStart().startsWith('#'))) at++;
  return at + 1;
}

/**
 * The separator of a roster, from its first record (the header, or the first learner):
 * the one that splits it into the two fields a roster line has; `,` when neither does.
 */
export function detectDelimiter(text: string): Delimiter {
  const fieldsWith = (delimiter: Delimiter) => parseCsv(text, delimiter, 1).records[0]?.fields.length ?? 0;
  const comma = fieldsWith(',');
  if (comma === 2) return ',';
  const semicolon = fieldsWith(';');
  if (semicolon === 2 || semicolon > comma) return ';';
  return ',';
}

/** Separators people use by mistake, in the order they are looked for in a one-field line. */
const OTHER_SEPARATORS = ['\t', ';', ',', '|'] as const;

/** The separator a one-field line seems to use instead of `expected`, if any. */
export function seenSeparator(field: string, expected: Delimiter): string | undefined {
  return OTHER_SEPARATORS.find((separator) => separator !== expected && field.includes(separator));
}
