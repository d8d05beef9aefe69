import { open } from 'node:fs/promises';
import path from 'node:path';
import { Response } from 'undici';
import { CheckFailure } from './failure.ts';
import { describeBody, hrefOf, type CheckFetch, type FetchRecord } from './fetch.ts';
import type { Limits } from './limits.ts';

/** The made-up origin a folder submission is checked under. */
export const DIR_ORIGIN = 'http://submission.invalid/';

/** Where a running learner app would serve each URL path from, inside its folder. */
function fileFor(dir: string, pathname: string): string | undefined {
  if (pathname === '/_api/server.js') return path.join(dir, 'server.js');
  if (pathname === '/_api/package.json') return path.join(dir, 'package.json');
  if (pathname.startsWith('/public/')) {
    const publicDir = path.join(dir, 'public');
    const file = path.resolve(publicDir, '.' + decodeURIComponent(pathname.slice('/public'.length)));
    return file.startsWith(publicDir + path.sep) ? file : undefined;
  }
  return undefined;
}

async function readCapped(file: string, url: string, limits: Limits): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return undefined;
    if (stat.size > limits.maxBytes) throw new CheckFailure('too-large', 'too-large', { url, limit: limits.maxBytes });
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * A `fetch` that answers from a folder, read-only and without running its code:
 * `/_api/server.js` is the folder's `server.js`, `/public/...` its `public/`.
 */
export function createDirFetch(folder: string, limits: Limits, log: FetchRecord[]): CheckFetch {
  // Absolute, so that the check keeping `/public/...` inside `public/` compares like with like.
  const dir = path.resolve(folder);
  return async (input) => {
    const url = new URL(hrefOf(input), DIR_ORIGIN);
    const file = fileFor(dir, url.pathname);
    const body = file ? await readCapped(file, url.href, limits) : undefined;
    const status = body ? 200 : 404;
    const statusText = body ? 'OK' : 'Not Found';
    const sent = body ?? Buffer.from(`Cannot GET ${url.pathname}`);
    log.push({ url: url.href, status, statusText, bytes: sent.byteLength, ...describeBody(sent, '', status) });
    return new Response(sent, { status, statusText, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  };
}
