// What a check runs against, from what a person typed: on the command line, in a roster
// line, or in the lesson page's address field. One reading for all three.

import path from 'node:path';
import { KitError } from './errors.ts';
import type { Target } from './types.ts';

/** Where the learner's app answers unless they say otherwise. */
export const DEFAULT_URL = 'http://localhost:3000';

const WEB = new Set(['http:', 'https:']);

/** `C:\class\ana` or `d:/work`: a Windows folder, although it starts like `scheme:`. */
const DRIVE = /^[a-z]:[\\/]/i;
/** `name:` at the start: a scheme, or a host followed by its port. */
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
/** What follows `localhost:` when it is a port: digits, then the end or the path. */
const PORT_AFTER = /^\d+(?:[/?#]|$)/;
/** `127.0.0.1`, `127.0.0.1:3000/x`, `[::1]:3000`: an address without a scheme. */
const BARE_IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])(?::\d+)?(?:[/?#]|$)/i;
/** `http//host` or `https//host`: the colon forgotten. */
const MISSING_COLON = /^https?\/\//i;

/** What the text looks like, before any parsing: an address with a scheme, a host and port, or neither. */
function shape(raw: string): 'scheme' | 'host' | 'other' {
  if (DRIVE.test(raw)) return 'other';
  const scheme = SCHEME.exec(raw);
  if (scheme) return PORT_AFTER.test(raw.slice(scheme[0].length)) ? 'host' : 'scheme';
  if (BARE_IP.test(raw) || MISSING_COLON.test(raw)) return 'host';
  return 'other';
}

/** True when a roster's target is meant as an address rather than a folder. */
export function looksLikeUrl(raw: string): boolean {
  return shape(raw.trim()) !== 'other';
}

/**
 * `raw` with any `user:password@` taken out of its address part, for messages: whatever
 * was typed, a report never shows credentials. Plain string steps (no pattern that could
 * backtrack on a long line).
 */
export function hideCredentials(raw: string): string {
  const scheme = raw.indexOf('://');
  const start = scheme >= 0 ? scheme + 3 : 0;
  let end = raw.length;
  for (const stop of ['/', '?', '#', '\\']) {
    const at = raw.indexOf(stop, start);
    if (at >= 0 && at < end) end = at;
  }
  const at = raw.lastIndexOf('@', end - 1);
  return at >= start ? raw.slice(0, start) + raw.slice(at + 1) : raw;
}

/**
 * An app's address, normalised (`http://localhost:3000/`). `localhost:3000` means
 * `http://localhost:3000`; a scheme other than http or https, typos included
 * (`htp:/x`, `http//x`), is refused with a KitError `cli.badUrl` (exit 2), never
 * read as a host name that then does not answer; an address with `user:password@` is
 * refused with `http.credentials`. Neither message shows the credentials.
 */
export function parseUrl(input: string): string {
  const raw = input.trim();
  const kind = shape(raw);
  const shown = hideCredentials(input);
  if (MISSING_COLON.test(raw)) throw new KitError('cli.badUrl', { url: shown });
  let url: URL;
  try {
    url = new URL(kind === 'scheme' ? raw : `http://${raw}`);
  } catch {
    throw new KitError('cli.badUrl', { url: shown });
  }
  if (!WEB.has(url.protocol) || !url.hostname) throw new KitError('cli.badUrl', { url: shown });
  // As browsers' fetch refuses such a URL: the checker never sends them, nor shows them.
  if (url.username || url.password) throw new KitError('http.credentials', { url: hideCredentials(url.href) });
  return url.href;
}

/** A running app at `raw`. */
export function urlTarget(raw: string): Target {
  return { kind: 'url', url: parseUrl(raw) };
}

/** A folder read without running it, relative to `baseDir`. */
export function dirTarget(raw: string, baseDir = process.cwd()): Target {
  return { kind: 'dir', dir: path.resolve(baseDir, raw) };
}

/**
 * A roster's target: an address when it looks like one (a scheme, or host and port),
 * otherwise a folder relative to `baseDir`. Throws `cli.badUrl` for a broken address.
 */
export function parseTarget(raw: string, baseDir: string): Target {
  return looksLikeUrl(raw) ? urlTarget(raw) : dirTarget(raw.trim(), baseDir);
}

/** A Target's name in results: the URL as parsed, or the folder's absolute path. */
export function targetName(target: Target): string {
  return target.kind === 'url' ? new URL(target.url).href : path.resolve(target.dir);
}
