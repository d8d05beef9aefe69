import path from 'node:path';
import { KitError, type StepFault } from '../errors.ts';
import type { CheckSource, Step } from '../types.ts';
import { CHECK_SECTIONS } from '../types.ts';
import { readChecks } from './checks.ts';
import { readFrontMatter } from './front-matter.ts';
import { readSections } from './sections.ts';

const REQUIRED = ['id', 'title', 'challengeType'] as const;

/** A challenge's id, as freeCodeCamp names some files: not a name to show. */
const OBJECT_ID = /^[0-9a-f]{24}$/i;

/**
 * `dashedName` for files whose front matter lacks it (freeCodeCamp's older files): the
 * file's name when it is a dashed name, else the title made into one.
 */
export function dashedNameOf(file: string, title: string): string {
  const base = path.basename(file).replace(/\.mdx?$/i, '');
  if (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(base) && !OBJECT_ID.test(base)) return base;
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * Turns a challenge file (`.md`, or `.mdx` as freeCodeCamp also names them) into a Step. Every fault in the file is collected and
 * thrown once, as a KitError `step.invalid` naming the file and the lines.
 */
export function parseStep(text: string, file: string): Step {
  const faults: StepFault[] = [];
  // Editors on Windows may save a byte order mark, which would hide the front matter.
  const { front, body } = readFrontMatter(text.replace(/^\uFEFF/, ''), faults);
  if (front.lines > 0) {
    for (const field of REQUIRED) {
      if (!present(front.data[field])) {
        faults.push({ line: 1, key: 'step.missingField', params: { field } });
      }
    }
  }
  const sections = readSections(body, front.lines, faults);
  const byName = new Map(sections.map((s) => [s.name, s]));
  if (!byName.has('description')) faults.push({ line: front.lines + 1, key: 'step.missingSection', params: { name: 'description' } });
  if (!byName.has('hints')) faults.push({ line: front.lines + 1, key: 'step.missingSection', params: { name: 'hints' } });

  const checks: CheckSource[] = [];
  for (const name of CHECK_SECTIONS) {
    const section = byName.get(name);
    if (!section) continue;
    const before = faults.length;
    const found = readChecks(section, name, faults);
    // An empty hints section would make every app pass: say so, unless its blocks were already named.
    if (found.length === 0 && faults.length === before) faults.push({ line: section.line, key: 'step.noChecks', params: { section: name } });
    checks.push(...found);
  }
  if (faults.length > 0) {
    faults.sort((a, b) => a.line - b.line);
    throw new KitError('step.invalid', { file }, faults);
  }
  const description = ['description', 'instructions']
    .map((name) => byName.get(name)?.source ?? '')
    .filter(Boolean)
    .join('\n\n');
  return {
    file,
    id: String(front.data.id),
    title: String(front.data.title),
    dashedName: present(front.data.dashedName) ? String(front.data.dashedName) : dashedNameOf(file, String(front.data.title)),
    challengeType: Number(front.data.challengeType),
    forumTopicId: front.data.forumTopicId === undefined ? undefined : Number(front.data.forumTopicId),
    description,
    checks,
  };
}
