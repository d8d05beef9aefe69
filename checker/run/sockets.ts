import { io, type Socket } from 'socket.io-client';
import { CheckFailure } from './failure.ts';
import type { CheckFetch } from './fetch.ts';

/** A test client as behaviour checks see it. */
export interface TestClient {
  readonly name: string;
  /** The data of the next `event` this client receives (events are queued from the moment it connects). */
  next(event: string): Promise<unknown>;
}

/**
 * The `sockets` helper of behaviour checks: real Socket.IO clients that remember
 * what they receive. Every client opened is closed by `closeAll`, whatever happens.
 */
export function createSockets(fetch: CheckFetch, waitMs: number) {
  const open = new Set<Socket>();

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
    const socket = io(origin, { reconnection: false, forceNew: true, timeout: waitMs, transports: ['polling', 'websocket'] });
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
          const timer = setTimeout(() => {
            waiting.delete(event);
            reject(new CheckFailure('no-event', 'no-event', { event, client: name, ms: waitMs }));
          }, waitMs);
          waiting.set(event, (data) => {
            clearTimeout(timer);
            resolve(data);
          });
        });
      },
    };
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(client));
      socket.once('connect_error', (err: Error & { type?: string }) => {
        if (err.type === 'TransportError') {
          whyNoTransport(origin).then(reject, reject);
        } else if (err.message === 'timeout') {
          reject(new CheckFailure('socket-rejected', 'connect-timeout', { url: origin, ms: waitMs }));
        } else {
          reject(new CheckFailure('socket-rejected', 'socket-rejected', { url: origin, message: err.message }));
        }
      });
    });
  }

  function closeAll(): void {
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
  throw new CheckFailure(reason, key, safe);
}
