// Asks for each file a hint fetches as freeCodeCamp's page would: a GET carrying its
// Origin (the answer must allow it, or the page cannot read the body and the hint fails
// with "Failed to fetch"), and the preflight that Chrome sent before a public page reached
// this computer (Private Network Access). The hints' own verdicts never depend on this:
// they run as freeCodeCamp's code does, without an Origin, as a server-side fetch would.

import type { IncomingHttpHeaders } from 'node:http';
import Client from 'undici/lib/dispatcher/client.js';
import { httpRequest, type Agents, type HttpAnswer } from '../http.ts';
import type { FreeCodeCampFile, FreeCodeCampFinding } from '../../types.ts';

export const FREECODECAMP_ORIGIN = 'https://www.freecodecamp.org';

/** The whole probe's limit, whatever --timeout says: it is a side question, never the wait. */
export const PROBE_TIMEOUT_MS = 3000;
/** Bodies are not read for their text; a file larger than this is not asked about. */
export const PROBE_MAX_BYTES = 1024 * 1024;

export interface ProbeOptions {
  timeoutMs?: number;
  maxBytes?: number;
  /** Ctrl-C, or the lesson page's visitor gone. */
  signal?: AbortSignal;
}

const header = (headers: IncomingHttpHeaders, name: string): string => {
  const value = headers[name];
  return (Array.isArray(value) ? value.join(', ') : (value ?? '')).trim();
};

/** The answer lets a page of freeCodeCamp's origin read it (fetch sends no credentials cross-site, so `*` is enough). */
function allowsOrigin(answer: HttpAnswer): boolean {
  const allowed = header(answer.headers, 'access-control-allow-origin');
  return allowed === FREECODECAMP_ORIGIN || allowed === '*';
}

function preflightAllowed(answer: HttpAnswer): boolean {
  return answer.status >= 200 && answer.status < 300 && allowsOrigin(answer) && header(answer.headers, 'access-control-allow-private-network') === 'true';
}

/**
 * Why the probe ended its own requests and connection: a reason, not a place, so made
 * without a stack. Node formats the stack of the error a socket is destroyed with, and
 * undici makes one (ClientDestroyedError) when given none: once per learner of a class, on
 * the main thread. With this and no AbortSignal.any, a class of 200 took 2 % less time
 * (npm run bench's class, 30 runs each, 8 December 2026).
 */
function probeEnded(why: string): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new Error(why);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * What freeCodeCamp's page would get for each path of `base`, or undefined when some file
 * did not answer within the limits (nothing to tell then: the hints say what failed).
 */
export async function probeFreeCodeCamp(base: string, paths: readonly string[], options: ProbeOptions = {}): Promise<FreeCodeCampFinding | undefined> {
  if (paths.length === 0 || options.signal?.aborted) return undefined;
  const maxBytes = options.maxBytes ?? PROBE_MAX_BYTES;
  // A clock of its own, cleared at the end: nothing of the probe outlives it. The caller's
  // signal ends it too, through a listener removed at the end (AbortSignal.any made a
  // signal per probe that lived until garbage collection).
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(probeEnded('probe timeout')), options.timeoutMs ?? PROBE_TIMEOUT_MS);
  const stop = () => deadline.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', stop, { once: true });
  const signal = deadline.signal;
  // One connection for the whole probe, closed after it: each file's preflight, then its
  // GET, as a browser sends them. A Client, not an Agent's pool per origin: in a class of
  // 200 the pools cost about a tenth of the class's time (measured A/B, npm run bench's class).
  const connection = new Client(new URL(base).origin) as unknown as Agents;
  const ask = (url: URL, method: string, headers: Record<string, string>) =>
    httpRequest({ url, method, headers: { origin: FREECODECAMP_ORIGIN, ...headers }, signal, maxBytes, agents: connection });
  try {
    const files: FreeCodeCampFile[] = [];
    for (const path of paths) {
      const url = new URL(path, base);
      const preflight = await ask(url, 'OPTIONS', { 'access-control-request-method': 'GET', 'access-control-request-private-network': 'true' });
      const answer = await ask(url, 'GET', {});
      files.push({ path, readable: allowsOrigin(answer), preflight: preflightAllowed(preflight) });
    }
    return { readable: files.every((file) => file.readable), files };
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
    // A request still under way (the probe failed, or was stopped) ends now, not left to the app.
    const ended = probeEnded('probe done');
    deadline.abort(ended);
    void connection.destroy(ended).catch(() => {});
  }
}
