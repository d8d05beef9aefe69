import { io, type Socket } from 'socket.io-client';
import type { FailureKey } from '../i18n/index.ts';
import { CheckFailure } from './failure.ts';
import type { CheckFetch } from './fetch.ts';

/** A test client as behaviour checks see it. */
export interface TestClient {
  /** For the check's own bookkeeping; it appears in a failure's params, not in its message. */
  readonly name: string;
  /**
   * The data of the next `event` this client receives. Events are queued from the
   * moment it connects, so nothing sent while the check was busy elsewhere is lost.
   * Ends the check with `no-event` when nothing comes within the event wait.
   */
  next(event: string): Promise<unknown>;
}

/**
 * The `sockets` helper of behaviour checks: real Socket.IO clients that remember
 * what they receive. `closeAll` closes every client opened and stops every wait,
 * whatever happened; a check that overruns its limit has its whole worker
 * terminated by the pool, which closes the connections with it.
 */
export function createSockets(fetch: CheckFetch, waitMs: number) {
  const open = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  function later(ms: number, then: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      timers.delete(timer);
      then();
    }, ms);
    timers.add(timer);
    return timer;
  }

  function cancel(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    timers.delete(timer);
  }

  /** Tells apart "no Socket.IO here" from "nothing here" after a transport error. */
  async function whyNoTransport(origin: string): Promise<CheckFailure> {
    const probe = `${origin}/socket.io/?EIO=4&transport=polling`;
    try {
      const res = await fetch(probe);
      if (res.status === 404) return new CheckFailure('no-socket-io', 'no-socket-io', { url: probe });
      return new CheckFailure('socket-rejected', 'socket-refused-status', { url: probe, status: res.status });
    } catch (err) {
      if (err instanceof CheckFailure) return err;
      return new CheckFailure('unreachable', 'unreachable', { url: origin });
    }
  }

  function connect(url: string, name = 'client'): Promise<TestClient> {
    const origin = new URL(url).origin;
    const socket = io(origin, {
      reconnection: false,
      forceNew: true,
      timeout: waitMs,
      // WebSocket first: a closed client then ends its TCP connection, which the app notices
      // at once, even when the pool has to stop the worker before a polling `close` request
      // could be sent. An app that refuses WebSocket still gets long-polling.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
    });
    open.add(socket);
    const queues = new Map<string, unknown[]>();
    const waiting = new Map<string, (value: unknown) => void>();
    socket.onAny((event: string, data: unknown) => {
      const resolve = waiting.get(event);
      if (resolve) {
        waiting.delete(event);
        resolve(data);
      } else {
        queues.set(event, [...(queues.get(event) ?? []), data]);
      }
    });
    const client: TestClient = {
      name,
      next(event) {
        const queued = queues.get(event);
        if (queued?.length) return Promise.resolve(queued.shift());
        return new Promise((resolve, reject) => {
          const timer = later(waitMs, () => {
            waiting.delete(event);
            reject(new CheckFailure('no-event', 'no-event', { event, client: name, ms: waitMs }));
          });
          waiting.set(event, (data) => {
            cancel(timer);
            resolve(data);
          });
        });
      },
    };
    return new Promise((resolve, reject) => {
      // Socket.IO's own `timeout` covers the transport; a middleware (`io.use`) that never
      // calls next() would leave the namespace waiting forever without this one.
      const timer = later(waitMs, () => reject(new CheckFailure('timeout', 'connect-timeout', { url: origin, ms: waitMs })));
      socket.once('connect', () => {
        cancel(timer);
        resolve(client);
      });
      socket.once('connect_error', (err: Error & { type?: string }) => {
        cancel(timer);
        if (err.type === 'TransportError') {
          whyNoTransport(origin).then(reject, reject);
        } else if (err.message === 'timeout') {
          reject(new CheckFailure('timeout', 'connect-timeout', { url: origin, ms: waitMs }));
        } else {
          reject(new CheckFailure('socket-rejected', 'socket-rejected', { url: origin, message: err.message }));
        }
      });
    });
  }

  function closeAll(): void {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const socket of open) socket.close();
    open.clear();
  }

  return { helper: Object.freeze({ connect }), closeAll };
}

/** `fail(key, params, reason)`: ends a behaviour check with a message from the catalog. */
export function fail(key: string, params: Record<string, unknown> = {}, reason: 'assertion' | 'no-event' = 'assertion'): never {
  const safe: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(params)) {
    safe[name] = value === null || ['string', 'number', 'boolean'].includes(typeof value) ? (value as string) : String(value);
  }
  // Step files name their own keys; a test checks that each one is in every catalog.
  throw new CheckFailure(reason, key as FailureKey, safe);
}
