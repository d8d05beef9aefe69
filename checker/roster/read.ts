import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { KitError } from '../errors.ts';
import { isFolder } from '../paths.ts';
import { parseRoster, type Roster } from './parse.ts';

/**
 * A roster's bytes as text: UTF-8 when they are valid UTF-8, otherwise Windows-1252,
 * which is what Excel's plain "CSV" saves on Windows in Brazil and Italy (so "João"
 * stays "João" instead of "Jo�o").
 */
export function decodeRoster(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Largest roster read: some 100,000 lines, far more than a class. */
export const MAX_ROSTER_BYTES = 8 * 1024 * 1024;

/**
 * The roster's bytes, at most MAX_ROSTER_BYTES. Read as a stream, so that a roster given
 * as `<(command)` (a pipe) works, and an endless one (`/dev/zero`) stops at the cap.
 */
async function readCapped(file: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > MAX_ROSTER_BYTES) throw new KitError('class.cli.rosterTooLarge', { file, limit: MAX_ROSTER_BYTES });
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof KitError) throw err;
    throw new KitError('class.cli.unreadable', { file });
  }
  return Buffer.concat(chunks);
}

/**
 * Reads and parses a roster file. A file that cannot be read is a KitError (exit 2);
 * a line naming a folder that does not exist becomes a problem of that line.
 */
export async function readRoster(file: string): Promise<Roster> {
  const bytes = await readCapped(file);
  const roster = { ...parseRoster(decodeRoster(bytes), path.dirname(path.resolve(file))), sha256: createHash('sha256').update(bytes).digest('hex') };
  const checks = roster.entries.map((entry) => (entry.target.kind === 'dir' ? isFolder(entry.target.dir) : true));
  const missing = roster.entries.filter((_, at) => !checks[at]);
  if (missing.length === 0) return roster;
  const problems = [
    ...roster.problems,
    ...missing.map((entry) => ({ line: entry.line, code: 'no-folder' as const, params: { learner: entry.learner, dir: entry.target.kind === 'dir' ? entry.target.dir : '' } })),
  ].sort((a, b) => a.line - b.line);
  return { ...roster, entries: roster.entries.filter((_, at) => checks[at]), problems };
}
