import type { Translate } from '../i18n/index.ts';
import { cleanLine, cleanText } from '../text/clean.ts';
import { PLAIN, type Paint } from '../render/colour.ts';
import type { FileChange } from './files.ts';

export interface CompareNames {
  from: string;
  to: string;
}

/**
 * What an instructor shows in class: each changed file as a line diff (hunks with
 * three lines of context, `+` added, `-` removed), then the files that did not change.
 */
export function renderCompare(changes: readonly FileChange[], names: CompareNames, t: Translate, paint: Paint = PLAIN): string {
  const lines = [paint.bold(t('compare.heading', { ...names }))];
  for (const change of changes) {
    if (change.status === 'same') continue;
    lines.push('');
    if (change.status === 'only-from') lines.push(paint.bold(t('compare.onlyIn', { file: change.file, dir: names.from })));
    else if (change.status === 'only-to') lines.push(paint.bold(t('compare.onlyIn', { file: change.file, dir: names.to })));
    else if (change.status === 'binary') lines.push(paint.bold(t('compare.binary', { file: change.file })));
    else {
      lines.push(paint.bold(t('compare.changed', { file: change.file, added: change.added, removed: change.removed })));
      for (const hunk of change.hunks) {
        lines.push(paint.dim(`@@ -${hunk.fromLine},${hunk.fromCount} +${hunk.toLine},${hunk.toCount} @@`));
        for (const line of hunk.lines) {
          if (line.op === 'added') lines.push(paint.green(`+ ${cleanLine(line.text)}`));
          else if (line.op === 'removed') lines.push(paint.red(`- ${cleanLine(line.text)}`));
          else lines.push(paint.dim(`  ${cleanLine(line.text)}`));
        }
      }
    }
  }
  const same = changes.filter((change) => change.status === 'same').map((change) => change.file);
  const differ = changes.length - same.length;
  lines.push('');
  if (differ === 0) lines.push(t('compare.none'));
  if (same.length > 0) lines.push(t('compare.unchanged', { count: same.length }), ...same.map((file) => paint.dim(`  ${cleanText(file)}`)));
  return lines.join('\n');
}
