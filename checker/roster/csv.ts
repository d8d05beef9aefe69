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

/**
 * Line numbers over the UTF-8 bytes csv-parse reads. Its own count is not used: it counts
 * a line break inside a quoted field twice when it is CRLF.
 */
class Lines {
  private readonly bytes: Buffer;
  private at = 0;
  private line = 1;

  constructor(text: string) {
    this.bytes = Buffer.from(text);
  }

  /** The line of the next record, past blank lines and `#` comments (which csv-parse skipped). */
  nextRecord(): number {
    for (;;) {
      const end = this.bytes.indexOf(0x0a, this.at);
      if (end < 0 || !skipped(this.bytes.subarray(this.at, end))) return this.line;
      this.at = end + 1;
      this.line++;
    }
  }

  /** Moves to byte `offset`, where csv-parse says a record ended. */
  moveTo(offset: number): void {
    for (let end = this.bytes.indexOf(0x0a, this.at); end >= 0 && end < offset; end = this.bytes.indexOf(0x0a, end + 1)) this.line++;
    this.at = offset;
  }
}

const SPACE = new Set([0x20, 0x09, 0x0d, 0xef, 0xbb, 0xbf]); // spaces, tab, CR, a byte order mark's bytes

/** A line csv-parse gives no record for: blank, or a `#` comment (after spaces). */
function skipped(line: Buffer): boolean {
  for (const byte of line) if (!SPACE.has(byte)) return byte === 0x23;
  return true;
}

/**
 * Splits CSV text into records, with csv-parse. A field in double quotes may hold the
 * delimiter, newlines and doubled quotes (`""`); spaces before an opening quote are
 * tolerated (people type `ana, "Rossi, A."`). Blank lines, lines holding only spaces or an
 * empty field, and lines starting with `#` give no record. `maxRecords` stops early (to look
 * at the first record only).
 */
export function parseCsv(text: string, delimiter: Delimiter = ',', maxRecords = Infinity): CsvText {
  const records: CsvRecord[] = [];
  const lines = new Lines(text);
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
        const line = lines.nextRecord();
        lines.moveTo(info.bytes);
        if (!(record.length === 1 && record[0]!.trim() === '')) records.push({ line, fields: record });
        return null;
      },
    });
  } catch {
    // With the options above the only error left is a quote that never closes (CSV_QUOTE_NOT_CLOSED):
    // nothing after it can be read. It opens on the record after the last one read.
    return { records, unterminatedAt: lines.nextRecord() };
  }
  return { records };
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
