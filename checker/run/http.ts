// One HTTP exchange over node:http(s), with the caps every answer from a learner's app
// gets: a deadline, a size limit counted after decompression, and nothing left open.
// node:http rather than undici: undici takes about 85 ms to load, more than the two
// requests of a check take in all (see `npm run bench`).

import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';

/** A request as the check's fetch makes it; redirects are the caller's. */
export interface HttpRequest {
  url: URL;
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Aborting stops the exchange wherever it is. */
  signal: AbortSignal;
  /** Largest body accepted, after decompression. */
  maxBytes: number;
  /** Keep-alive connections to reuse; one per worker, so a class reuses them. */
  agents?: Agents;
  /** Requests still running, so the check that made them can end them all. */
  open?: Set<http.ClientRequest>;
}

export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Agents {
  http: http.Agent;
  https: https.Agent;
}

/**
 * Keep-alive agents. An idle connection stays until the app closes it (Node's servers do
 * after 5 s) or the worker ends; it never keeps the worker alive. No idle timeout of our
 * own: it re-arms a timer on every reuse, hundreds of times in a class.
 */
export function keepAliveAgents(): Agents {
  const options = { keepAlive: true, keepAliveMsecs: 1000, maxFreeSockets: 4 };
  return { http: new http.Agent(options), https: new https.Agent(options) };
}

/** Where the exchange was when it failed: `headers` (connecting, waiting for an answer) or `body`. */
export type Phase = 'headers' | 'body';

/** A failed exchange: the underlying error (with its `code`) and the phase it failed in. */
export class HttpFailure extends Error {
  constructor(
    readonly phase: Phase,
    readonly cause: Error & { code?: string },
    /** The request went out on a kept-alive connection. */
    readonly reused = false,
  ) {
    super(cause.message);
    this.name = 'HttpFailure';
  }
}

/** The body passed `maxBytes` (after decompression): reading stopped there. */
export class TooLarge extends Error {
  constructor() {
    super('too large');
    this.name = 'TooLarge';
  }
}

function decoder(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  // Lenient flushing, as browsers are: a body cut short still yields what arrived.
  const lenient = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.createGunzip(lenient);
  if (encoding === 'deflate') return zlib.createInflate(lenient);
  if (encoding === 'br') return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
  return undefined;
}

/** What an aborted exchange fails with: an AbortError whose cause is the signal's reason, as Node's own. */
function aborted(signal: AbortSignal): Error {
  return Object.assign(new Error('The operation was aborted', { cause: signal.reason }), { name: 'AbortError', code: 'ABORT_ERR' });
}

function once(request: HttpRequest): Promise<HttpAnswer> {
  const { url, signal, maxBytes } = request;
  const secure = url.protocol === 'https:';
  // Without agents of its own, a connection for this request alone, closed after it.
  const agent = request.agents ? (secure ? request.agents.https : request.agents.http) : false;
  return new Promise((resolve, reject) => {
    let phase: Phase = 'headers';
    let settled = false;
    if (signal.aborted) return reject(new HttpFailure(phase, aborted(signal)));
    const req = (secure ? https : http).request(url, {
      method: request.method ?? 'GET',
      headers: { accept: '*/*', 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'emitting-kit-checker', ...request.headers },
      agent,
    });
    request.open?.add(req);
    const end = () => {
      settled = true;
      request.open?.delete(req);
      signal.removeEventListener('abort', onAbort);
    };
    const fail = (err: Error) => {
      if (settled) return;
      end();
      req.destroy();
      reject(err);
    };
    // One listener, not http.request's `signal` option: that one also watches the stream's
    // end with five more, a cost every request of a class pays.
    const onAbort = () => fail(new HttpFailure(phase, aborted(signal)));
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => fail(new HttpFailure(phase, err, req.reusedSocket)));
    req.on('response', (res) => {
      phase = 'body';
      const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
      const unpack = decoder(encoding);
      const declared = Number(res.headers['content-length']);
      if (!unpack && declared > maxBytes) return fail(new TooLarge());
      const chunks: Buffer[] = [];
      let total = 0;
      const body: Readable = unpack ?? res;
      body.on('data', (chunk: Buffer) => {
        total += chunk.byteLength;
        if (total > maxBytes) {
          unpack?.destroy();
          return fail(new TooLarge());
        }
        chunks.push(chunk);
      });
      const done = (err?: Error | null) => {
        if (err) return fail(new HttpFailure('body', err));
        if (settled) return;
        end();
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks) });
      };
      if (unpack) pipeline(res, unpack, done);
      else {
        res.on('end', () => done());
        res.on('error', done);
        res.on('aborted', () => done(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
      }
    });
    req.end(request.body);
  });
}

/**
 * One request and its whole answer, or an HttpFailure / TooLarge. A kept-alive
 * connection that the server closed just as it was reused is retried once on a new
 * one, as Node's documentation advises; nothing else is retried.
 */
export async function httpRequest(request: HttpRequest): Promise<HttpAnswer> {
  try {
    return await once(request);
  } catch (err) {
    const stale = err instanceof HttpFailure && err.reused && err.phase === 'headers' && err.cause.code === 'ECONNRESET' && !request.signal.aborted;
    if (!stale) throw err;
    return once({ ...request, agents: undefined });
  }
}
