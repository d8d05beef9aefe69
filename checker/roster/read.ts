import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { KitError } from '../errors.ts';
import { parseRoster, type Roster } from './parse.ts';

async function isFolder(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Reads and parses a roster file. A file that cannot be read is a KitError (exit 2);
 * a line naming a folder that does not exist becomes a problem of that line.
 */
export async function readRoster(file: string): Promise<Roster> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new KitError('class.cli.unreadable', { file });
  }
  const roster = parseRoster(text, path.dirname(path.resolve(file)));
  const checks = await Promise.all(roster.entries.map((entry) => (entry.target.kind === 'dir' ? isFolder(entry.target.dir) : true)));
  const missing = roster.entries.filter((_, at) => !checks[at]);
  if (missing.length === 0) return roster;
  const problems = [
    ...roster.problems,
    ...missing.map((entry) => ({ line: entry.line, code: 'no-folder' as const, params: { learner: entry.learner, dir: entry.target.kind === 'dir' ? entry.target.dir : '' } })),
  ].sort((a, b) => a.line - b.line);
  return { entries: roster.entries.filter((_, at) => checks[at]), problems };
}
