// Reading a submission folder without running it, and without trusting it: only regular
// files inside the folder are read (a FIFO named server.js would block a thread forever;
// a link could lead anywhere on the instructor's disk), and never more than the cap.

import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import path from 'node:path';

/** Why a folder's file could not be read, as data for the diagnosis. */
export type Unreadable = 'missing' | 'loop' | 'not-regular' | 'outside' | 'too-large' | 'error';

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
    let real: string;
    try {
      real = await realpath(file);
    } catch (err) {
      // A link that leads back to itself exists, though nothing can be read through it.
      return { ok: false, why: (err as { code?: string }).code === 'ELOOP' ? 'loop' : 'missing' };
    }
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

/** Largest package.json read for its entry; a real one is a few hundred bytes. */
export const MAX_PACKAGE_JSON = 64 * 1024;

/** What the folder's package.json says of its entry, as read (once) for a run. */
export interface EntryRead {
  /** The file served as `/_api/server.js`, relative to the folder. */
  entry: string;
  /** package.json is larger than MAX_PACKAGE_JSON: it was not read, and `entry` is the default. */
  packageTooLarge?: boolean;
}

/**
 * package.json's text when it is a regular file of at most MAX_PACKAGE_JSON bytes. Read
 * synchronously, as a run starts, so that a class sends its learners to the workers in
 * roster order; bounded all the same: a link is not followed, a FIFO is neither opened
 * blocking nor read, and 64 KiB of a regular file is one read.
 */
function readPackageJsonSync(dir: string): { text?: string; tooLarge?: boolean } {
  const file = path.join(dir, 'package.json');
  let fd: number | undefined;
  try {
    if (!lstatSync(file, { throwIfNoEntry: false })?.isFile()) return {};
    fd = openSync(file, READ_FLAGS);
    const { size } = fstatSync(fd);
    if (!fstatSync(fd).isFile()) return {};
    if (size > MAX_PACKAGE_JSON) return { tooLarge: true };
    const buffer = Buffer.alloc(size);
    const length = readSync(fd, buffer, 0, size, 0);
    return { text: buffer.subarray(0, length).toString('utf8') };
  } catch {
    return {};
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
const isSeparator = (c: string) => c === ';' || c === '&' || c === '|';
const isWordChar = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_';

/**
 * A start script as words, each command's words apart: `a b && c` -> [[a, b], [c]].
 * One pass over the text, no pattern: a hostile script of any length costs its length.
 */
export function commandWords(script: string): string[][] {
  const commands: string[][] = [[]];
  let word = '';
  const flush = () => {
    if (word) commands.at(-1)!.push(word);
    word = '';
  };
  for (const c of script) {
    if (isSpace(c)) flush();
    else if (isSeparator(c)) {
      flush();
      if (commands.at(-1)!.length > 0) commands.push([]);
    } else word += c;
  }
  flush();
  return commands.filter((words) => words.length > 0);
}

/** `-w`, `--watch`, `--env-file=.env`: an option word; with `=`, its value is inside it. */
function optionOf(word: string): { joined: boolean } | undefined {
  const dashes = word.startsWith('--') ? 2 : word.startsWith('-') ? 1 : 0;
  if (dashes === 0) return undefined;
  const equals = word.indexOf('=');
  const name = word.slice(dashes, equals < 0 ? undefined : equals);
  if (!name || ![...name].every((c) => isWordChar(c) || c === '-')) return undefined;
  if (equals < 0) return { joined: false };
  const value = word.slice(equals + 1);
  return value && !value.startsWith('-') ? { joined: true } : undefined;
}

/** `app.js`, `./src/main.mjs`: a script file as a start command names one. */
function scriptFile(word: string): string | undefined {
  const file = word.startsWith('./') ? word.slice(2) : word;
  const ext = ['.js', '.cjs', '.mjs'].find((e) => file.endsWith(e));
  if (!ext || file.length === ext.length) return undefined;
  return [...file].every((c) => isWordChar(c) || c === '.' || c === '/' || c === '-') ? file : undefined;
}

/**
 * `node app.js`, `nodemon --watch . index.js`, `cross-env PORT=3000 node -r dotenv/config
 * server.js`: the script a start command runs with node or nodemon. After the command, its
 * options (`-x`, `--x=v`, or `--x v` with a value that is not an option); of the files that
 * may follow them, the last that can (an option's value may itself look like a file).
 */
export function startScriptFile(script: string): string | undefined {
  for (const words of commandWords(script)) {
    for (let at = 0; at < words.length; at++) {
      if (words[at] !== 'node' && words[at] !== 'nodemon') continue;
      let found: string | undefined;
      let valueAllowed = false;
      for (const word of words.slice(at + 1)) {
        const option = optionOf(word);
        if (option) {
          valueAllowed = !option.joined;
          continue;
        }
        const file = scriptFile(word);
        if (file) found = file;
        // A value never starts with `-`; nor does anything else the command could take.
        if (!valueAllowed || word.startsWith('-')) break;
        valueAllowed = false;
      }
      if (found) return found;
    }
  }
  return undefined;
}

/** The entry package.json's text names, as a path inside the folder, else server.js. */
function entryFrom(text: string | undefined): string {
  let pkg: { main?: unknown; scripts?: { start?: unknown } } = {};
  try {
    pkg = text ? JSON.parse(text) : {};
  } catch {
    // a broken package.json names no entry
  }
  const start = typeof pkg?.scripts?.start === 'string' ? startScriptFile(pkg.scripts.start.slice(0, MAX_PACKAGE_JSON)) : undefined;
  const candidates = [typeof pkg?.main === 'string' ? pkg.main : undefined, start];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const file = path.normalize(candidate.endsWith('.js') || candidate.endsWith('.cjs') || candidate.endsWith('.mjs') ? candidate : `${candidate}.js`);
    if (!path.isAbsolute(file) && !file.startsWith('..')) return file.split(path.sep).join('/');
  }
  return 'server.js';
}

/**
 * The file a learner's app serves as `/_api/server.js`: the entry its package.json
 * names (`main`, or the file in the `start` script), else `server.js`. Learners who
 * renamed server.js point the test route at the renamed file, and freeCodeCamp then
 * reads that one. Always a path inside the folder, relative to it. Bounded in time and
 * memory whatever the folder holds (64 KiB at most, read once, parsed in one pass).
 */
export function readEntry(dir: string): EntryRead {
  const { text, tooLarge } = readPackageJsonSync(dir);
  return tooLarge ? { entry: 'server.js', packageTooLarge: true } : { entry: entryFrom(text) };
}

/** The entry alone (see readEntry). */
export function entryOf(dir: string): string {
  return readEntry(dir).entry;
}
