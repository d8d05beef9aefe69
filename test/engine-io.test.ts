// How the behaviour checks ask an app which Engine.IO protocol it speaks (one polling
// handshake of protocol 3, run/sockets/engine-io.ts), against answers written here: the
// request it makes, each answer it reads, and the session it closes behind it; then how a
// failed connection is explained from what the transports recorded (connect-failure.ts).

import { expect } from 'chai';
import { CheckFailure } from '../checker/run/failure.ts';
import type { CheckFetch } from '../checker/run/fetch.ts';
import { connectFailure } from '../checker/run/sockets/connect-failure.ts';
import { probeProtocol } from '../checker/run/sockets/engine-io.ts';

const ORIGIN = 'http://127.0.0.1:3000';
const PROBE = `${ORIGIN}/socket.io/?EIO=3&transport=polling&b64=1`;

/** A fetch that answers the probe with `status` and `body`, and keeps every request. */
function answering(status: number, body: string) {
  const asked: { url: string; method: string; body?: string }[] = [];
  const fetch = (async (input, init) => {
    const url = typeof input === 'string' ? input : 'url' in input ? input.url : input.href;
    asked.push({ url, method: init?.method ?? 'GET', ...(init?.body !== undefined ? { body: String(init.body) } : {}) });
    return asked.length === 1 ? { status, text: async () => body } : { status: 200, text: async () => 'ok' };
  }) as CheckFetch;
  return { fetch, asked };
}

async function failureOf(run: Promise<unknown>): Promise<{ reason: string; key: string; params: unknown }> {
  try {
    await run;
  } catch (err) {
    if (err instanceof CheckFailure) return { reason: err.reason, key: err.key, params: err.params };
    throw err;
  }
  throw new Error('no failure');
}

describe('the Engine.IO protocol probe (run/sockets/engine-io.ts)', () => {
  it('a 2.x server opens a protocol-3 session: protocol 3, and that session is closed at once', async () => {
    const packet = '0{"sid":"s3","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000}';
    const { fetch, asked } = answering(200, `${packet.length}:${packet}2:40`);
    expect(await probeProtocol(fetch, ORIGIN, 1024)).to.deep.equal({ eio: 3, server: 'Socket.IO 2.x (Engine.IO 3)' });
    expect(asked).to.deep.equal([
      { url: PROBE, method: 'GET' },
      { url: `${PROBE}&sid=s3`, method: 'POST', body: '1:1' },
    ]);
  });

  it('a server that answers in protocol 4 anyway: protocol 4, its session closed in protocol 4', async () => {
    const { fetch, asked } = answering(200, '0{"sid":"s4","upgrades":[]}\x1e40');
    expect(await probeProtocol(fetch, ORIGIN, 1024)).to.deep.equal({ eio: 4, server: 'Socket.IO 3.x/4.x (Engine.IO 4)' });
    expect(asked[1]).to.deep.equal({ url: `${ORIGIN}/socket.io/?EIO=4&transport=polling&sid=s4`, method: 'POST', body: '1' });
  });

  it("a 3.x/4.x server's refusal (400, code 5): protocol 4; a refused transport (400, code 0): protocol 4, guessed", async () => {
    expect(await probeProtocol(answering(400, '{"code":5,"message":"Unsupported protocol version"}').fetch, ORIGIN, 1024)).to.deep.equal({ eio: 4, server: 'Socket.IO 3.x/4.x (Engine.IO 4)' });
    expect(await probeProtocol(answering(400, '{"code":0,"message":"Transport unknown"}').fetch, ORIGIN, 1024)).to.deep.equal({ eio: 4, server: 'Socket.IO 3.x/4.x (Engine.IO 4)', guessed: true });
  });

  it('the same refusal under another status is a refusal, with its status and message', async () => {
    expect(await failureOf(probeProtocol(answering(401, '{"code":5,"message":"Unsupported protocol version"}').fetch, ORIGIN, 1024))).to.deep.equal({
      reason: 'socket-rejected',
      key: 'socket-refused-status',
      params: { url: `${ORIGIN}/socket.io/`, status: 401, message: 'Unsupported protocol version' },
    });
    expect(await failureOf(probeProtocol(answering(400, 'Bad Request').fetch, ORIGIN, 1024))).to.deep.equal({
      reason: 'socket-rejected',
      key: 'socket-refused-status',
      params: { url: `${ORIGIN}/socket.io/`, status: 400 },
    });
  });

  it('no Socket.IO there: a 404, or a page that answers 200', async () => {
    const none = { reason: 'no-socket-io', key: 'no-socket-io', params: { url: `${ORIGIN}/socket.io/` } };
    expect(await failureOf(probeProtocol(answering(404, 'Not Found').fetch, ORIGIN, 1024))).to.deep.equal(none);
    expect(await failureOf(probeProtocol(answering(200, '<!doctype html><p>hello</p>').fetch, ORIGIN, 1024))).to.deep.equal(none);
    expect(await failureOf(probeProtocol(answering(200, ':0{"sid":"x"}').fetch, ORIGIN, 1024))).to.deep.equal(none);
  });

  it("an answer over the cap is the app's too-large message, named as the polling handshake; other failures pass through", async () => {
    const failing = (err: Error) => (async () => Promise.reject(err)) as CheckFetch;
    expect(await failureOf(probeProtocol(failing(new CheckFailure('too-large', 'too-large', { url: PROBE, limit: 1024 })), ORIGIN, 1024))).to.deep.equal({
      reason: 'too-large',
      key: 'socket-too-large',
      params: { url: `${ORIGIN}/socket.io/`, transport: 'polling', limit: 1024 },
    });
    const unreachable = new CheckFailure('unreachable', 'unreachable', { url: PROBE, code: 'ECONNREFUSED' });
    expect(await failureOf(probeProtocol(failing(unreachable), ORIGIN, 1024))).to.deep.equal({ reason: 'unreachable', key: 'unreachable', params: { url: PROBE, code: 'ECONNREFUSED' } });
  });
});

describe('why a connection failed (run/sockets/connect-failure.ts)', () => {
  const url = `${ORIGIN}/socket.io/`;
  const V4 = { eio: 4 as const, server: 'Socket.IO 3.x/4.x (Engine.IO 4)' };
  const V2 = { eio: 3 as const, server: 'Socket.IO 2.x (Engine.IO 3)' };
  const said = (failure: CheckFailure | 'retry') => (failure === 'retry' ? 'retry' : { reason: failure.reason, key: failure.key, params: failure.params });
  const transport = { kind: 'transport' as const };

  it('the client said why: a timeout, a refusal by a middleware, a 2.x server for a 4.x client', () => {
    expect(said(connectFailure({ kind: 'timeout' }, V4, 4, ORIGIN, 2000, {}))).to.deep.equal({ reason: 'timeout', key: 'connect-timeout', params: { url: ORIGIN, ms: 2000 } });
    expect(said(connectFailure({ kind: 'refused', message: 'not logged in' }, V2, 3, ORIGIN, 2000, {}))).to.deep.equal({ reason: 'socket-rejected', key: 'socket-rejected', params: { url: ORIGIN, message: 'not logged in', server: 'Socket.IO 2.x (Engine.IO 3)' } });
    expect(connectFailure({ kind: 'v2-server', message: 'v2' }, { ...V4, guessed: true }, 4, ORIGIN, 2000, {})).to.equal('retry');
    expect(said(connectFailure({ kind: 'v2-server', message: 'v2' }, V4, 4, ORIGIN, 2000, {}))).to.deep.equal({ reason: 'socket-rejected', key: 'socket-version', params: { url, message: 'v2' } });
  });

  it('the WebSocket upgrade refused: 404 is no Socket.IO, another status is named, on 2.x the upgrade itself', () => {
    expect(said(connectFailure(transport, V4, 4, ORIGIN, 2000, { wsStatus: 404 }))).to.deep.equal({ reason: 'no-socket-io', key: 'no-socket-io', params: { url } });
    expect(said(connectFailure(transport, V4, 4, ORIGIN, 2000, { wsStatus: 403 }))).to.deep.equal({ reason: 'socket-rejected', key: 'socket-refused-status', params: { url, status: 403 } });
    expect(said(connectFailure(transport, V2, 3, ORIGIN, 2000, { wsStatus: 404 }))).to.deep.equal({ reason: 'socket-rejected', key: 'socket-websocket-refused', params: { url, status: 404 } });
    expect(connectFailure(transport, { ...V4, guessed: true }, 4, ORIGIN, 2000, { wsStatus: 400 })).to.equal('retry');
  });

  it('a polling request refused or failed, or nothing said at all', () => {
    expect(said(connectFailure(transport, V4, 4, ORIGIN, 2000, { polling: { status: 404, body: 'Not Found' } }))).to.deep.equal({ reason: 'no-socket-io', key: 'no-socket-io', params: { url } });
    expect(said(connectFailure(transport, V4, 4, ORIGIN, 2000, { polling: { status: 403, body: '{"code":4,"message":"Forbidden"}' } }))).to.deep.equal({ reason: 'socket-rejected', key: 'socket-refused-status', params: { url, status: 403, message: 'Forbidden' } });
    const cut = new CheckFailure('timeout', 'timeout', { url, ms: 2000 });
    expect(connectFailure(transport, V4, 4, ORIGIN, 2000, { pollFailure: cut, wsStatus: 404 })).to.equal(cut);
    expect(said(connectFailure(transport, V4, 4, ORIGIN, 2000, {}))).to.deep.equal({ reason: 'unreachable', key: 'connection-lost', params: { url, code: '' } });
  });
});
