// RFC 4180 records with the line each starts on, so that a roster's problems can name it.
// The separator is `,` or `;`: spreadsheets in Brazil and Italy save CSV with `;`,
// because there the comma is the decimal separator.

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
 * Splits CSV text into records. A field in double quotes may hold the delimiter,
 * newlines and doubled quotes (`""`). Blank lines and lines starting with `#` give no
 * record. `maxRecords` stops early (to look at the first record only).
 */
export function parseCsv(text: string, delimiter: Delimiter = ',', maxRecords = Infinity): CsvText {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a spreadsheet's byte order mark is not a learner's name
  let line = 1;
  while (i < text.length && records.length < maxRecords) {
    const start = line;
    const eol = text.indexOf('\n', i);
    const physical = text.slice(i, eol < 0 ? text.length : eol);
    if (physical.trim() === '' || physical.trimStart().startsWith('#')) {
      i = eol < 0 ? text.length : eol + 1;
      line++;
      continue;
    }
    const fields: string[] = [];
    let field = '';
    let quoteLine = 0;
    let ended = false;
    while (!ended) {
      const c = text[i];
      if (c === undefined) {
        ended = true;
      } else if (quoteLine) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (c === '"') {
          quoteLine = 0;
        } else {
          if (c === '\n') line++;
          field += c;
        }
        i++;
      } else if (c === '"' && field.trim() === '') {
        // Spaces before an opening quote are tolerated: people type `ana, "Rossi, A."`.
        quoteLine = line;
        field = '';
        i++;
      } else if (c === delimiter) {
        fields.push(field);
        field = '';
        i++;
      } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
        i += c === '\r' ? 2 : 1;
        line++;
        ended = true;
      } else {
        field += c;
        i++;
      }
      if (c === undefined && quoteLine) return { records, unterminatedAt: quoteLine };
    }
    fields.push(field);
    records.push({ line: start, fields });
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
