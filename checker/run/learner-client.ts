// The `learnerClient` helper of behaviour checks: the app's own /public/client.js, run in
// a model of the chat page inside a separate engine (engine.ts), its `io()` socket fed by
// a real Socket.IO test client connected to the same app. It answers the questions the
// browser's console would: did the script load, did it connect, does its socket listen
// for the app's event, and did its listener take the data without throwing.

import { CheckFailure } from './failure.ts';
import type { CheckFetch } from './fetch.ts';
import type { Activity } from './protocol.ts';
import type { ConnectOptions, TestClient } from './sockets.ts';
import { Page, PageStopped, PAGE_LIMITS, warmEngine, type Delivery, type PageError, type PageLimits } from '../client/engine.ts';

type Connect = (url: string, name?: string, options?: ConnectOptions) => Promise<TestClient>;

/** What the page's socket did with an event from the app, as a check reads it. */
export interface Heard {
  /** The event's data, as the app sent it. */
  data: unknown;
  /** How many of the page's listeners for it ran (0: none was registered). */
  listeners: number;
  /** The events the page's socket listens for, comma-separated ('' when none). */
  listens: string;
  /** The first listener's error, when one threw. */
  error?: { name: string; message: string; line: string };
}

/** The page's script, loaded and connected. */
export interface LoadedPage {
  /** Waits for `event` from the app (no-event when it never comes) and says what the page's socket did with it. */
  hear(event: string): Promise<Heard>;
}

const PATH = '/public/client.js';
/** How failures name the file: as the learner's folder holds it. */
const FILE = 'public/client.js';

/** QuickJS's words for a `let`/`const` used above its line (a browser says "Cannot access 'x' before initialization"). */
const BEFORE_INIT = /^(\S+) is not initialized$/;

function lineText(line: number | null): string {
  return line === null ? '?' : String(line);
}

/** Why the script did not load, as a failure in the learner's words. */
function loadFailure(url: string, error: PageError): CheckFailure {
  const early = error.name === 'ReferenceError' ? BEFORE_INIT.exec(error.message) : null;
  if (early) return new CheckFailure('assertion', 'client.used-before-created', { url, variable: early[1]!, line: lineText(error.line) });
  const params = { url, name: error.name, message: error.message, line: lineText(error.line) };
  return new CheckFailure('assertion', error.where === 'ready' ? 'client.ready-error' : 'client.load-error', params);
}

/**
 * `report` tells the pool when the page's code runs, so that a page that holds the thread
 * past the check's hard limit is named as the learner's client, not as the check.
 */
export function createLearnerClient(fetch: CheckFetch, connect: Connect, report: (activity: Activity) => void = () => {}, limits: PageLimits = PAGE_LIMITS) {
  /** Runs page work with the pool told so. */
  function inPage<T>(work: () => T): T {
    report({ phase: 'page', url: FILE });
    try {
      return work();
    } finally {
      report({ phase: 'running', url: FILE });
    }
  }

  const pages = new Set<Page>();
  warmEngine();

  function stopped(err: unknown): unknown {
    if (!(err instanceof PageStopped)) return err;
    return err.why === 'time'
      ? new CheckFailure('timeout', 'client.busy', { url: FILE, ms: limits.cpuMs })
      : new CheckFailure('error', 'client.memory', { url: FILE, mb: Math.round(limits.memoryBytes / 2 ** 20) });
  }

  async function open(appUrl: string): Promise<LoadedPage> {
    const url = new URL(PATH, appUrl).href;
    const res = await fetch(url);
    if (!res.ok) throw new CheckFailure('http-status', res.status === 404 ? 'not-found' : 'http-status', { url, status: res.status, statusText: res.statusText });
    const source = await res.text();
    report({ phase: 'page', url: FILE });
    const page = await Page.open(new URL('/chat', appUrl).href, limits);
    report({ phase: 'running', url: FILE });
    pages.add(page);
    const startedAt = performance.now();
    const tick = () => inPage(() => page.tick(performance.now() - startedAt));

    let client: TestClient;
    const firstOf = new Map<string, Delivery>();
    let live = false;
    const early: Array<[string, unknown]> = [];
    let stop: unknown;
    const deliver = (event: string, data: unknown) => {
      if (stop) return;
      try {
        const done = inPage(() => page.deliver(0, event, [data]));
        if (!firstOf.has(event)) firstOf.set(event, done);
      } catch (err) {
        stop = err; // thrown again by hear(): never into the Socket.IO client's own code
      }
    };
    try {
      const thrown = inPage(() => page.load(source));
      if (thrown) throw loadFailure(FILE, thrown);
      const ready = inPage(() => page.loaded());
      if (ready.errors[0]) throw loadFailure(FILE, ready.errors[0]);
      tick();
      if (ready.sockets === 0) throw new CheckFailure('assertion', 'client.no-io', { url: FILE });
      const options: ConnectOptions = { onEvent: (event, data) => (live ? deliver(event, data) : early.push([event, data])) };
      client = await connect(appUrl, 'page', options);
      // As in a browser: 'connect' first, then what the app sent on connection.
      deliver('connect', 'kit');
      for (const [event, data] of early.splice(0)) deliver(event, data);
      live = true;
      if (stop) throw stop;
      tick();
    } catch (err) {
      throw stopped(err);
    }

    return Object.freeze({
      async hear(event: string): Promise<Heard> {
        const data = await client.next(event);
        try {
          if (stop) throw stop;
          tick();
        } catch (err) {
          throw stopped(err);
        }
        const done = firstOf.get(event) ?? { listeners: 0, error: null, listens: [] };
        const heard: Heard = { data, listeners: done.listeners, listens: done.listens.join(', ') };
        if (done.error) heard.error = { name: done.error.name, message: done.error.message, line: lineText(done.error.line) };
        return heard;
      },
    });
  }

  function closeAll(): void {
    for (const page of pages) page.close();
    pages.clear();
  }

  return { helper: Object.freeze({ open }), closeAll };
}
