import { KitError, type Problem } from '../errors.ts';
import type { CheckSource, Step } from '../types.ts';
import { CHECK_SECTIONS } from '../types.ts';
import { readChecks } from './checks.ts';
import { readFrontMatter } from './front-matter.ts';
import { readSections } from './sections.ts';

const REQUIRED = ['id', 'title', 'challengeType', 'dashedName'] as const;

/**
 * Turns a challenge file into a Step. Every problem in the file is collected and
 * thrown once, as a KitError `step.invalid` naming the file and the lines.
 */
export function parseStep(text: string, file: string): Step {
  const problems: Problem[] = [];
  // Editors on Windows may save a byte order mark, which would hide the front matter.
  const { front, body } = readFrontMatter(text.replace(/^\uFEFF/, ''), problems);
  if (front.lines > 0) {
    for (const field of REQUIRED) {
      if (front.data[field] === undefined || front.data[field] === null || front.data[field] === '') {
        problems.push({ line: 1, key: 'step.missingField', params: { field } });
      }
    }
  }
  const sections = readSections(body, front.lines, problems);
  const byName = new Map(sections.map((s) => [s.name, s]));
  if (!byName.has('description')) problems.push({ line: front.lines + 1, key: 'step.missingSection', params: { name: 'description' } });
  if (!byName.has('hints')) problems.push({ line: front.lines + 1, key: 'step.missingSection', params: { name: 'hints' } });

  const checks: CheckSource[] = [];
  for (const name of CHECK_SECTIONS) {
    const section = byName.get(name);
    if (!section) continue;
    const before = problems.length;
    const found = readChecks(section, name, problems);
    // An empty hints section would make every app pass: say so, unless its blocks were already named.
    if (found.length === 0 && problems.length === before) problems.push({ line: section.line, key: 'step.noChecks', params: { section: name } });
    checks.push(...found);
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    throw new KitError('step.invalid', { file }, problems);
  }
  const description = ['description', 'instructions']
    .map((name) => byName.get(name)?.source ?? '')
    .filter(Boolean)
    .join('\n\n');
  return {
    file,
    id: String(front.data.id),
    title: String(front.data.title),
    dashedName: String(front.data.dashedName),
    challengeType: Number(front.data.challengeType),
    forumTopicId: front.data.forumTopicId === undefined ? undefined : Number(front.data.forumTopicId),
    description,
    checks,
  };
}
