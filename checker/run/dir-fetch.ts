import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { CheckFailure } from './failure.ts';
import { describeBody, hrefOf, type CheckFetch, type FetchRecord } from './fetch.ts';
import { entryOf, MAX_PACKAGE_JSON, readInFolder } from './folder.ts';
import type { Limits } from './limits.ts';
import { FetchHeaders, FetchResponse } from './response.ts';

/**
 * The made-up origin a folder submission is checked under: check code builds its
 * URLs from it (`new URL('/_api/server.js', getUserInput('url'))`); messages name the
 * folder's files instead.
 */
export const DIR_ORIGIN = 'http://submission.invalid/';

/** Files served by freeCodeCamp's test routes besides server.js (its boilerplate has these). */
const API_FILES = new Set(['package.json', 'routes.js', 'auth.js']);

/** Where a running learner app would serve each URL path from, relative to its folder. */
function fileFor(pathname: string, entry: string): string | undefined {
  if (pathname === '/_api/server.js') return entry;
  const api = /^\/_api\/([\w.-]+)$/.exec(pathname)?.[1];
  if (api && API_FILES.has(api)) return api;
  if (pathname.startsWith('/public/')) {
    let rest: string;
    try {
      rest = decodeURIComponent(pathname.slice('/public/'.length));
    } catch {
      return undefined;
    }
    const file = path.posix.normalize(`public/${rest}`);
    return file.startsWith('public/') ? file : undefined;
  }
  return undefined;
}

/**
 * A `fetch` that answers from a folder, read-only and without running its code:
 * `/_api/server.js` is the folder's entry (see entryOf), `/public/...` its `public/`.
 * Only regular files inside the folder are read; the records name the files.
 */
export function createDirFetch(folder: string, limits: Limits, log: FetchRecord[], entry = entryOf(folder)): CheckFetch {
  const dir = path.resolve(folder);
  return async (input) => {
    const url = new URL(hrefOf(input), DIR_ORIGIN);
    const relative = fileFor(url.pathname, entry);
    const file = path.join(dir, relative ?? url.pathname);
    if (url.pathname === '/_api/server.js') {
      // Too large to be read for its entry: which file the app serves cannot be told.
      const pkg = await lstat(path.join(dir, 'package.json')).catch(() => undefined);
      if (pkg?.isFile() && pkg.size > MAX_PACKAGE_JSON) {
        throw new CheckFailure('unreadable', 'http.package-too-large', { file: path.join(dir, 'package.json'), limit: MAX_PACKAGE_JSON });
      }
    }
    const read = relative ? await readInFolder(dir, file, limits.maxBytes) : ({ ok: false, why: 'missing' } as const);
    if (!read.ok) {
      if (read.why === 'loop') throw new CheckFailure('unreadable', 'http.link-loop', { file });
      if (read.why === 'too-large') throw new CheckFailure('too-large', 'too-large', { url: file, limit: limits.maxBytes });
      if (read.why === 'not-regular') throw new CheckFailure('unreadable', 'not-regular-file', { file });
      if (read.why === 'outside') throw new CheckFailure('unreadable', 'link-outside-folder', { file, dir });
      if (read.why === 'error') throw new CheckFailure('unreadable', 'unreadable-file', { file });
    }
    const status = read.ok ? 200 : 404;
    const body = read.ok ? read.body : Buffer.from(`Cannot GET ${url.pathname}`);
    log.push({ url: file, file: true, status, statusText: read.ok ? 'OK' : 'Not Found', bytes: body.byteLength, ...describeBody(body, status) });
    return new FetchResponse(body, {
      status,
      statusText: read.ok ? 'OK' : 'Not Found',
      headers: new FetchHeaders({ 'content-type': 'text/plain; charset=utf-8' }),
      url: url.href,
      redirected: false,
    });
  };
}
