// Who may ask the learn server to run the checker, and with what. The server fetches
// whatever URL a check request names, so a page on another site must never be able to
// make it do so: only the lesson page itself, served from this very server, may ask.

import { head, hideCredentials, KitError, parseUrl, type Lang, type Params } from '../checker/index.ts';
import { exactLang } from './lang.ts';

/** A refused request: an HTTP status, a stable code, and the catalog key that explains it. */
export interface Refusal {
  status: number;
  code: RefusalCode;
  params: Params;
}

export type RefusalCode =
  | 'bad-host'
  | 'method-not-allowed'
  | 'foreign-origin'
  | 'not-json'
  | 'body-too-large'
  | 'bad-json'
  | 'bad-request'
  | 'not-found'
  | 'bad-url'
  /** The address holds `user:password@` (words under `http.credentials`). */
  | 'credentials'
  | 'bad-lang'
  | 'bad-step'
  | 'busy'
  | 'failed';

/** Largest check request body: `{url, lang, step}` fits many times over. */
export const MAX_BODY_BYTES = 4 * 1024;

/** Longest app address accepted; real ones are a few dozen characters. */
export const MAX_URL_LENGTH = 2048;

export function refusal(status: number, code: RefusalCode, params: Params = {}): Refusal {
  return { status, code, params };
}

/**
 * The Host values under which this server may be reached. Anything else (a name that
 * an attacker's DNS points at 127.0.0.1) is a DNS-rebinding attempt.
 */
export function ownHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** True when the Host header names this server; checked for every request, pages too. */
export function isOwnHost(host: string | undefined, port: number): boolean {
  return host !== undefined && ownHosts(port).includes(host.toLowerCase());
}

export interface RequestHead {
  method: string;
  host?: string;
  origin?: string;
  /** `Sec-Fetch-Site`, which browsers send and pages cannot forge. */
  fetchSite?: string;
  contentType?: string;
}

/** `application/json; charset=utf-8` -> `application/json`. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Checks a request to `/api/check` before its body is read: the right method, this
 * server's own Host, the page's own Origin (when the browser sends one) and a JSON body.
 * A cross-site page can only send JSON after a CORS preflight, which this server never
 * answers with permission, so JSON-only also closes the "simple request" door.
 */
export function guardCheckRequest(head: RequestHead, port: number): Refusal | undefined {
  if (!isOwnHost(head.host, port)) return refusal(403, 'bad-host', { host: head.host ?? '' });
  if (head.method !== 'POST') return refusal(405, 'method-not-allowed', { method: head.method });
  if (head.origin !== undefined && head.origin !== `http://${head.host!.toLowerCase()}`) {
    return refusal(403, 'foreign-origin', { origin: head.origin });
  }
  if (head.fetchSite !== undefined && head.fetchSite !== 'same-origin') {
    return refusal(403, 'foreign-origin', { origin: head.origin ?? head.fetchSite });
  }
  if (mediaType(head.contentType) !== 'application/json') {
    return refusal(415, 'not-json', { type: mediaType(head.contentType) || '-' });
  }
  return undefined;
}

/** What the page asks for: which step, in which language, against which app. */
export interface CheckRequest {
  url: string;
  lang: Lang;
  step: string;
}

export type Parsed = { ok: true; request: CheckRequest } | { ok: false; refusal: Refusal };

/**
 * Validates a parsed JSON body. `steps` are the course's step names: a request may
 * name only those (never a file path, which the CLI's `--step` would accept).
 * Unknown fields are ignored, so the page may send more in a later version.
 */
export function parseCheckBody(body: unknown, steps: readonly string[]): Parsed {
  const no = (code: RefusalCode, params: Params = {}): Parsed => ({ ok: false, refusal: refusal(400, code, params) });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return no('bad-request');
  const { url, lang, step } = body as Record<string, unknown>;
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL_LENGTH) {
    return no('bad-url', { url: typeof url === 'string' ? head(hideCredentials(url), 80) : String(url) });
  }
  let href: string;
  try {
    href = parseUrl(url.trim());
  } catch (err) {
    if (!(err instanceof KitError)) throw err;
    if (err.key === 'http.credentials') return no('credentials', { url: head(String(err.params.url), 80) });
    return no('bad-url', { url: head(String(err.params.url ?? ''), 80) });
  }
  const chosen = exactLang(lang);
  if (!chosen) return no('bad-lang', { lang: head(String(lang), 20) });
  if (typeof step !== 'string' || !steps.includes(step)) return no('bad-step', { step: head(String(step), 80) });
  return { ok: true, request: { url: href, lang: chosen, step } };
}
