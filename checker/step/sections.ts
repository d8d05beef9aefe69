import type { StepFault } from '../errors.ts';
import { stepMarkdown } from './markdown.ts';

/** Section names freeCodeCamp challenge files use, plus ours (`behaviour`). */
export const KNOWN_SECTIONS = new Set([
  'description', 'instructions', 'hints', 'behaviour', 'solutions', 'seed', 'notes',
  'questions', 'assignment', 'assignments', 'transcript', 'explanation', 'scene',
  'interactive', 'before-all', 'before-each', 'after-all', 'after-each', 'video-solution',
]);

export interface MarkdownSection {
  name: string;
  /** 1-based file line of the `# --name--` heading. */
  line: number;
  /** The section's own source text (between its heading and the next). */
  source: string;
  /** Top-level blocks in order: paragraphs, lists... as source text, code fences as code. */
  blocks: Block[];
}

export interface Block {
  kind: 'text' | 'code';
  /** 1-based file line where the block starts. */
  line: number;
  /** Source Markdown for text; the fence's content for code. */
  content: string;
  /** A fence's info string (`js`); empty for text. */
  info: string;
}

/**
 * Cuts a challenge body into its `# --name--` sections. `offset` is the number of
 * file lines before the body (the front matter), so faults name real lines.
 */
export function readSections(body: string, offset: number, faults: StepFault[]): MarkdownSection[] {
  const lines = body.split('\n');
  const tokens = stepMarkdown().parse(body, {});
  const sections: MarkdownSection[] = [];
  let current: (MarkdownSection & { start: number }) | undefined;
  const close = (end: number) => {
    if (current) current.source = lines.slice(current.start, end).join('\n').trim();
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.level !== 0 || !token.map) continue;
    if (token.type === 'heading_open' && token.tag === 'h1') {
      const title = tokens[i + 1]?.content.trim() ?? '';
      const name = /^--([a-z0-9-]+)--$/.exec(title)?.[1];
      if (name) {
        close(token.map[0]);
        const line = token.map[0] + 1 + offset;
        if (!KNOWN_SECTIONS.has(name)) faults.push({ line, key: 'step.unknownSection', params: { name } });
        if (sections.some((s) => s.name === name)) faults.push({ line, key: 'step.duplicateSection', params: { name } });
        current = { name, line, source: '', blocks: [], start: token.map[1] };
        sections.push(current);
        i += 2; // skip the inline and heading_close tokens
        continue;
      }
    }
    if (current) {
      const code = token.type === 'fence' || token.type === 'code_block';
      current.blocks.push({
        kind: code ? 'code' : 'text',
        line: token.map[0] + 1 + offset,
        content: code ? token.content : lines.slice(token.map[0], token.map[1]).join('\n').trim(),
        info: token.info.trim(),
      });
    }
    else if (token.type !== 'html_block' || !/^<!--/.test(token.content)) {
      faults.push({ line: token.map[0] + 1 + offset, key: 'step.textOutsideSection' });
    }
  }
  close(lines.length);
  return sections;
}
