import { parse as parseYaml } from 'yaml';
import type { StepFault } from '../errors.ts';

export interface FrontMatter {
  data: Record<string, unknown>;
  /** Lines taken by the front matter block, so body lines can be numbered in the file. */
  lines: number;
}

/** Splits `---\n...\n---` off the top of a step file. */
export function readFrontMatter(text: string, faults: StepFault[]): { front: FrontMatter; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) {
    faults.push({ line: 1, key: 'step.noFrontMatter' });
    return { front: { data: {}, lines: 0 }, body: text };
  }
  const lines = match[0].split('\n').length - (match[0].endsWith('\n') ? 1 : 0);
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = parseYaml(match[1]);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
    else faults.push({ line: 2, key: 'step.badFrontMatter', params: { message: 'not a mapping' } });
  } catch (err) {
    const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? 1;
    faults.push({ line: line + 1, key: 'step.badFrontMatter', params: { message: (err as Error).message.split('\n')[0] } });
  }
  return { front: { data, lines }, body: text.slice(match[0].length) };
}
