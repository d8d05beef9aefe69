import type { StepFault } from '../errors.ts';
import type { CheckSection, CheckSource } from '../types.ts';
import { plainText } from './plain.ts';
import type { MarkdownSection } from './sections.ts';

const JS_FENCES = new Set(['js', 'javascript']);

/**
 * Reads a check section as pairs: a sentence (one or more text blocks) followed by
 * one `js` code block. Anything else is a fault at its line.
 */
export function readChecks(section: MarkdownSection, name: CheckSection, faults: StepFault[]): CheckSource[] {
  const checks: CheckSource[] = [];
  let sentence: { text: string[]; line: number } | undefined;
  for (const block of section.blocks) {
    if (block.kind === 'text') {
      sentence ??= { text: [], line: block.line };
      sentence.text.push(block.content);
      continue;
    }
    if (!sentence) {
      faults.push({ line: block.line, key: 'step.codeWithoutText', params: { section: name } });
      continue;
    }
    if (!JS_FENCES.has(block.info.split(/\s+/)[0])) {
      faults.push({ line: block.line, key: 'step.fenceLanguage', params: { lang: block.info || '-' } });
    }
    const text = sentence.text.join('\n\n');
    checks.push({ section: name, text, plain: plainText(text), code: block.content, line: block.line });
    sentence = undefined;
  }
  if (sentence) faults.push({ line: sentence.line, key: 'step.textWithoutCode', params: { section: name } });
  return checks;
}
