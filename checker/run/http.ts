// One HTTP exchange with a learner's app, through undici's dispatcher API, with the caps
// every answer gets: undici's own headers and body timeouts, the check's abort signal, a
// size limit counted after decompression, and nothing left open when the check ends.
//
// Only undici's Agent is loaded (its lib/ file, not the package's index, which loads
// fetch, caches, mocks and WebSocket too: about three times the start-up). Decoding is
// ours, not undici's decompress interceptor: in undici 7 that one prints an
// ExperimentalWarning, leaves error answers encoded, and fails on a raw-deflate body,
// which browsers decode; here the cap counts the decoded bytes as they come.

import type { IncomingHttpHeaders } from 'node:http';
import zlib from 'node:zlib';
import type { Dispatcher } from 'undici';
import Agent from 'undici/lib/dispatcher/agent.js';
import { baselineWasmOnly } from '../wasm-baseline.ts';

// undici parses HTTP with llhttp compiled to WebAssembly: baseline code only (see wasm-baseline.ts).
baselineWasmOnly();

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
  /** Longest wait for the answer's headers, then between two pieces of its body (undici's headersTimeout and bodyTimeout). */
  timeoutMs?: number;
  /** Keep-alive connections to reuse: one Agent per worker, so a class reuses them. */
  agents?: Agents;
  /** Exchanges still running, so the check that made them can end them all. */
  open?: Set<Exchange>;
}

export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** undici's Agent: a pool of kept-alive connections per origin. */
export type Agents = Dispatcher;

/** An exchange under way; `end` stops it (the check is over). */
export interface Exchange {
  end(): void;
}

/**
 * Keep-alive connections for a worker's checks, or the watcher's polls. An idle one is
 * closed by undici before the app's own keep-alive timeout would (it reads the app's
 * Keep-Alive header), and never keeps the thread alive.
 */
export function keepAliveAgents(): Agents {
  return new Agent({ connect: { timeout: 10_000 } }) as unknown as Agents;
}

let shared: Agents | undefined;

/** The worker's own Agent, for the requests made without one (the Socket.IO probe and polling). */
export function sharedAgents(): Agents {
  return (shared ??= keepAliveAgents());
}

/** Where the exchange was when it failed: `headers` (connecting, waiting for an answer) or `body`. */
export type Phase = 'headers' | 'body';

/** A failed exchange: the underlying error (with its `code`) and the phase it failed in. */
export class HttpFailure extends Error {
  constructor(
    readonly phase: Phase,
    readonly cause: Error & { code?: string },
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

/** The body's Content-Encoding names an encoding we decode, but its bytes do not decode. */
export class BadEncoding extends Error {
  constructor(
    readonly encoding: string,
    cause: Error,
  ) {
    super(cause.message);
    this.name = 'BadEncoding';
  }
}

type Decoder = zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress;

/**
 * `deflate` as browsers read it: the zlib format the standard names, or raw deflate
 * data without its two-byte zlib header, which some servers send and browsers accept.
 */
function isZlibHeader(first: number, second: number): boolean {
  return (first & 0x0f) === 8 && first >> 4 <= 7 && ((first << 8) | second) % 31 === 0;
}

/** The encodings decoded here, as browsers do; any other is read as it comes. */
const DECODED = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/** The decoder for an encoding, or undefined for identity (and encodings browsers leave alone too). */
function decoderFor(encoding: string, head: Buffer): Decoder | undefined {
  // Lenient flushing, as browsers are: a body cut short still yields what arrived.
  const lenient = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.createGunzip(lenient);
  if (encoding === 'deflate') return head.length >= 2 && !isZlibHeader(head[0]!, head[1]!) ? zlib.createInflateRaw(lenient) : zlib.createInflate(lenient);
  if (encoding === 'br') return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
  return undefined;
}

/** What an aborted exchange fails with: an AbortError whose cause is the signal's reason, as Node's own. */
function aborted(signal: AbortSignal): Error {
  return Object.assign(new Error('The operation was aborted', { cause: signal.reason }), { name: 'AbortError', code: 'ABORT_ERR' });
}

/**
 * One request and its whole answer, or an HttpFailure / TooLarge / BadEncoding. A 1xx
 * before the answer is skipped. Nothing is retried here: undici checks an idle kept-alive
 * connection before it reuses it.
 */
export function httpRequest(request: HttpRequest): Promise<HttpAnswer> {
  const { url, signal, maxBytes } = request;
  const dispatcher = request.agents ?? sharedAgents();
  return new Promise((resolve, reject) => {
    let phase: Phase = 'headers';
    let settled = false;
    let controller: Dispatcher.DispatchController | undefined;
    let decoder: Decoder | undefined;
    let encoding = '';
    /** A deflate body's first bytes, until there are two to tell zlib from raw deflate. */
    let head: Buffer | undefined;
    let status = 0;
    let statusText = '';
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    let total = 0;

    const exchange: Exchange = { end: () => fail(Object.assign(new Error('The check ended'), { name: 'AbortError', code: 'ABORT_ERR' })) };
    const done = () => {
      settled = true;
      request.open?.delete(exchange);
      signal.removeEventListener('abort', onAbort);
    };
    const fail = (err: Error) => {
      if (settled) return;
      done();
      decoder?.destroy();
      controller?.abort(err);
      reject(err instanceof TooLarge || err instanceof BadEncoding ? err : new HttpFailure(phase, err));
    };
    const finish = () => {
      if (settled) return;
      done();
      resolve({ status, statusText, headers, body: Buffer.concat(chunks, total) });
    };
    const onAbort = () => fail(aborted(signal));
    if (signal.aborted) return reject(new HttpFailure(phase, aborted(signal)));
    signal.addEventListener('abort', onAbort, { once: true });
    request.open?.add(exchange);

    const take = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) return fail(new TooLarge());
      chunks.push(chunk);
    };
    const startDecoder = (first: Buffer) => {
      decoder = decoderFor(encoding, first);
      if (!decoder) return take(first);
      decoder.on('data', take);
      decoder.on('error', (err: Error) => fail(new BadEncoding(encoding, err)));
      decoder.on('end', finish);
      // The app sends faster than zlib decodes: hold its bytes back until it catches up.
      decoder.on('drain', () => controller?.resume());
      if (!decoder.write(first)) controller?.pause();
    };

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(started) {
        controller = started;
        if (settled) started.abort(new Error('ended'));
      },
      onResponseStart(_controller, statusCode, responseHeaders, statusMessage) {
        if (statusCode < 200) return; // 103 Early Hints and the like: the answer follows
        phase = 'body';
        status = statusCode;
        statusText = statusMessage ?? '';
        headers = responseHeaders;
        encoding = String(responseHeaders['content-encoding'] ?? '').trim().toLowerCase();
        const declared = Number(responseHeaders['content-length']);
        if (!DECODED.has(encoding) && declared > maxBytes) return fail(new TooLarge());
        if (encoding === 'deflate') head = Buffer.alloc(0);
        else if (DECODED.has(encoding)) startDecoder(Buffer.alloc(0));
      },
      onResponseData(_controller, chunk) {
        if (settled) return;
        if (head) {
          head = Buffer.concat([head, chunk]);
          if (head.length < 2) return;
          const first = head;
          head = undefined;
          return startDecoder(first);
        }
        if (!decoder) return take(chunk);
        if (!decoder.write(chunk)) controller?.pause();
      },
      onResponseEnd() {
        if (settled) return;
        if (head) startDecoder(head); // a deflate body of fewer than two bytes
        if (decoder) decoder.end();
        else finish();
      },
      onResponseError(_controller, err) {
        fail(err);
      },
    };
    try {
      dispatcher.dispatch(
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: (request.method ?? 'GET') as Dispatcher.HttpMethod,
          headers: { accept: '*/*', 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'emitting-kit-checker', ...request.headers },
          body: request.body ?? null,
          headersTimeout: request.timeoutMs,
          bodyTimeout: request.timeoutMs,
        },
        handler,
      );
    } catch (err) {
      fail(err as Error);
    }
  });
}
