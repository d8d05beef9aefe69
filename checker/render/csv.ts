import type { ClassResults } from '../types.ts';

/**
 * RFC 4180: a field holding a comma, a quote or a line break is quoted, quotes doubled.
 * A text starting like a formula (`=`, `+`, `-`, `@`) gets a leading `'`, so a learner's
 * name never runs as a formula in the instructor's spreadsheet.
 */
export function csvField(value: string | number | boolean): string {
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(fields: readonly (string | number | boolean)[]): string {
  return fields.map(csvField).join(',');
}

/**
 * The class as a spreadsheet: one row per learner, in roster order; for each check
 * its status (`passed`, `failed`, `skipped`) and, when failed, its reason code.
 * Column names are stable English identifiers, whatever the report's language.
 */
export function renderCsv(results: ClassResults): string {
  const checks = Math.max(0, ...results.learners.map((learner) => learner.results.checks.length));
  const header = ['learner', 'line', 'target', 'passed', 'passed_checks', 'checks'];
  for (let n = 1; n <= checks; n++) header.push(`check_${n}`, `reason_${n}`);
  const rows = [csvRow(header)];
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
    rows.push(csvRow(row));
  }
  return rows.map((row) => row + '\r\n').join('');
}
