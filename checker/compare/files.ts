import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hunks, type Hunk } from './diff.ts';

/** Folders an app makes while it runs: never part of what a lesson changes. */
const SKIPPED_DIRS = new Set(['node_modules', 'data', '.git']);

export type FileChange =
  | { file: string; status: 'same' }
  | { file: string; status: 'changed'; hunks: Hunk[]; added: number; removed: number }
  | { file: string; status: 'binary' }
  | { file: string; status: 'only-from' }
  | { file: string; status: 'only-to' };

/** Relative paths (with `/`) of every file under dir, sorted. */
export function listFiles(dir: string): string[] {
  const files: string[] = [];
  const visit = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) visit(full);
      } else if (entry.isFile()) {
        files.push(path.relative(dir, full).split(path.sep).join('/'));
      }
    }
  };
  visit(dir);
  return files.sort();
}

/** A NUL byte in the first 8 KB is how git, too, tells a binary file. */
const isBinary = (bytes: Buffer) => bytes.subarray(0, 8192).includes(0);

/** Every file of either folder, in path order, with what changed from `from` to `to`. */
export function compareDirs(from: string, to: string): FileChange[] {
  const fromFiles = new Set(listFiles(from));
  const toFiles = new Set(listFiles(to));
  const all = [...new Set([...fromFiles, ...toFiles])].sort();
  return all.map((file): FileChange => {
    if (!toFiles.has(file)) return { file, status: 'only-from' };
    if (!fromFiles.has(file)) return { file, status: 'only-to' };
    const before = readFileSync(path.join(from, file));
    const after = readFileSync(path.join(to, file));
    if (before.equals(after)) return { file, status: 'same' };
    if (isBinary(before) || isBinary(after)) return { file, status: 'binary' };
    const found = hunks(before.toString('utf8'), after.toString('utf8'));
    // Every changed line is in a hunk, so the hunks hold the counts.
    const lines = found.flatMap((hunk) => hunk.lines);
    const added = lines.filter((line) => line.op === 'added').length;
    const removed = lines.filter((line) => line.op === 'removed').length;
    return { file, status: 'changed', hunks: found, added, removed };
  });
}
