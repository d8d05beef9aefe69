import { maxHeaderSize } from 'node:http';
import { hideCredentials } from '../target.ts';
import { CheckFailure } from './failure.ts';
import { BadEncoding, HttpFailure, httpRequest, TooLarge, type Agents, type Exchange, type Phase } from './http.ts';
import type { Limits } from './limits.ts';
import { FetchHeaders, FetchResponse } from './response.ts';

/** What a check fetched: the diagnosis of a failed hint reads it. */
export interface FetchRecord {
  /** The URL answered (after redirects). */
  url: string;
  /** True when `url` is a file of a submission folder (--dir), not an address. */
  file?: boolean;
  /** The URL the check asked for, when a redirect led elsewhere. */
  redirectedFrom?: string;
  status: number;
  statusText: string;
  bytes: number;
  /** `html` when a page came back, `empty` for no body at all, `not-utf8` for bytes that are not UTF-8 text. */
  kind: 'html' | 'empty' | 'text' | 'not-utf8';
  /** The body holds a stack trace (an error page): the learner is told where to look, not shown it. */
  trace: boolean;
  /**
   * The app said which server.js its process loaded (the kit's test routes send its
   * digest) and the text it served now differs: the running app is older than its file.
   */
  stale?: boolean;
}

/** What checks may pass to fetch, and what they get back. */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string> | Iterable<[string, string]>;
  body?: string | Uint8Array | null;
}
export type CheckFetch = (input: string | URL | { url: string }, init?: FetchInit) => Promise<FetchResponse>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const WEB = new Set(['http:', 'https:']);

/**
 * Ports the Fetch standard forbids ("bad ports"): browsers refuse them, so
 * freeCodeCamp's page could not reach an app there either.
 */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
  540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
  6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** The header the kit's apps send with /_api/server.js: the digest of the server.js their process loaded. */
export const LOADED_DIGEST_HEADER = 'x-loaded-sha256';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Lines like `    at fn (/app/server.js:12:3)`, also in Express's HTML error page (`<br> &nbsp; &nbsp;at ...`). */
const STACK_LINE = /(?:^|\n|<br>)(?:[ \t]|&nbsp;)*at [^\n<]{0,300}?:\d+:\d+\)?/;

/**
 * An HTML document, as its text begins (after a byte order mark and white space).
 * The body decides, not the Content-Type: freeCodeCamp's own test routes send
 * server.js with `res.send(text)`, which Express labels text/html.
 */
const HTML_START = /^\uFEFF?\s*(?:<!doctype|<html)/i;

/** Sorts a body for the diagnosis. */
export function describeBody(body: Uint8Array, status: number): Pick<FetchRecord, 'kind' | 'trace'> {
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    return { kind: 'not-utf8', trace: false };
  }
  const trace = status >= 400 && STACK_LINE.test(text);
  if (text.trim() === '') return { kind: 'empty', trace };
  if (HTML_START.test(text)) return { kind: 'html', trace };
  return { kind: 'text', trace };
}

/** Whether a body differs from the digest its app says it loaded (no digest: nothing to say). */
export function staleness(body: Uint8Array, digest: string | null): Pick<FetchRecord, 'stale'> {
  if (!digest || !/^[0-9a-f]{64}$/i.test(digest.trim())) return {};
  // node:crypto only when an app sends a digest (the kit's apps do): a worker's start-up
  // does not load it for every check (about 5 ms of a cold check's worker).
  const { createHash } = process.getBuiltinModule('node:crypto');
  return { stale: createHash('sha256').update(body).digest('hex') !== digest.trim().toLowerCase() };
}

/** The address in what a check passes to fetch: a string, a URL or a Request. */
export function hrefOf(input: Parameters<CheckFetch>[0]): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : String(input?.url);
}

function urlOf(input: Parameters<CheckFetch>[0]): URL {
  try {
    return new URL(hrefOf(input));
  } catch {
    throw new CheckFailure('error', 'bad-url', { url: String(input) });
  }
}

function headersOf(init: FetchInit['headers']): Record<string, string> {
  if (!init) return {};
  const pairs = Symbol.iterator in init ? [...(init as Iterable<[string, string]>)] : Object.entries(init);
  return Object.fromEntries(pairs.map(([name, value]) => [String(name).toLowerCase(), String(value)]));
}

/** Maps a failed exchange to a reason a learner can act on. */
export function networkFailure(err: unknown, url: string, limits: Limits): CheckFailure {
  if (err instanceof CheckFailure) return err;
  if (err instanceof TooLarge) return new CheckFailure('too-large', 'too-large', { url, limit: limits.maxBytes });
  if (err instanceof BadEncoding) return new CheckFailure('unreachable', 'http.bad-encoding', { url, encoding: err.encoding });
  const phase: Phase = err instanceof HttpFailure ? err.phase : 'headers';
  const cause = (err instanceof HttpFailure ? err.cause : err) as Error & { code?: string; cause?: { name?: string } };
  const code = cause.code ?? '';
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return new CheckFailure('timeout', 'headers-timeout', { url, ms: limits.timeoutMs });
  if (code === 'UND_ERR_BODY_TIMEOUT') return new CheckFailure('timeout', 'body-timeout', { url, ms: limits.timeoutMs });
  if (cause.name === 'AbortError' || cause.name === 'TimeoutError' || cause.cause?.name === 'TimeoutError') {
    return new CheckFailure('timeout', phase === 'headers' ? 'headers-timeout' : 'body-timeout', { url, ms: limits.timeoutMs });
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW' || code === 'HPE_HEADER_OVERFLOW') return new CheckFailure('too-large', 'http.headers-too-large', { url, limit: maxHeaderSize });
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return new CheckFailure('too-large', 'too-large', { url, limit: limits.maxBytes });
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH') {
    return new CheckFailure('unreachable', 'unreachable', { url, code });
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || phase === 'body') {
    return new CheckFailure('unreachable', 'connection-lost', { url, code: code || cause.message });
  }
  return new CheckFailure('error', 'fetch-error', { url, message: cause.message.split('\n')[0] ?? '' });
}

/** What a check's fetch needs from the check it serves. */
export interface FetchContext {
  limits: Limits;
  /** The check's deadline: everything it fetches gives up then. */
  signal: AbortSignal;
  /** Every answer is recorded here, for the diagnosis. */
  log: FetchRecord[];
  agents?: Agents;
}

/**
 * The `fetch` checks get: a size cap, a redirect limit, web URLs only, and a deadline.
 * It reads the whole body before code sees it, so the limits hold. `close()` ends every
 * request still running, so nothing of the check outlives it.
 */
export function createFetch({ limits, signal, log, agents }: FetchContext): { fetch: CheckFetch; close: () => void } {
  const open = new Set<Exchange>();
  const fetch: CheckFetch = async (input, init = {}) => {
    const requested = urlOf(input);
    if (!WEB.has(requested.protocol)) throw new CheckFailure('error', 'not-web-url', { url: requested.href });
    let url = requested;
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body == null ? undefined : Buffer.from(init.body);
    const headers = headersOf(init.headers);
    for (let hops = 0; ; hops++) {
      if (BAD_PORTS.has(Number(url.port))) throw new CheckFailure('unreachable', 'bad-port', { url: url.href });
      let answer;
      try {
        answer = await httpRequest({ url, method, headers, body, signal, maxBytes: limits.maxBytes, timeoutMs: limits.timeoutMs, agents, open });
      } catch (err) {
        throw networkFailure(err, url.href, limits);
      }
      const location = [answer.headers.location].flat()[0];
      if (REDIRECTS.has(answer.status) && location) {
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new CheckFailure('redirect', 'redirect-not-web', { url: url.href, location: hideCredentials(location) });
        }
        if (!WEB.has(next.protocol)) throw new CheckFailure('redirect', 'redirect-not-web', { url: url.href, location: hideCredentials(next.href) });
        // As a careful browser: credentials in a redirect are never followed (nor turned into
        // an Authorization header), and the file must come from the app's own host; another
        // port or scheme of the same host is still the app.
        if (next.username || next.password) {
          throw new CheckFailure('redirect', 'http.redirect-credentials', { url: url.href, location: hideCredentials(next.href) });
        }
        if (next.hostname !== url.hostname) throw new CheckFailure('redirect', 'http.redirect-other-host', { url: url.href, location: next.href });
        if (hops >= limits.maxRedirects) {
          throw new CheckFailure('redirect', 'too-many-redirects', { url: requested.href, max: limits.maxRedirects, last: next.href });
        }
        // As browsers do: 303 (and 301/302 after a POST) continue as a GET without a body.
        if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        url = next;
        continue;
      }
      const responseHeaders = new FetchHeaders(answer.headers);
      log.push({
        url: url.href,
        ...(url.href !== requested.href ? { redirectedFrom: requested.href } : {}),
        status: answer.status,
        statusText: answer.statusText,
        bytes: answer.body.byteLength,
        ...describeBody(answer.body, answer.status),
        ...staleness(answer.body, responseHeaders.get(LOADED_DIGEST_HEADER)),
      });
      // A 204, a 304 or a HEAD's answer has an empty body here: HTTP gives them none.
      return new FetchResponse(answer.body, {
        status: answer.status,
        statusText: answer.statusText,
        headers: responseHeaders,
        url: url.href,
        redirected: url.href !== requested.href,
      });
    }
  };
  const close = () => {
    for (const exchange of [...open]) exchange.end();
    open.clear();
  };
  return { fetch, close };
}
