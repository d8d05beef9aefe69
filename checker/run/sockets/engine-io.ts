import { CheckFailure } from '../failure.ts';
import type { CheckFetch } from '../fetch.ts';

/**
 * Which client speaks to the app's Socket.IO server: Engine.IO protocol 3 is Socket.IO
 * 2.x (socket.io-client 2.x), protocol 4 is Socket.IO 3.x and 4.x (socket.io-client 4.x).
 * A 4.x client cannot talk to a 2.x server, nor a 2.x client to a 3.x or 4.x one.
 */
export interface Protocol {
  eio: 3 | 4;
  /** What the server said it is, for messages: names and versions only, the same in every language. */
  server: string;
  /** The server refused long-polling, so the probe could not tell: try protocol 4, then 3. */
  guessed?: true;
}

export const SERVER_V2 = 'Socket.IO 2.x (Engine.IO 3)';
export const SERVER_V4 = 'Socket.IO 3.x/4.x (Engine.IO 4)';

/** The address failures name: the Socket.IO endpoint, without the query of one request. */
export const endpoint = (origin: string) => `${origin}/socket.io/`;

/** engine.io's error codes (its JSON answer to a request it refuses). */
const TRANSPORT_UNKNOWN = 0;
export const UNSUPPORTED_PROTOCOL = 5;

/** `{"code":5,"message":"Unsupported protocol version"}`, the way engine.io refuses a request; undefined for anything else. */
export function engineError(body: string): { code: number; message: string } | undefined {
  try {
    const value = JSON.parse(body) as { code?: unknown; message?: unknown };
    if (typeof value?.code !== 'number') return undefined;
    return { code: value.code, message: typeof value.message === 'string' ? value.message : '' };
  } catch {
    return undefined;
  }
}

/** The session id of an Engine.IO 3 open packet in a polling answer (`96:0{"sid":...}2:40`). */
function eio3Session(body: string): string | undefined {
  const colon = body.indexOf(':');
  const length = Number(body.slice(0, colon));
  if (colon < 1 || !Number.isInteger(length)) return undefined;
  return openPacketSession(body.slice(colon + 1, colon + 1 + length));
}

/** The session id of an open packet (`0{"sid":"..."}`). */
function openPacketSession(packet: string): string | undefined {
  if (!packet.startsWith('0{')) return undefined;
  try {
    const sid = (JSON.parse(packet.slice(1)) as { sid?: unknown }).sid;
    return typeof sid === 'string' ? sid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Asks the app which protocol it speaks, with one polling handshake of protocol 3.
 * A 3.x or 4.x server refuses it (`Unsupported protocol version`) without opening a
 * session. A 2.x server accepts it (it accepts any version, answering in its own), so
 * the probe then closes that session at once: on 2.x it counts as one connection,
 * which the app sees come and go. Failures name the endpoint, not the probe's query.
 */
export async function probeProtocol(fetch: CheckFetch, origin: string, maxBytes: number): Promise<Protocol> {
  const base = `${origin}/socket.io/?EIO=3&transport=polling&b64=1`;
  const url = endpoint(origin);
  let status: number;
  let body: string;
  try {
    const res = await fetch(base);
    status = res.status;
    body = await res.text();
  } catch (err) {
    if (err instanceof CheckFailure && err.key === 'too-large') {
      throw new CheckFailure('too-large', 'socket-too-large', { url, transport: 'polling', limit: maxBytes });
    }
    throw err;
  }
  if (status === 404) throw new CheckFailure('no-socket-io', 'no-socket-io', { url });
  if (status === 200) {
    const v3 = eio3Session(body);
    if (v3) {
      await closeSession(fetch, `${base}&sid=${encodeURIComponent(v3)}`, '1:1');
      return { eio: 3, server: SERVER_V2 };
    }
    // A server that ignores the version asked for and answers in protocol 4.
    const v4 = openPacketSession(body.split('\x1e')[0]);
    if (v4) {
      await closeSession(fetch, `${origin}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(v4)}`, '1');
      return { eio: 4, server: SERVER_V4 };
    }
    // Something answers there (a catch-all route, a page), but not Socket.IO.
    throw new CheckFailure('no-socket-io', 'no-socket-io', { url });
  }
  const refusal = status === 400 ? engineError(body) : undefined;
  if (refusal?.code === UNSUPPORTED_PROTOCOL) return { eio: 4, server: SERVER_V4 };
  if (refusal?.code === TRANSPORT_UNKNOWN) return { eio: 4, server: SERVER_V4, guessed: true };
  const message = engineError(body)?.message;
  throw new CheckFailure('socket-rejected', 'socket-refused-status', { url, status, ...(message ? { message } : {}) });
}

/** Ends the probe's session (an Engine.IO close packet), so the app does not keep a client that never comes back. */
async function closeSession(fetch: CheckFetch, url: string, packet: string): Promise<void> {
  try {
    await fetch(url, { method: 'POST', body: packet, headers: { 'content-type': 'text/plain;charset=UTF-8' } });
  } catch {
    // The app drops a silent session by itself after its ping timeout.
  }
}
