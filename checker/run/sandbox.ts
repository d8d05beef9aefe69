import vm from 'node:vm';
import { assert } from 'chai';
import { CheckSyntaxError, toFailure } from './diagnose.ts';
import { createDirFetch, DIR_ORIGIN } from './dir-fetch.ts';
import { CheckFailure } from './failure.ts';
import { createFetch, hrefOf, type CheckFetch, type FetchRecord } from './fetch.ts';
import { keepAliveAgents } from './http.ts';
import { createJQuery } from './jquery.ts';
import { eventWaitMs, graceMs } from './limits.ts';
import type { Activity, CheckTask, Outcome } from './protocol.ts';
import { createSockets, fail } from './sockets.ts';

// Checks share the worker's chai: freezing it keeps one check from changing the next.
Object.freeze(assert);

// Check code may log while an author debugs it; learners never see it.
const quietConsole = Object.freeze({ log() {}, info() {}, warn() {}, error() {}, debug() {} });

/** Compiled check code, by its text: a class runs the same few checks hundreds of times. */
const compiled = new Map<string, vm.Script>();

function compile(code: string): vm.Script {
  let script = compiled.get(code);
  if (!script) {
    script = compileOnce(code);
    compiled.set(code, script);
  }
  return script;
}

/** A script, or (when it does not parse as one) the same code as the body of an async function. */
function compileOnce(code: string): vm.Script {
  try {
    return new vm.Script(code, { filename: 'check.js' });
  } catch (err) {
    if ((err as Error).name !== 'SyntaxError') throw err;
  }
  try {
    return new vm.Script(`(async () => {\n${code}\n})()`, { filename: 'check.js', lineOffset: -1 });
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
async function evaluate(code: string, context: vm.Context, getUserInput: (name: string) => string): Promise<void> {
  const value: unknown = compile(code).runInContext(context);
  if (typeof value === 'function') await (value as (g: typeof getUserInput) => unknown)(getUserInput);
  else await value;
}

/** `fetch` that tells the pool which URL the check waits on, and when it is back to its own code. */
function watched(fetch: CheckFetch, report: (activity: Activity) => void): CheckFetch {
  return async (input, init) => {
    const url = hrefOf(input);
    report({ phase: 'fetching', url });
    try {
      return await fetch(input, init);
    } finally {
      report({ phase: 'running', url });
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

/** Keep-alive connections for every check this worker runs: a class reuses them. */
const agents = keepAliveAgents();

/** Runs one check's code in a fresh context that holds only what checks use. */
export async function runCheck(task: CheckTask, report: (activity: Activity) => void = () => {}): Promise<Outcome> {
  const { limits, target } = task;
  const fetched: FetchRecord[] = [];
  const networkFailures: CheckFailure[] = [];
  // Our own fetches give up a little before the pool's hard stop, so they can name the slow URL.
  const signal = AbortSignal.timeout(Math.max(1, limits.timeoutMs - graceMs(limits.timeoutMs)));
  const net = target.kind === 'url'
    ? createFetch({ limits, signal, log: fetched, agents })
    : { fetch: createDirFetch(target.dir, limits, fetched, target.entry), close: () => {} };
  const fetch = watched(net.fetch, report);
  const sockets = createSockets(fetch, eventWaitMs(limits.timeoutMs));
  const url = submitted(target.kind === 'url' ? target.url : DIR_ORIGIN);
  const getUserInput = (name: string) => (name === 'url' ? url : '');
  // Not a security boundary (host objects lead back to the host): it keeps honest
  // check code to the names freeCodeCamp's runner gives it.
  const context = vm.createContext({
    getUserInput,
    code: url,
    assert,
    fetch,
    $: createJQuery(fetch, (failure) => networkFailures.push(failure)),
    URL,
    console: quietConsole,
    sockets: sockets.helper,
    fail,
    setTimeout,
    clearTimeout,
  });
  try {
    await evaluate(task.code, context, getUserInput);
    return { passed: true, ...staleOf(fetched) };
  } catch (err) {
    return { passed: false, failure: toFailure(err, fetched, networkFailures.at(-1)), ...staleOf(fetched) };
  } finally {
    sockets.closeAll();
    net.close();
  }
}

/** Whether any answer showed the app runs an older server.js than it serves. */
function staleOf(fetched: FetchRecord[]): { stale?: true } {
  return fetched.some((record) => record.stale) ? { stale: true } : {};
}
