import { cleanText } from '../text/clean.ts';
import { stepMarkdown } from './markdown.ts';

/** A check's Markdown sentence as plain text: `code` keeps its text, markup goes. */
export function plainText(markdown: string): string {
  const out: string[] = [];
  for (const block of stepMarkdown().parse(markdown, {})) {
    if (block.type !== 'inline') continue;
    if (out.length > 0) out.push(' ');
    for (const token of block.children ?? []) {
      if (token.type === 'text' || token.type === 'code_inline') out.push(token.content);
      else if (token.type === 'softbreak' || token.type === 'hardbreak') out.push(' ');
    }
  }
  return cleanText(out.join('').trim());
}
