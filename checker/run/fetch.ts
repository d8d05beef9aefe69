import { Agent, fetch as undiciFetch, Response, type RequestInit } from 'undici';
import { CheckFailure } from './failure.ts';
import type { Limits } from './limits.ts';

/** What a check fetched: the diagnosis of a failed hint reads it. */
export interface FetchRecord {
  /** The URL answered (after redirects). */
  url: string;
  /** The URL the check asked for, when a redirect led elsewhere. */
  redirectedFrom?: string;
  status: number;
  statusText: string;
  bytes: number;
  /** `html` when a page came back, `empty` for no body at all, `not-utf8` for bytes that are not UTF-8 text. */
  kind: 'html' | 'empty' | 'text' | 'not-utf8';
  /** The body holds a stack trace (an error page): the learner is told where to look, not shown it. */
  trace: boolean;
}

export type CheckFetch = (input: string | URL | { url: string }, init?: RequestInit) => Promise<Response>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const WEB = new Set(['http:', 'https:']);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Lines like `    at fn (/app/server.js:12:3)`, also in Express's HTML error page (`<br> &nbsp; &nbsp;at ...`). */
const STACK_LINE = /(?:^|\n|<br>)(?:[ \t]|&nbsp;)*at [^\n<]{0,300}?:\d+:\d+\)?/;

/** Sorts a body for the diagnosis: HTML by its first tag or its content type. */
export function describeBody(body: Uint8Array, contentType: string, status: number): Pick<FetchRecord, 'kind' | 'trace'> {
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    return { kind: 'not-utf8', trace: false };
  }
  const trace = status >= 400 && STACK_LINE.test(text);
  if (text.trim() === '') return { kind: 'empty', trace };
  if (/^\s*(<!doctype html|<html|<head|<body)/i.test(text) || contentType.startsWith('text/html')) return { kind: 'html', trace };
  return { kind: 'text', trace };
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

/** Reads a body, stopping as soon as it passes `maxBytes` (after decompression). */
async function readCapped(res: Response, url: string, limits: Limits): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length'));
  const encoded = res.headers.get('content-encoding');
  if (!encoded && declared > limits.maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new CheckFailure('too-large', 'too-large', { url, limit: limits.maxBytes });
  }
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limits.maxBytes) {
      await reader.cancel().catch(() => {});
      throw new CheckFailure('too-large', 'too-large', { url, limit: limits.maxBytes });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Maps undici's errors to reasons a learner can act on. */
function networkFailure(err: unknown, url: string, phase: 'headers' | 'body', limits: Limits): CheckFailure {
  if (err instanceof CheckFailure) return err;
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string; message?: string } };
  const code = e.cause?.code ?? e.code ?? '';
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.cause?.name === 'TimeoutError' || code.includes('TIMEOUT')) {
    if (phase === 'headers') return new CheckFailure('timeout', 'headers-timeout', { url, ms: limits.timeoutMs });
    return new CheckFailure('timeout', 'body-timeout', { url, ms: limits.timeoutMs });
  }
  if (e.cause?.message === 'bad port') {
    // fetch refuses ports browsers block (6000, 6666...): freeCodeCamp's page could not reach them either.
    return new CheckFailure('unreachable', 'bad-port', { url });
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH') {
    return new CheckFailure('unreachable', 'unreachable', { url, code });
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || phase === 'body') {
    return new CheckFailure('unreachable', 'connection-lost', { url, code: code || e.cause?.message || '' });
  }
  const message = String(e.cause?.message ?? (err as Error).message).split('\n')[0];
  return new CheckFailure('error', 'fetch-error', { url, message });
}

/**
 * The `fetch` checks get: undici's, with a size cap, a redirect limit, web URLs
 * only, and a deadline. It buffers the body so limits hold before code sees it.
 */
export function createFetch(limits: Limits, signal: AbortSignal, log: FetchRecord[]): { fetch: CheckFetch; close: () => Promise<void> } {
  const agent = new Agent({
    headersTimeout: limits.timeoutMs,
    bodyTimeout: limits.timeoutMs,
    connect: { timeout: limits.timeoutMs },
  });
  const fetch: CheckFetch = async (input, init = {}) => {
    const requested = urlOf(input);
    if (!WEB.has(requested.protocol)) throw new CheckFailure('error', 'not-web-url', { url: requested.href });
    let url = requested;
    for (let hops = 0; ; hops++) {
      let res: Response;
      try {
        res = await undiciFetch(url, { ...init, redirect: 'manual', dispatcher: agent, signal });
      } catch (err) {
        throw networkFailure(err, url.href, 'headers', limits);
      }
      const location = res.headers.get('location');
      if (REDIRECTS.has(res.status) && location) {
        await res.body?.cancel().catch(() => {});
        const next = new URL(location, url);
        if (!WEB.has(next.protocol)) throw new CheckFailure('redirect', 'redirect-not-web', { url: url.href, location: next.href });
        if (hops >= limits.maxRedirects) {
          throw new CheckFailure('redirect', 'too-many-redirects', { url: requested.href, max: limits.maxRedirects, last: next.href });
        }
        url = next;
        continue;
      }
      let body: Uint8Array;
      try {
        body = await readCapped(res, url.href, limits);
      } catch (err) {
        throw networkFailure(err, url.href, 'body', limits);
      }
      log.push({
        url: url.href,
        ...(url.href !== requested.href ? { redirectedFrom: requested.href } : {}),
        status: res.status,
        statusText: res.statusText,
        bytes: body.byteLength,
        ...describeBody(body, res.headers.get('content-type') ?? '', res.status),
      });
      const nullBody = res.status === 204 || res.status === 304;
      return new Response(nullBody ? null : body, { status: res.status, statusText: res.statusText, headers: res.headers });
    }
  };
  return { fetch, close: () => agent.destroy() };
}
