// Stand-ins for apps that are not on this machine (issue 22, item 4), all on 127.0.0.1:
// an https server with a certificate from a private CA or a self-signed one
// (test/fixtures/tls/), a forwarded port that sends every request to a sign-in page of
// another origin, and a host that takes a while to answer its first request (asleep).
// Each serves the solution's two files where the hints read them; `stop()` ends it all.

import { readFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ROOT } from '../../scripts/start-app.ts';

export const TLS_DIR = path.join(ROOT, 'test/fixtures/tls');
/** The private CA's certificate, for NODE_EXTRA_CA_CERTS. */
export const CA_FILE = path.join(TLS_DIR, 'ca.pem');

const FILES: Record<string, string> = {
  '/_api/server.js': readFileSync(path.join(ROOT, 'solution/server.js'), 'utf8'),
  '/public/client.js': readFileSync(path.join(ROOT, 'solution/public/client.js'), 'utf8'),
};

export const SIGN_IN_PAGE = '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form action="/session"><input name="login"></form></body></html>\n';

export interface StandIn {
  /** `http(s)://127.0.0.1:<port>` */
  url: string;
  requests(): number;
  stop(): Promise<void>;
}

function serveFiles(req: IncomingMessage, res: ServerResponse): void {
  const body = FILES[new URL(req.url ?? '/', 'http://x').pathname];
  if (body === undefined) {
    res.writeHead(404).end('Not Found');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8' }).end(body);
}

async function listen(server: Server, scheme: 'http' | 'https', counter: () => number): Promise<StandIn> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    requests: counter,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

function start(scheme: 'http' | 'https', handler: Handler, cert: 'server' | 'self-signed' = 'server'): Promise<StandIn> {
  let n = 0;
  const handle = (req: IncomingMessage, res: ServerResponse) => handler(req, res, ++n);
  const server =
    scheme === 'https'
      ? createHttps({ key: readFileSync(path.join(TLS_DIR, `${cert}-key.pem`)), cert: readFileSync(path.join(TLS_DIR, `${cert}.pem`)) }, handle)
      : createHttp(handle);
  return listen(server, scheme, () => n);
}

/** An https app whose certificate comes from the private CA (`server`) or is signed by itself. */
export function startHttpsApp(cert: 'server' | 'self-signed' = 'server'): Promise<StandIn> {
  return start('https', serveFiles, cert);
}

/** A sign-in page, and a private forwarded port that sends every request to it (as Codespaces and Gitpod do). */
export async function startPrivatePort(): Promise<{ port: StandIn; signIn: StandIn }> {
  const signIn = await start('http', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(SIGN_IN_PAGE));
  const port = await start('http', (req, res) => void res.writeHead(302, { location: `${signIn.url}/login?return_to=${encodeURIComponent(req.url ?? '/')}` }).end());
  return { port, signIn };
}

/**
 * A host asleep: it takes `wakeMs` to answer its first request (the others wait for it
 * too, as a host waking up holds every request), then answers at once.
 */
export function startSleepingHost(scheme: 'http' | 'https', wakeMs: number): Promise<StandIn> {
  let awake: Promise<void> | undefined;
  return start(scheme, (req, res) => {
    awake ??= new Promise((resolve) => setTimeout(resolve, wakeMs).unref());
    void awake.then(() => {
      if (!res.destroyed) serveFiles(req, res);
    });
  });
}

/** A forwarded port that answers a client without a session with 401, as some answer API clients. */
export function startUnauthorized(scheme: 'http' | 'https'): Promise<StandIn> {
  return start(scheme, (_req, res) => void res.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized'));
}
