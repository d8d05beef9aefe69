import vm from 'node:vm';
import { assert } from 'chai';
import type { Failure, Section, Target } from '../types.ts';
import { toFailure } from './diagnose.ts';
import { createDirFetch, DIR_ORIGIN } from './dir-fetch.ts';
import { createFetch, type FetchRecord } from './fetch.ts';
import { eventWaitMs, graceMs, type Limits } from './limits.ts';
import { createSockets, fail } from './sockets.ts';

export interface CheckTask {
  code: string;
  section: Section;
  target: Target;
  limits: Limits;
}

export type Outcome = { passed: true } | { passed: false; failure: Failure };

// Checks share the worker's chai: freezing it keeps one check from changing the next.
Object.freeze(assert);

// Check code may log while an author debugs it; learners never see it.
const quietConsole = Object.freeze({ log() {}, info() {}, warn() {}, error() {}, debug() {} });

/**
 * freeCodeCamp's two forms: a script whose value is a function, called with
 * `getUserInput` (`async (getUserInput) => {...}`), or bare code with top-level
 * `await`, run as the body of an async function.
 */
async function evaluate(code: string, context: vm.Context, getUserInput: (name: string) => string): Promise<void> {
  let script: vm.Script | undefined;
  try {
    script = new vm.Script(code, { filename: 'check.js' });
  } catch (err) {
    if ((err as Error).name !== 'SyntaxError') throw err;
  }
  if (script) {
    const value: unknown = script.runInContext(context);
    if (typeof value === 'function') await (value as (g: typeof getUserInput) => unknown)(getUserInput);
    else await value;
    return;
  }
  await new vm.Script(`(async () => {\n${code}\n})()`, { filename: 'check.js', lineOffset: -1 }).runInContext(context);
}

/** Runs one check's code in a fresh context that holds only what checks use. */
export async function runCheck(task: CheckTask): Promise<Outcome> {
  const { limits, target } = task;
  const fetched: FetchRecord[] = [];
  const signal = AbortSignal.timeout(Math.max(1, limits.timeoutMs - graceMs(limits.timeoutMs)));
  const net = target.kind === 'url'
    ? createFetch(limits, signal, fetched)
    : { fetch: createDirFetch(target.dir, limits, fetched), close: async () => {} };
  const sockets = createSockets(net.fetch, eventWaitMs(limits.timeoutMs));
  const url = target.kind === 'url' ? target.url : DIR_ORIGIN;
  const getUserInput = (name: string) => (name === 'url' ? url : '');
  const context = vm.createContext({
    getUserInput,
    code: url,
    assert,
    fetch: net.fetch,
    URL,
    console: quietConsole,
    sockets: sockets.helper,
    fail,
    setTimeout,
    clearTimeout,
  });
  try {
    await evaluate(task.code, context, getUserInput);
    return { passed: true };
  } catch (err) {
    return { passed: false, failure: toFailure(err, fetched) };
  } finally {
    sockets.closeAll();
    await net.close();
  }
}
