import { ELLIPSIS, head } from '../text/cut.ts';
import { Budget } from './budget.ts';
import { describeValue } from './describe.ts';
import { CheckFailure } from './failure.ts';
import { fail } from './fail.ts';
import { Inbox } from './sockets/inbox.ts';
import { createFetch, type CheckFetch, type FetchRecord } from './fetch.ts';
import { DEFAULT_LIMITS, FLOOD_EVENTS, type Limits } from './limits.ts';
import { SocketAgent } from './sockets/agent.ts';
import { connectFailure, serverName, type Findings } from './sockets/connect-failure.ts';
import { endpoint, probeProtocol, type Protocol } from './sockets/engine-io.ts';
import { loadClient, type ConnectError, type Wire, type WireContext } from './sockets/wires.ts';

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
  /**
   * Disconnects this client, as a closed browser tab does: the app sees it leave while
   * the check's other clients stay. Events it was still to receive are dropped.
   */
  close(): void;
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
      // Described safely, whatever its shape (an app may send anything).
      const shown = describeValue(data);
      return `${event} (${shown.length > 40 ? `${head(shown, 40)}${ELLIPSIS}` : shown})`;
    })
    .join(', ');
}

/**
 * The `sockets` helper of behaviour checks: real Socket.IO clients that remember what
 * they receive, speaking whichever protocol the app's server speaks (2.x, 3.x, 4.x).
 * Every message is capped at `limits.maxBytes`, on WebSocket and long-polling alike.
 * One instance per check, held by the check's context (sandbox.ts): its state is
 *   open    clients may connect; waits (`within`) are pending in `pending`;
 *   fatal   a message passed the cap: every pending wait ends with that failure, and so
 *           does every later wait and the check's own `fail()` (`this.fatal`);
 *   closed  `closeAll()` closed every client, socket, polling request and timer the
 *           check opened, whatever happened; nothing opens after it.
 *
 * The probe and long-polling use a fetch of their own, made like the check's (same cap,
 * deadlines and redirect rules) but not the check's: the diagnosis of a failed check
 * reads what the check itself fetched, which Socket.IO's requests must not hide.
 */
export class Sockets {
  /** What behaviour checks see as `sockets`. */
  readonly helper: Readonly<{ connect(url: string, name?: string, options?: ConnectOptions): Promise<TestClient> }>;
  /** A message over the cap: it ends the check, whatever the check's code does with errors. */
  private fatal?: CheckFailure;
  private closed = false;
  private readonly maxBytes: number;
  private readonly stop = new AbortController();
  private readonly net: ReturnType<typeof createFetch>;
  private readonly fetch: CheckFetch;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly wires = new Set<Wire>();
  private readonly agents = new Set<SocketAgent>();
  /** Waits still pending, to end at once when a message passes the cap. */
  private readonly pending = new Set<(failure: CheckFailure) => void>();
  private readonly protocols = new Map<string, Promise<Protocol>>();

  /**
   * `budget`: the check's byte budget, which every frame and polling answer spends; once
   * spent, it ends the check as `too-large`. `received`: called as bytes come from the app.
   */
  constructor(
    private readonly waitMs: number,
    limits: Limits = DEFAULT_LIMITS,
    private readonly budget: Budget = new Budget(limits),
    private readonly received: () => void = () => {}
  ) {
    this.maxBytes = limits.maxBytes;
    const records: FetchRecord[] = [];
    this.net = createFetch({ limits, signal: this.stop.signal, log: records });
    this.fetch = async (input, init) => {
      if (this.budget.failure) throw this.budget.failure;
      try {
        return await this.net.fetch(input, init);
      } finally {
        this.received();
        for (const record of records) this.budget.spend(record.bytes, record.url);
        records.length = 0; // nothing else reads them; a long check polls often
        if (this.budget.failure) throw this.budget.failure;
      }
    };
    budget.onSpent((failure) => this.setFatal(failure));
    this.helper = Object.freeze({ connect: (url: string, name?: string, options?: ConnectOptions) => this.connect(url, name, options) });
  }

  /**
   * `fail(key, params, reason)` for this check: ends it with a message from the catalog.
   * A message over the cap wins: a check that turns a failed wait into its own verdict
   * (`.catch(() => fail(...))`) still ends as `too-large`.
   */
  readonly fail = (key: string, params: Record<string, unknown> = {}, reason: 'assertion' | 'no-event' = 'assertion'): never => {
    if (this.fatal) throw this.fatal;
    return fail(key, params, reason);
  };

  /** What ended the check whatever its code did with it: a message over the cap, the app flooding it. */
  get failure(): CheckFailure | undefined {
    return this.fatal;
  }

  /** Closes every client, socket, polling request and timer the check opened. */
  closeAll(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.pending.clear();
    for (const wire of this.wires) wire.close();
    this.wires.clear();
    // After the clients, which may still be writing a goodbye: the agents cut every socket.
    for (const agent of this.agents) agent.close();
    this.agents.clear();
    this.stop.abort();
    void this.net.close();
  }

  private ended(): CheckFailure {
    return new CheckFailure('error', 'check-error', { message: 'check ended' });
  }

  private setFatal(failure: CheckFailure): void {
    if (this.fatal || this.closed) return;
    this.fatal = failure;
    for (const end of this.pending) end(failure);
    this.pending.clear();
  }

  /**
   * `work` within `ms`, or the failure `onTimeout()` gives; a message over the cap ends
   * it at once. Whatever `work` left running is closed by `closeAll`.
   */
  private within<T>(ms: number, onTimeout: () => CheckFailure, work: Promise<T>): Promise<T> {
    if (this.fatal) return Promise.reject(this.fatal);
    // Called from a promise the check left behind: it must not start a timer now.
    if (this.closed) return Promise.reject(this.ended());
    return new Promise<T>((resolve, reject) => {
      const settle = (then: () => void) => {
        clearTimeout(timer);
        this.timers.delete(timer);
        this.pending.delete(end);
        then();
      };
      const end = (failure: CheckFailure) => settle(() => reject(failure));
      const timer = setTimeout(() => end(onTimeout()), ms);
      this.timers.add(timer);
      this.pending.add(end);
      work.then(
        (value) => settle(() => resolve(value)),
        (err: unknown) => settle(() => reject(err))
      );
    });
  }

  /** The app's protocol, asked once per origin and check. */
  private protocolOf(origin: string): Promise<Protocol> {
    let known = this.protocols.get(origin);
    if (!known) {
      known = probeProtocol(this.fetch, origin, this.maxBytes);
      this.protocols.set(origin, known);
    }
    return known;
  }

  /** The connection's own agent and polling hooks, which report into `findings`. */
  private context(origin: string, findings: Findings, onEvent: WireContext['onEvent']): WireContext {
    const url = endpoint(origin);
    const { maxBytes } = this;
    const tooLarge = (transport: string) => new CheckFailure('too-large', 'socket-too-large', { url, transport, limit: maxBytes });
    const agent = new SocketAgent(origin.startsWith('https:'), maxBytes, {
      refused: (status) => (findings.wsStatus = status),
      tooLarge: () => this.setFatal(tooLarge('websocket')),
      spend: (bytes) => this.budget.spend(bytes, url),
      overBudget: () => this.budget.failure && this.setFatal(this.budget.failure),
      received: this.received,
    });
    this.agents.add(agent);
    return {
      origin,
      waitMs: this.waitMs,
      maxBytes,
      agent: agent.agent,
      fetch: this.fetch,
      onEvent,
      pollRefused: (status, body) => (findings.polling = { status, body }),
      tooLarge: () => this.setFatal(tooLarge('websocket')),
      pollFailed: (err) => {
        if (!(err instanceof CheckFailure)) return;
        if (err === this.budget.failure) this.setFatal(err);
        else if (err.reason === 'too-large') this.setFatal(tooLarge('polling'));
        // Named by the endpoint: a polling request's own query changes with every request.
        else findings.pollFailure = new CheckFailure(err.reason, err.key, { ...err.params, url });
      },
    };
  }

  private async connect(url: string, name = 'client', options: ConnectOptions = {}): Promise<TestClient> {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      throw new CheckFailure('error', 'bad-url', { url: String(url) });
    }
    const { waitMs } = this;
    // A middleware (`io.use`) that never calls next() would leave the connection waiting forever.
    const tooSlow = () => new CheckFailure('timeout', 'connect-timeout', { url: origin, ms: waitMs });
    const inbox = new Inbox();
    let received = 0;
    /** `received` when the client last had what it waited for (0: since it connected). */
    let heard = 0;
    /** The first events that arrived, to say what came instead of an awaited one. */
    const arrived: Array<{ event: string; data: unknown }> = [];
    /** The connection this client is on, once it is open. */
    let connection: Wire | undefined;
    const client: TestClient = {
      name,
      next: (event) => {
        if (this.fatal) return Promise.reject(this.fatal);
        const answered = (data: unknown) => {
          heard = received;
          return data;
        };
        if (inbox.has(event)) return Promise.resolve(answered(inbox.take(event)));
        return this.within(waitMs, () => {
          inbox.stopWaiting(event);
          // Thousands of other events since the client last had what it waited for (counted
          // from then, not from this call: how many arrive before a check gets to ask depends
          // on how the app's packets were cut), and not this one: the app flooded the client,
          // and that, not the missing event, is the verdict (whatever the check makes of it).
          if (received - heard > FLOOD_EVENTS) {
            const flood = new CheckFailure('timeout', 'flood.busy', { ms: waitMs });
            this.setFatal(flood);
            return flood;
          }
          // Say what did come, when something did (an app that emits 'user_count', say).
          const others = arrived.filter((one) => one.event !== event);
          return others.length > 0
            ? new CheckFailure('no-event', 'client.no-event-others', { event, client: name, ms: waitMs, arrived: arrivedList(others) })
            : new CheckFailure('no-event', 'no-event', { event, client: name, ms: waitMs });
        }, inbox.wait(event).then(answered));
      },
      close: () => {
        if (!connection) return;
        connection.close();
        this.wires.delete(connection);
        connection = undefined;
        inbox.clear();
      },
    };
    const onEvent = (event: string, data: unknown) => {
      received++;
      if (arrived.length < ARRIVED_KEPT) arrived.push({ event, data });
      options.onEvent?.(event, data);
      inbox.put(event, data);
    };

    const protocol = await this.within(waitMs, tooSlow, this.protocolOf(origin));
    // Socket.IO 3.x and 4.x first when the server would not say (it refuses long-polling).
    for (const eio of protocol.guessed ? ([4, 3] as const) : [protocol.eio]) {
      // Loading the client library is the checker's time, not the app's: outside the wait.
      const open = await loadClient(eio);
      // The check ended while this client was on its way: it must not open anything now.
      if (this.closed) throw this.ended();
      const findings: Findings = {};
      const wire = open(this.context(origin, findings, onEvent));
      this.wires.add(wire);
      try {
        await this.within(waitMs, tooSlow, wire.ready);
      } catch (err) {
        if (err instanceof CheckFailure) throw err;
        const why = this.fatal ?? connectFailure(err as ConnectError, protocol, eio, origin, waitMs, findings);
        if (why !== 'retry') throw why;
        wire.close();
        this.wires.delete(wire);
        inbox.clear();
        arrived.length = 0;
        continue;
      }
      // A guess that worked holds for the check's next clients: each failed try counts
      // as one more connection on a 2.x app, which would skew the counts the check compares.
      if (protocol.guessed) this.protocols.set(origin, Promise.resolve({ eio, server: serverName(eio) }));
      connection = wire;
      return client;
    }
    throw new CheckFailure('socket-rejected', 'socket-version', { url: endpoint(origin), message: protocol.server });
  }
}

/** A check's Socket.IO state and helper (kept as a function for the callers that make one). */
export function createSockets(_checkFetch: CheckFetch, waitMs: number, limits: Limits = DEFAULT_LIMITS, budget?: Budget, received?: () => void): Sockets {
  return new Sockets(waitMs, limits, budget, received);
}
