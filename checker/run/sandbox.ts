import vm from 'node:vm';
import { assert } from 'chai';
import { CheckSyntaxError, toFailure } from './diagnose.ts';
import { createDirFetch, DIR_ORIGIN } from './dir-fetch.ts';
import { CheckFailure } from './failure.ts';
import { createFetch, hrefOf, type CheckFetch, type FetchRecord } from './fetch.ts';
import { keepAliveAgents } from './http.ts';
import { createJQuery } from './jquery.ts';
import { describeValue } from './describe.ts';
import { eventWaitMs, graceMs } from './limits.ts';
import type { Activity, CheckTask, Outcome } from './protocol.ts';
import { Budget } from './budget.ts';
import { fail } from './fail.ts';
import type { Note } from '../types.ts';

// Checks share the worker's chai: freezing it keeps one check from changing the next.
Object.freeze(assert);

// Check code may log while an author debugs it; learners never see it.
const quietConsole = Object.freeze({ log() {}, info() {}, warn() {}, error() {}, debug() {} });

interface Compiled {
  script: vm.Script;
  /**
   * A script that declares `let`, `const` or `class` at its top level leaves those names
   * in its context for good, where the next check declaring them would fail: such code
   * gets a context of its own. (Function-form checks, the usual ones, declare nothing there.)
   */
  ownContext: boolean;
}

/** Compiled check code, by its text: a class runs the same few checks hundreds of times. */
const compiled = new Map<string, Compiled>();

function compile(code: string): Compiled {
  let found = compiled.get(code);
  if (!found) {
    found = compileOnce(code);
    compiled.set(code, found);
  }
  return found;
}

/**
 * A script, or (when it does not parse as one) the same code as the body of an async
 * function, which keeps its declarations inside it.
 */
function compileOnce(code: string): Compiled {
  try {
    return { script: new vm.Script(code, { filename: 'check.js' }), ownContext: /^(?:let|const|class)\b/m.test(code) };
  } catch (err) {
    if ((err as Error).name !== 'SyntaxError') throw err;
  }
  try {
    return { script: new vm.Script(`(async () => {\n${code}\n})()`, { filename: 'check.js', lineOffset: -1 }), ownContext: false };
  } catch (err) {
    throw new CheckSyntaxError((err as Error).message);
  }
}

/**
 * freeCodeCamp's forms, all run unchanged: a script whose value is a function,
 * called with `getUserInput` (`async (getUserInput) => {...}`, or a plain function
 * returning a promise); a script whose value is a promise; or bare code with
 * top-level `await` (newest files, reading the URL from `code`), which does not
 * parse as a script and so runs as the body of an async function.
 */
async function evaluate(code: string, values: PerCheck, getUserInput: (name: string) => string): Promise<void> {
  const { script, ownContext } = compile(code);
  const value: unknown = script.runInContext(ownContext ? vm.createContext({ ...BASE_GLOBALS, ...values }) : contextFor(values));
  if (typeof value === 'function') await (value as (g: typeof getUserInput) => unknown)(getUserInput);
  else await value;
}

/**
 * `fetch` that tells the pool which URL the check waits on, and when it is back to its
 * own code; and spends what came back from the check's byte budget (the fetch log has
 * every answer's size, redirects included). Once the budget is spent, every fetch fails.
 */
function watched(fetch: CheckFetch, report: (activity: Activity) => void, budget: Budget, fetched: FetchRecord[]): CheckFetch {
  let counted = 0;
  return async (input, init) => {
    if (budget.failure) throw budget.failure;
    const url = hrefOf(input);
    report({ phase: 'fetching', url });
    try {
      return await fetch(input, init);
    } finally {
      report({ phase: 'running', url });
      for (; counted < fetched.length; counted++) budget.spend(fetched[counted]!.bytes, fetched[counted]!.url);
      if (budget.failure) throw budget.failure;
    }
  };
}

/**
 * The URL as a learner types it: `http://localhost:3000`, with no slash after the
 * host, since older hints append paths to it (`getUserInput('url') + '/_api/server.js'`);
 * `new URL(path, url)` gives the same either way.
 */
function submitted(href: string): string {
  const url = new URL(href);
  return url.pathname === '/' && !url.search && !url.hash ? href.replace(/\/$/, '') : href;
}

/** Loaded by the worker's first behaviour check, and kept. */
let behaviourTools: Promise<typeof import('./behaviour-tools.ts')> | undefined;

/** Keep-alive connections for every check this worker runs: a class reuses them. */
const agents = keepAliveAgents();

/** The names every check gets, the same for all. */
const BASE_GLOBALS = { assert, URL, console: quietConsole, describeValue };

/** The names every check gets, with values of its own. */
type PerCheck = Record<'getUserInput' | 'code' | 'fetch' | '$' | 'sockets' | 'fail' | 'setTimeout' | 'clearTimeout' | 'learnerClient' | 'sourceOrder' | 'note', unknown>;

/**
 * One context per worker, for all its checks. A context costs ~0.5 ms to make and
 * ~2 ms of garbage collection later, most of a check's time in a class; so checks share
 * it, as freeCodeCamp's hints share one page. Each check gets its own values for the
 * names it uses; what a check adds to the global is removed after it, and a context
 * that cannot be cleaned (a top-level `var`) is dropped for a new one.
 */
let shared: { context: vm.Context; names: Set<string>; remove: (names: string[]) => string[] } | undefined;

/** Deletes globals from inside a context (deleting from its sandbox object does not); returns those that would not go. */
const REMOVER = new vm.Script('(names) => names.filter((name) => !delete globalThis[name])');

function contextFor(values: PerCheck): vm.Context {
  // Not a security boundary (host objects lead back to the host): it keeps honest
  // check code to the names freeCodeCamp's runner gives it.
  shared ??= (() => {
    const context = vm.createContext({ ...BASE_GLOBALS, ...values });
    const names = new Set(Object.getOwnPropertyNames(context));
    return { context, names, remove: REMOVER.runInContext(context) as (names: string[]) => string[] };
  })();
  return Object.assign(shared.context, values);
}

/**
 * Takes back what the last check added to the shared context, so the next one starts
 * clean. Its own values stay until the next check's replace them: deleting a global of
 * a context costs more than the rest of a passing check's bookkeeping.
 */
function cleanContext(): void {
  if (!shared) return;
  const added = Object.getOwnPropertyNames(shared.context).filter((name) => !shared!.names.has(name));
  if (added.length > 0 && shared.remove(added).length > 0) shared = undefined;
}

/** `setTimeout` for one check: every timer it sets is cleared when the check ends. */
function checkTimers() {
  const timers = new Set<NodeJS.Timeout>();
  return {
    setTimeout: (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        callback(...args);
      }, ms);
      timers.add(timer);
      return timer;
    },
    clearTimeout: (timer: NodeJS.Timeout) => {
      timers.delete(timer);
      clearTimeout(timer);
    },
    clearAll: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** Runs one check's code with what checks use, and closes everything it opened when it ends. */
export async function runCheck(task: CheckTask, report: (activity: Activity) => void = () => {}, received: () => void = () => {}): Promise<Outcome> {
  const { limits, target } = task;
  // Only behaviour checks connect test clients; a hint has no use for them. Loaded before
  // the check's clock starts: the kit's own loading is not the app's time.
  const tools = task.section === 'behaviour' ? await (behaviourTools ??= import('./behaviour-tools.ts')) : undefined;
  const fetched: FetchRecord[] = [];
  const networkFailures: CheckFailure[] = [];
  // Our own fetches give up a little before the pool's hard stop, so they can name the slow URL.
  // A timer cleared at the end: AbortSignal.timeout's weak timer costs twice as much.
  const deadline = new AbortController();
  const deadlineTimer = setTimeout(() => deadline.abort(new DOMException('The operation timed out.', 'TimeoutError')), Math.max(1, limits.timeoutMs - graceMs(limits.timeoutMs)));
  const { signal } = deadline;
  const net = target.kind === 'url'
    ? createFetch({ limits, signal, log: fetched, agents })
    : { fetch: createDirFetch(target.dir, limits, fetched, target.entry), close: () => {} };
  const budget = new Budget(limits);
  const fetch = watched(net.fetch, report, budget, fetched);
  const sockets = tools ? new tools.Sockets(eventWaitMs(limits.timeoutMs), limits, budget, received) : undefined;
  // The app's own client.js, run in a page model of its own engine, fed by a test client (checker/client/).
  // The page's own time stays well inside the check's, so the page, not the pool, says when it ran too long.
  const learnerClient = tools && sockets ? tools.createLearnerClient(fetch, sockets.helper.connect, report, { ...tools.PAGE_LIMITS, cpuMs: Math.min(tools.PAGE_LIMITS.cpuMs, Math.floor(limits.timeoutMs / 4)) }) : undefined;
  // A remark a passing check adds to its verdict (what it could not look at).
  let remark: Note | undefined;
  const note = (key: string, params: Record<string, unknown> = {}) => {
    remark = tools?.noteOf(key, params);
  };
  const timers = checkTimers();
  const url = submitted(target.kind === 'url' ? target.url : DIR_ORIGIN);
  const getUserInput = (name: string) => (name === 'url' ? url : '');
  const values: PerCheck = {
    getUserInput,
    code: url,
    fetch,
    $: createJQuery(fetch, (failure) => networkFailures.push(failure)),
    sockets: sockets?.helper,
    fail: sockets?.fail ?? fail,
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    learnerClient: learnerClient?.helper,
    sourceOrder: tools?.SOURCE_ORDER,
    note: task.section === 'behaviour' ? note : undefined,
  };
  // What the app did to the check wins over what the check made of it: a check that
  // caught the failure and went on still received too much, or was flooded.
  const overruled = () => budget.failure ?? sockets?.failure;
  try {
    await evaluate(task.code, values, getUserInput);
    const forced = overruled();
    if (forced) return { passed: false, failure: toFailure(forced, fetched), ...staleOf(fetched) };
    return { passed: true, ...(remark ? { note: remark } : {}), ...staleOf(fetched) };
  } catch (err) {
    return { passed: false, failure: toFailure(overruled() ?? err, fetched, networkFailures.at(-1)), ...staleOf(fetched) };
  } finally {
    clearTimeout(deadlineTimer);
    timers.clearAll();
    learnerClient?.closeAll();
    sockets?.closeAll();
    net.close();
    cleanContext();
  }
}

/** Whether any answer showed the app runs an older server.js than it serves. */
function staleOf(fetched: FetchRecord[]): { stale?: true } {
  return fetched.some((record) => record.stale) ? { stale: true } : {};
}
