// Reading a submission folder without running it, and without trusting it: only regular
// files inside the folder are read (a FIFO named server.js would block a thread forever;
// a link could lead anywhere on the instructor's disk), and never more than the cap.

import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import path from 'node:path';

/** Why a folder's file could not be read, as data for the diagnosis. */
export type Unreadable = 'missing' | 'not-regular' | 'outside' | 'too-large' | 'error';

export type FolderRead = { ok: true; body: Buffer } | { ok: false; why: Unreadable };

// O_NONBLOCK: a FIFO swapped in after the lstat still cannot block the open (not on Windows).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

const inside = (root: string, file: string) => file === root || file.startsWith(root + path.sep);

/**
 * The bytes of `file`, which must be a regular file inside `dir` (after following
 * links), of at most `maxBytes`.
 */
export async function readInFolder(dir: string, file: string, maxBytes: number): Promise<FolderRead> {
  try {
    const root = await realpath(dir);
    const info = await lstat(file).catch(() => undefined);
    if (!info) return { ok: false, why: 'missing' };
    const real = await realpath(file).catch(() => undefined);
    if (!real) return { ok: false, why: 'missing' };
    if (!inside(root, real)) return { ok: false, why: 'outside' };
    const handle = await open(real, READ_FLAGS);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return { ok: false, why: 'not-regular' };
      if (stat.size > maxBytes) return { ok: false, why: 'too-large' };
      const buffer = Buffer.alloc(maxBytes + 1);
      let length = 0;
      // Read to the end or one byte past the cap (the file may grow while it is read).
      for (;;) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length > maxBytes) return { ok: false, why: 'too-large' };
      }
      return { ok: true, body: buffer.subarray(0, length) };
    } finally {
      await handle.close();
    }
  } catch {
    return { ok: false, why: 'error' };
  }
}

/** A small regular file of the folder, read synchronously (package.json, as a run starts), or undefined. */
function readSmallSync(dir: string, name: string, maxBytes = 64 * 1024): string | undefined {
  let fd: number | undefined;
  try {
    // A link is not followed; a FIFO is neither opened blocking nor read.
    if (!lstatSync(path.join(dir, name), { throwIfNoEntry: false })?.isFile()) return undefined;
    fd = openSync(path.join(dir, name), READ_FLAGS);
    const { size } = fstatSync(fd);
    if (!fstatSync(fd).isFile() || size > maxBytes) return undefined;
    const buffer = Buffer.alloc(size);
    const length = readSync(fd, buffer, 0, size, 0);
    return buffer.subarray(0, length).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** `node app.js`, `nodemon --watch . index.js`: the script a start command runs. */
const START_SCRIPT = /(?:^|[\s;&|])(?:node|nodemon)(?:\s+-{1,2}[\w-]+(?:[= ][^\s-][^\s]*)?)*\s+(?:\.\/)?([\w./-]+?\.[cm]?js)\b/;

/**
 * The file a learner's app serves as `/_api/server.js`: the entry its package.json
 * names (`main`, or the file in the `start` script), else `server.js`. Learners who
 * renamed server.js point the test route at the renamed file, and freeCodeCamp then
 * reads that one. Always a path inside the folder, relative to it.
 */
export function entryOf(dir: string): string {
  const text = readSmallSync(dir, 'package.json');
  let pkg: { main?: unknown; scripts?: { start?: unknown } } = {};
  try {
    pkg = text ? JSON.parse(text) : {};
  } catch {
    // a broken package.json names no entry
  }
  const candidates = [typeof pkg.main === 'string' ? pkg.main : undefined, typeof pkg.scripts?.start === 'string' ? START_SCRIPT.exec(pkg.scripts.start)?.[1] : undefined];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const file = path.normalize(candidate.endsWith('.js') || candidate.endsWith('.cjs') || candidate.endsWith('.mjs') ? candidate : `${candidate}.js`);
    if (!path.isAbsolute(file) && !file.startsWith('..')) return file.split(path.sep).join('/');
  }
  return 'server.js';
}
