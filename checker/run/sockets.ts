import type { FailureKey } from '../i18n/index.ts';
import { CheckFailure } from './failure.ts';
import { createFetch, type CheckFetch, type FetchRecord } from './fetch.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import { SocketAgent } from './sockets/agent.ts';
import { explain, serverName, type Findings } from './sockets/explain.ts';
import { endpoint, probeProtocol, type Protocol } from './sockets/protocol.ts';
import { loadClient, type Problem, type Wire, type WireContext } from './sockets/wires.ts';

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

/** What connect() may be told besides the URL. */
export interface ConnectOptions {
  /** Called with every event the app sends this client, in order, as it arrives (the learner's page hears them this way). */
  onEvent?(event: string, data: unknown): void;
}

/** Most events a client remembers having received, to say what came instead of an awaited one. */
const ARRIVED_KEPT = 10;

/** `user_count (3), chat message ("hi")`: the events that did arrive, for a failure's params (cut again there). */
export function arrivedList(arrived: ReadonlyArray<{ event: string; data: unknown }>): string {
  return arrived
    .map(({ event, data }) => {
      let shown: string;
      try {
        shown = JSON.stringify(data) ?? String(data);
      } catch {
        shown = String(data);
      }
      return `${event} (${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown})`;
    })
    .join(', ');
}

/** One check's Socket.IO state, as `fail()` must see it. */
interface Session {
  /** A message over the cap: it ends the check, whatever the check's code does with errors. */
  fatal?: CheckFailure;
  closed: boolean;
}

/**
 * Sessions of checks still running in this thread. A worker runs one check at a time,
 * so `fail()` finds the running check's session here.
 */
const live = new Set<Session>();

/**
 * The `sockets` helper of behaviour checks: real Socket.IO clients that remember what
 * they receive, speaking whichever protocol the app's server speaks (2.x, 3.x, 4.x).
 * Every message is capped at `limits.maxBytes`, on WebSocket and long-polling alike.
 * `closeAll` closes every client, socket, polling request and timer the check opened,
 * whatever happened.
 *
 * The probe and long-polling use a fetch of their own, made like the check's (same cap,
 * deadlines and redirect rules) but not the check's: the diagnosis of a failed check
 * reads what the check itself fetched, which Socket.IO's requests must not hide.
 */
export function createSockets(_checkFetch: CheckFetch, waitMs: number, limits: Limits = DEFAULT_LIMITS) {
  const { maxBytes } = limits;
  const session: Session = { closed: false };
  live.add(session);
  const stop = new AbortController();
  const records: FetchRecord[] = [];
  const net = createFetch({ limits, signal: stop.signal, log: records });
  const fetch: CheckFetch = async (input, init) => {
    try {
      return await net.fetch(input, init);
    } finally {
      records.length = 0; // nothing reads them; a long check polls often
    }
  };
  const timers = new Set<NodeJS.Timeout>();
  const wires = new Set<Wire>();
  const agents = new Set<SocketAgent>();
  /** Waits still pending, to end at once when a message passes the cap. */
  const pending = new Set<(failure: CheckFailure) => void>();
  const protocols = new Map<string, Promise<Protocol>>();

  const ended = () => new CheckFailure('error', 'check-error', { message: 'check ended' });

  function fatal(failure: CheckFailure): void {
    if (session.fatal || session.closed) return;
    session.fatal = failure;
    for (const end of pending) end(failure);
    pending.clear();
  }

  /**
   * `work` within `ms`, or the failure `onTimeout()` gives; a message over the cap ends
   * it at once. Whatever `work` left running is closed by `closeAll`.
   */
  function within<T>(ms: number, onTimeout: () => CheckFailure, work: Promise<T>): Promise<T> {
    if (session.fatal) return Promise.reject(session.fatal);
    // Called from a promise the check left behind: it must not start a timer now.
    if (session.closed) return Promise.reject(ended());
    return new Promise<T>((resolve, reject) => {
      const settle = (then: () => void) => {
        clearTimeout(timer);
        timers.delete(timer);
        pending.delete(end);
        then();
      };
      const end = (failure: CheckFailure) => settle(() => reject(failure));
      const timer = setTimeout(() => end(onTimeout()), ms);
      timers.add(timer);
      pending.add(end);
      work.then(
        (value) => settle(() => resolve(value)),
        (err: unknown) => settle(() => reject(err))
      );
    });
  }

  /** The app's protocol, asked once per origin and check. */
  function protocolOf(origin: string): Promise<Protocol> {
    let known = protocols.get(origin);
    if (!known) {
      known = probeProtocol(fetch, origin, maxBytes);
      protocols.set(origin, known);
    }
    return known;
  }

  /** The connection's own agent and polling hooks, which report into `findings`. */
  function context(origin: string, findings: Findings, onEvent: WireContext['onEvent']): WireContext {
    const url = endpoint(origin);
    const tooLarge = (transport: string) => new CheckFailure('too-large', 'socket-too-large', { url, transport, limit: maxBytes });
    const agent = new SocketAgent(origin.startsWith('https:'), maxBytes, {
      refused: (status) => (findings.wsStatus = status),
      tooLarge: () => fatal(tooLarge('websocket')),
    });
    agents.add(agent);
    return {
      origin,
      waitMs,
      maxBytes,
      agent: agent.agent,
      fetch,
      onEvent,
      pollRefused: (status, body) => (findings.polling = { status, body }),
      pollFailed: (err) => {
        if (!(err instanceof CheckFailure)) return;
        if (err.reason === 'too-large') fatal(tooLarge('polling'));
        // Named by the endpoint: a polling request's own query changes with every request.
        else findings.pollFailure = new CheckFailure(err.reason, err.key, { ...err.params, url });
      },
    };
  }

  async function connect(url: string, name = 'client', options: ConnectOptions = {}): Promise<TestClient> {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      throw new CheckFailure('error', 'bad-url', { url: String(url) });
    }
    // A middleware (`io.use`) that never calls next() would leave the connection waiting forever.
    const tooSlow = () => new CheckFailure('timeout', 'connect-timeout', { url: origin, ms: waitMs });
    const queues = new Map<string, unknown[]>();
    const waiting = new Map<string, (value: unknown) => void>();
    const received: Array<{ event: string; data: unknown }> = [];
    const onEvent = (event: string, data: unknown) => {
      if (received.length < ARRIVED_KEPT) received.push({ event, data });
      options.onEvent?.(event, data);
      const resolve = waiting.get(event);
      if (resolve) {
        waiting.delete(event);
        resolve(data);
      } else {
        queues.set(event, [...(queues.get(event) ?? []), data]);
      }
    };
    const client: TestClient = {
      name,
      next(event) {
        if (session.fatal) return Promise.reject(session.fatal);
        const queued = queues.get(event);
        if (queued?.length) return Promise.resolve(queued.shift());
        const arrived = new Promise<unknown>((resolve) => waiting.set(event, resolve));
        return within(waitMs, () => {
          waiting.delete(event);
          // Say what did come, when something did (an app that emits 'user_count', say).
          const others = received.filter((one) => one.event !== event);
          return others.length > 0
            ? new CheckFailure('no-event', 'client.no-event-others', { event, client: name, ms: waitMs, arrived: arrivedList(others) })
            : new CheckFailure('no-event', 'no-event', { event, client: name, ms: waitMs });
        }, arrived);
      },
    };

    const protocol = await within(waitMs, tooSlow, protocolOf(origin));
    // Socket.IO 3.x and 4.x first when the server would not say (it refuses long-polling).
    for (const eio of protocol.guessed ? ([4, 3] as const) : [protocol.eio]) {
      // Loading the client library is the checker's time, not the app's: outside the wait.
      const open = await loadClient(eio);
      // The check ended while this client was on its way: it must not open anything now.
      if (session.closed) throw ended();
      const findings: Findings = {};
      const wire = open(context(origin, findings, onEvent));
      wires.add(wire);
      try {
        await within(waitMs, tooSlow, wire.ready);
      } catch (err) {
        if (err instanceof CheckFailure) throw err;
        const why = session.fatal ?? explain(err as Problem, protocol, eio, origin, waitMs, findings);
        if (why !== 'retry') throw why;
        wire.close();
        wires.delete(wire);
        queues.clear();
        received.length = 0;
        continue;
      }
      // A guess that worked holds for the check's next clients: each failed try counts
      // as one more connection on a 2.x app, which would skew the counts the check compares.
      if (protocol.guessed) protocols.set(origin, Promise.resolve({ eio, server: serverName(eio) }));
      return client;
    }
    throw new CheckFailure('socket-rejected', 'socket-version', { url: endpoint(origin), message: protocol.server });
  }

  function closeAll(): void {
    session.closed = true;
    live.delete(session);
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    pending.clear();
    for (const wire of wires) wire.close();
    wires.clear();
    // After the clients, which may still be writing a goodbye: the agents cut every socket.
    for (const agent of agents) agent.close();
    agents.clear();
    stop.abort();
    void net.close();
  }

  return { helper: Object.freeze({ connect }), closeAll };
}

/**
 * `fail(key, params, reason)`: ends a behaviour check with a message from the catalog.
 * A message over the cap wins: a check that turns a failed wait into its own verdict
 * (`.catch(() => fail(...))`) still ends as `too-large`.
 */
export function fail(key: string, params: Record<string, unknown> = {}, reason: 'assertion' | 'no-event' = 'assertion'): never {
  for (const session of live) if (session.fatal) throw session.fatal;
  const safe: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(params)) {
    safe[name] = value === null || ['string', 'number', 'boolean'].includes(typeof value) ? (value as string) : String(value);
  }
  // Step files name their own keys; a test checks that each one is in every catalog.
  throw new CheckFailure(reason, key as FailureKey, safe);
}
