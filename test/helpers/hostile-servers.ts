// Local HTTP servers that misbehave on purpose, one way each, for the checker's
// robustness tests. Each listens on a free port of 127.0.0.1; `stop()` ends every
// connection, timer and the server itself, so nothing of them outlives a test.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

export const HOSTILE_KINDS = [
  'silent',
  'endless-body',
  'drip',
  'huge',
  'gzip-bomb',
  'redirect-loop',
  'redirect-file',
  'stack-trace',
  'html-everywhere',
  'invalid-utf8',
  'reset-mid-body',
  'backtrack',
  'redirect-away',
  'redirect-credentials',
  'header-flood',
  // Not hostile, just common: what a half-finished learner app answers.
  'empty-body',
  'not-found',
  'server-error',
  'login-redirect',
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

export interface HostileServer {
  kind: HostileKind;
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** Body bytes written so far (to show a cap stopped the reading early). */
  bytesSent(): number;
  /** Requests received so far: the hints' own, without an Origin header. */
  requests(): number;
  /** Requests that carried an Origin header (the freeCodeCamp probe's, submit/probe.ts). */
  probeRequests(): number;
  stop(): Promise<void>;
}

const MiB = 1024 * 1024;

/**
 * A line the lesson's second hint pattern, /io.emit.*('|")user count('|").*currentUsers/s,
 * backtracks over: every `io.emit` start tries every quote after it, and every
 * `'user count'` tries every later position for `currentUsers`, which never comes.
 * Measured on Node 20: 400 lines take 0.3 s, 800 lines 3.7 s, 1 600 lines 17 s and
 * 3 200 lines 123 s (about x7 per doubling), so 10 000 lines (260 KB, well under the
 * 1 MiB cap) would keep it busy for most of an hour.
 */
export const BACKTRACK_LINE = "io.emit('user count', n);\n";
export const BACKTRACK_BODY = BACKTRACK_LINE.repeat(10_000);

/** An Express-style error page (what `res.sendFile` of a missing server.js gives). */
export const STACK_TRACE_PAGE = [
  "Error: ENOENT: no such file or directory, stat '/home/learner/app/server.js'",
  '    at Object.statSync (node:fs:1658:3)',
  '    at SendStream.sendFile (/home/learner/app/node_modules/send/index.js:712:6)',
  '    at /home/learner/app/fcctesting.js:41:11',
].join('\n');

export const HTML_PAGE = '<!DOCTYPE html>\n<html><head><title>Chat</title></head><body><h1>Log in</h1></body></html>\n';

type Handler = (req: IncomingMessage, res: ServerResponse, state: State) => void;

interface State {
  sent: number;
  requests: number;
  probeRequests: number;
  timers: Set<NodeJS.Timeout>;
}

function send(res: ServerResponse, state: State, chunk: string | Buffer): boolean {
  state.sent += Buffer.byteLength(chunk);
  return res.write(chunk);
}

/** Writes `total` bytes of text as fast as the client reads them, and stops when it leaves. */
function stream(res: ServerResponse, state: State, total: number): void {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let left = total;
  const pump = () => {
    while (left > 0 && !res.destroyed) {
      left -= chunk.length;
      if (!send(res, state, chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

const HANDLERS: Record<HostileKind, Handler> = {
  // Accepts the connection and never says a word.
  silent: () => {},
  // Headers and a first line, then nothing, forever.
  'endless-body': (_req, res, state) => {
    res.writeHead(200, { 'content-type': 'application/javascript' });
    send(res, state, '// the rest never comes\n');
  },
  // One byte a second, with no end in sight.
  drip: (_req, res, state) => {
    res.writeHead(200, { 'content-type': 'application/javascript' });
    res.flushHeaders();
    send(res, state, '/');
    const timer = setInterval(() => send(res, state, '/'), 1000);
    state.timers.add(timer);
    res.on('close', () => clearInterval(timer));
  },
  huge: (_req, res, state) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 50 * MiB });
    stream(res, state, 50 * MiB);
  },
  // About 20 KB on the wire, 20 MiB once inflated; no content-length to give it away.
  'gzip-bomb': (_req, res, state) => {
    res.writeHead(200, { 'content-type': 'application/javascript', 'content-encoding': 'gzip' });
    send(res, state, GZIP_BOMB);
    res.end();
  },
  'redirect-loop': (req, res) => {
    const next = req.url === '/loop-a' ? '/loop-b' : '/loop-a';
    res.writeHead(302, { location: next }).end();
  },
  'redirect-file': (_req, res) => {
    res.writeHead(302, { location: 'file:///etc/passwd' }).end();
  },
  'stack-trace': (_req, res, state) => {
    res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
    send(res, state, `<!DOCTYPE html>\n<html><body><pre>${STACK_TRACE_PAGE.replace(/\n/g, '<br>')}</pre></body></html>\n`);
    res.end();
  },
  'html-everywhere': (_req, res, state) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    send(res, state, HTML_PAGE);
    res.end();
  },
  'invalid-utf8': (_req, res, state) => {
    res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8' });
    send(res, state, Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0x0a, 0xf0, 0x28, 0x8c, 0xbc]));
    res.end();
  },
  // Promises 10 000 bytes, sends 100, then resets the connection.
  'reset-mid-body': (_req, res, state) => {
    res.writeHead(200, { 'content-type': 'application/javascript', 'content-length': 10_000 });
    send(res, state, '/'.repeat(100));
    const timer = setTimeout(() => res.socket?.resetAndDestroy(), 50);
    state.timers.add(timer);
  },
  // To the same port under another host name: a redirect off the app's own host.
  'redirect-away': (req, res) => {
    res.writeHead(302, { location: `http://localhost:${req.socket.localPort}/stolen.js` }).end();
  },
  'redirect-credentials': (req, res) => {
    res.writeHead(302, { location: `http://learner:hunter2@127.0.0.1:${req.socket.localPort}/private.js` }).end();
  },
  // 40 KB of headers, past Node's (and undici's) 16 KiB.
  'header-flood': (_req, res) => {
    const headers: Record<string, string> = { 'content-type': 'application/javascript' };
    for (let i = 0; i < 40; i++) headers[`x-flood-${i}`] = 'f'.repeat(1000);
    res.writeHead(200, headers).end('let currentUsers = 0;');
  },
  backtrack: (_req, res, state) => {
    res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8' });
    send(res, state, BACKTRACK_BODY);
    res.end();
  },
  'empty-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/javascript' }).end();
  },
  'not-found': (req, res, state) => {
    res.writeHead(404, { 'content-type': 'text/plain' });
    send(res, state, `Cannot GET ${req.url}`);
    res.end();
  },
  'server-error': (_req, res, state) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    send(res, state, 'Internal Server Error');
    res.end();
  },
  // A login check in front of every route, the test routes included.
  'login-redirect': (req, res, state) => {
    if (req.url !== '/login') return void res.writeHead(302, { location: '/login' }).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    send(res, state, HTML_PAGE);
    res.end();
  },
};

const GZIP_BOMB = gzipSync(Buffer.alloc(20 * MiB, ' '), { level: 9 });

/** Starts one hostile server on a free port of 127.0.0.1. */
export async function startHostile(kind: HostileKind): Promise<HostileServer> {
  const state: State = { sent: 0, requests: 0, probeRequests: 0, timers: new Set() };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    if (req.headers.origin === undefined) state.requests++;
    else state.probeRequests++;
    HANDLERS[kind](req, res, state);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {}); // the checker hanging up on us is the point
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    kind,
    url: `http://127.0.0.1:${port}/`,
    bytesSent: () => state.sent,
    requests: () => state.requests,
    probeRequests: () => state.probeRequests,
    stop: async () => {
      for (const timer of state.timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
