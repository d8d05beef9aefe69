// One Socket.IO connection, whatever the server's version: socket.io-client 4.x for
// Engine.IO protocol 4 (Socket.IO 3.x and 4.x), socket.io-client 2.x for protocol 3
// (Socket.IO 2.x). Both are imported by loadClient, on first use, never before: a run
// of the hints alone does not load them.

import type { Agent } from 'node:http';
import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import type lookupV2 from 'socket.io-client-v2';
import type { CheckFetch } from '../fetch.ts';
import { httpRequest } from '../http.ts';
import { MAX_SOCKET_TIMER_MS } from '../limits.ts';

/** Why a connection attempt failed, before connect-failure.ts turns it into the check's failure. */
export type ConnectError =
  /** The transport failed: what the agent and the polling requests recorded says why. */
  | { kind: 'transport' }
  | { kind: 'timeout' }
  /** The Socket.IO server answered, and said no (a middleware's error). */
  | { kind: 'refused'; message: string }
  /** A 4.x client reached a 2.x server (socket.io-client's own words for it). */
  | { kind: 'v2-server'; message: string };

export interface WireContext {
  origin: string;
  waitMs: number;
  maxBytes: number;
  /** WebSocket connections go through it (agent.ts). */
  agent: Agent;
  /** Long-polling requests go through it: a fetch made like the check's, capped and timed. */
  fetch: CheckFetch;
  /** Every event the app sends, in order. */
  onEvent(name: string, data: unknown): void;
  /** A polling request was answered with an error status. */
  pollRefused(status: number, body: string): void;
  /** A polling request failed (too large, too slow, cut off). */
  pollFailed(err: unknown): void;
  /** The client's own `ws` refused a message over `maxBytes` (the second wall, after the agent's meter). */
  tooLarge(): void;
}

export interface Wire {
  /** Settles once: connected, or a ConnectError. */
  ready: Promise<void>;
  /** Stops the client; its sockets are destroyed by the agent and the fetch's owner. */
  close(): void;
}

export type OpenWire = (ctx: WireContext) => Wire;

type ClientV4 = typeof import('socket.io-client');

/** The client library for a protocol, imported on first use (later calls find it loaded). */
export async function loadClient(eio: 3 | 4): Promise<OpenWire> {
  if (eio === 3) {
    const { default: lookup } = await import('socket.io-client-v2');
    return (ctx) => openV2(lookup, ctx);
  }
  const client = await import('socket.io-client');
  return (ctx) => openV4(client, ctx);
}

/** socket.io-client 4.x's message when a 4.x client meets a 2.x server. */
const V2_SERVER = /server in v2\.x/;

/** `ws`'s error for a message over its `maxPayload` (ws 7 and 8 alike). */
const isMaxPayload = (err: unknown) => err instanceof RangeError && /max payload size exceeded/i.test(err.message);

/**
 * Makes an app's handshake (the Engine.IO open packet) safe before the client reads it:
 * timings a timer can hold (a longer one fires at once, and Node prints a
 * TimeoutOverflowWarning), and a short list of upgrades (one listed 80 000 times would
 * have the client probe each; the clients are also told not to upgrade).
 */
export function saneHandshake(data: { pingInterval?: unknown; pingTimeout?: unknown; upgrades?: unknown }): void {
  if (typeof data !== 'object' || data === null) return;
  const clamp = (ms: unknown, fallback: number) => (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? Math.min(ms, MAX_SOCKET_TIMER_MS) : fallback);
  data.pingInterval = clamp(data.pingInterval, 25_000);
  data.pingTimeout = clamp(data.pingTimeout, 20_000);
  data.upgrades = Array.isArray(data.upgrades) ? [...new Set(data.upgrades.slice(0, 16))] : [];
}

/** Longest wait for the app to take a polling client's goodbye (a busy machine may need a few hundred ms). */
export const GOODBYE_MS = 300;

/**
 * Tells the app that a long-polling client is gone (an Engine.IO 4 close packet). A
 * closed TCP connection says it for WebSocket; a polling session would otherwise stay
 * open on the app until its ping timeout, 45 s on 4.x. This request has its own short
 * deadline, because the helper's fetch is aborted as soon as the check ends: it is over,
 * answered or not, within GOODBYE_MS, before the worker reports the check as ended.
 */
function goodbye(origin: string, sid: string): void {
  const url = new URL(`${origin}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error('goodbye not taken')), GOODBYE_MS);
  // Through the worker's own undici Agent, as every request of a check; answered or not, it is over.
  httpRequest({ url, method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: Buffer.from('1'), signal: deadline.signal, maxBytes: 1024 })
    .catch(() => {})
    .finally(() => clearTimeout(timer));
}

/**
 * Long-polling through the helper's fetch (the checker's, see createFetch), so that polling
 * answers have the same cap, deadlines and redirect rules as everything else a check
 * fetches, and end with the check. engine.io-client takes transport classes in `transports`.
 */
function cappedPolling(Fetch: ClientV4['Fetch'], ctx: WireContext, onSession: (sid: string) => void) {
  async function request(uri: string, data?: string): Promise<string> {
    const sid = new URL(uri).searchParams.get('sid');
    if (sid) onSession(sid);
    let res: Awaited<ReturnType<CheckFetch>>;
    try {
      res = await ctx.fetch(uri, data === undefined ? {} : { method: 'POST', body: data, headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    } catch (err) {
      ctx.pollFailed(err);
      throw err;
    }
    const text = await res.text();
    if (!res.ok) {
      ctx.pollRefused(res.status, text);
      throw new Error(`status ${res.status}`);
    }
    return text;
  }
  return class CappedPolling extends Fetch {
    override doPoll(): void {
      request(this.uri()).then(
        (text) => this.onData(text),
        (err: unknown) => this.onError('fetch read error', err)
      );
    }
    override doWrite(data: string, callback: () => void): void {
      request(this.uri(), data).then(callback, (err: unknown) => this.onError('fetch write error', err));
    }
  };
}

/** Socket.IO 3.x and 4.x: WebSocket first, then long-polling for an app that refuses WebSocket. */
function openV4({ io, Fetch, NodeWebSocket }: ClientV4, ctx: WireContext): Wire {
  let pollingSession: string | undefined;
  /** `ws` with our agent, and its own message limit reported as too large (not as a lost connection). */
  class WalledWebSocket extends NodeWebSocket {
    override createSocket(uri: string, protocols: string | string[] | undefined, opts: Record<string, unknown>) {
      const ws = super.createSocket(uri, protocols, opts) as import('node:events').EventEmitter;
      ws.on('error', (err: unknown) => isMaxPayload(err) && ctx.tooLarge());
      return ws as ReturnType<InstanceType<typeof NodeWebSocket>['createSocket']>;
    }
  }
  const options: Partial<ManagerOptions & SocketOptions> = {
    reconnection: false,
    forceNew: true,
    timeout: ctx.waitMs,
    // WebSocket first: a closed client then ends its TCP connection, which the app notices at once.
    transports: [WalledWebSocket, cappedPolling(Fetch, ctx, (sid) => (pollingSession = sid))],
    tryAllTransports: true,
    // A client on long-polling stays there: the app refused WebSocket already, and probing
    // the upgrades an app lists is work the app could multiply.
    upgrade: false,
  };
  // Passed on to `ws`, which the client's types do not list: our agent, the message cap, and
  // no compression, so that the size a frame declares is the size of its message.
  const forWs = { agent: ctx.agent, maxPayload: ctx.maxBytes, perMessageDeflate: false };
  const socket = io(ctx.origin, { ...options, ...(forWs as object) });
  socket.io.engine?.on('handshake', saneHandshake);
  socket.onAny((event: string, data: unknown) => ctx.onEvent(event, data));
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err: Error & { type?: string }) => {
      if (err.type === 'TransportError') reject({ kind: 'transport' } satisfies ConnectError);
      else if (err.message === 'timeout') reject({ kind: 'timeout' } satisfies ConnectError);
      else if (V2_SERVER.test(err.message)) reject({ kind: 'v2-server', message: err.message } satisfies ConnectError);
      else reject({ kind: 'refused', message: String(err.message) } satisfies ConnectError);
    });
  });
  ready.catch(() => {});
  return {
    ready,
    close() {
      socket.offAny();
      socket.close();
      if (pollingSession) goodbye(ctx.origin, pollingSession);
    },
  };
}

/**
 * Socket.IO 2.x, by WebSocket only. socket.io-client 2.x polls through xmlhttprequest-ssl,
 * which follows redirects on its own, outside any agent, and takes transport names only,
 * so its polling could be neither capped nor surely closed; its WebSocket goes through our
 * agent, where every byte is metered and every socket closed. A 2.x server accepts
 * WebSocket from the first request unless told to poll only.
 */
function openV2(lookup: typeof lookupV2, ctx: WireContext): Wire {
  const socket = lookup(ctx.origin, {
    reconnection: false,
    forceNew: true,
    timeout: ctx.waitMs,
    transports: ['websocket'],
    agent: ctx.agent,
    perMessageDeflate: false,
    // Node's `ws` even where a global WebSocket exists: only `ws` takes our agent.
    forceNode: true,
    upgrade: false,
  });
  // The engine and its WebSocket exist as soon as lookup() returns (the manager opens at once).
  const engine = socket.io.engine;
  engine?.on('handshake', saneHandshake);
  // socket.io-client 2.x cannot pass `maxPayload` to its `ws` (7.x): the limit is set on the
  // receiver `ws` makes at the upgrade, before it reads a frame (its 'open' comes first).
  // A private field of ws 7, pinned by the lockfile; the agent's meter is the first wall.
  const ws = engine?.transport?.ws;
  ws?.on('open', () => {
    if (ws._receiver) ws._receiver._maxPayload = ctx.maxBytes;
  });
  ws?.on('error', (err: unknown) => isMaxPayload(err) && ctx.tooLarge());
  // 2.x has no onAny: the manager's decoded packets carry every event of the main namespace.
  socket.io.on('packet', (packet) => {
    if ((packet.type === 2 || packet.type === 5) && packet.nsp === '/' && Array.isArray(packet.data)) {
      ctx.onEvent(String(packet.data[0]), packet.data[1]);
    }
  });
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', () => reject({ kind: 'transport' } satisfies ConnectError));
    socket.once('connect_timeout', () => reject({ kind: 'timeout' } satisfies ConnectError));
    // A middleware's `next(new Error(...))` arrives as an `error` event with its message (not
    // an Error: that is the engine failing between its handshake and the namespace's).
    socket.once('error', (data: unknown) =>
      reject((data instanceof Error ? { kind: 'transport' } : { kind: 'refused', message: messageOf(data) }) satisfies ConnectError)
    );
  });
  ready.catch(() => {});
  return {
    ready,
    close() {
      socket.close();
      socket.io.close();
    },
  };
}

/** A 2.x error's data: the message itself, or the data the app gave the error instead (its `message` when it has one, else the data as JSON). */
function messageOf(data: unknown): string {
  if (typeof data === 'string') return data;
  const message = (data as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(JSON.stringify(data) ?? data);
}
