// `check --watch`: re-check whenever what the app serves changes. About once a second it
// asks for the two files the lesson's hints read (cheap: two small GETs, or two reads of
// a folder) and compares their digests, and the digest of the server.js the app says it
// loaded, so a restart counts as a change too. Ctrl-C stops it, leaving nothing behind.

import { createHash } from 'node:crypto';
import { translator } from '../i18n/index.ts';
import { paintFor } from '../render/colour.ts';
import { renderText } from '../render/text.ts';
import { createDirFetch, DIR_ORIGIN } from '../run/dir-fetch.ts';
import { createFetch, LOADED_DIGEST_HEADER } from '../run/fetch.ts';
import { keepAliveAgents } from '../run/http.ts';
import { DEFAULT_LIMITS } from '../run/limits.ts';
import type { CheckPool } from '../run/pool.ts';
import { run } from '../run/run.ts';
import { targetName } from '../target.ts';
import type { Step, Target } from '../types.ts';
import type { CliOptions } from './args.ts';
import { INTERRUPTED, type Io } from './io.ts';
import { courseLine } from './next-step.ts';
import { runOptionsOf } from './run-options.ts';

/** How often the app is asked whether anything changed. */
export const POLL_MS = 1000;

/** Each poll's limit: an app that does not answer within it counts as down. */
const POLL_TIMEOUT_MS = 2000;

/** The files the hints read, by the path the app serves them at. */
const WATCHED = ['/_api/server.js', '/public/client.js'];

const digest = (body: Uint8Array) => createHash('sha256').update(body).digest('hex');

/** What the target serves now, as one string: equal strings mean nothing changed. */
export async function fingerprint(target: Target, agents = keepAliveAgents()): Promise<string> {
  // The checks' own fetches, so a folder is read as --dir reads it and an app as the hints ask it.
  const limits = { ...DEFAULT_LIMITS, timeoutMs: POLL_TIMEOUT_MS };
  const net = target.kind === 'url'
    ? createFetch({ limits, signal: AbortSignal.timeout(POLL_TIMEOUT_MS), log: [], agents })
    : { fetch: createDirFetch(target.dir, limits, [], target.entry), close: () => {} };
  const base = target.kind === 'url' ? target.url : DIR_ORIGIN;
  try {
    const parts = await Promise.all(
      WATCHED.map(async (pathname) => {
        try {
          const res = await net.fetch(new URL(pathname, base));
          return `${res.status}:${digest(new Uint8Array(await res.arrayBuffer()))}:${res.headers.get(LOADED_DIGEST_HEADER) ?? ''}`;
        } catch (err) {
          return `down:${(err as { key?: string }).key ?? (err as Error).name}`;
        }
      }),
    );
    return parts.join('|');
  } finally {
    net.close();
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Checks, then waits for a change and checks again, until `signal` aborts; returns
 * 130 then. The hints run on every change; the behaviour checks (which connect test
 * clients and raise the app's count) only once the hints pass.
 */
export async function watchMain(options: CliOptions, step: Step, io: Io, pool: CheckPool, signal?: AbortSignal): Promise<number> {
  const t = translator(options.lang);
  const paint = paintFor(io.stdout, io.env);
  const agents = keepAliveAgents();
  let seen: string | undefined;
  try {
    while (!signal?.aborted) {
      const now = await fingerprint(options.target, agents);
      if (now !== seen && !signal?.aborted) {
        seen = now;
        const results = await run(step, options.target, {
          ...runOptionsOf(options),
          behaviourAfterHints: true,
          pool,
          signal,
        });
        // On a terminal the report replaces the last one; in a log, reports follow each other.
        const clear = io.stdout.isTTY ? '\u001b[2J\u001b[3J\u001b[H' : '\n';
        const time = new Date().toLocaleTimeString(options.lang);
        const footer = paint.dim(t('watch.watching', { target: targetName(options.target), time }));
        const next = results.passed && !results.interrupted ? await courseLine(options) : undefined;
        io.stdout.write(`${clear}${renderText(results, t, paint, step.title, true)}\n\n${next ? `${next}\n\n` : ''}${footer}\n`);
      }
      await pause(POLL_MS, signal);
    }
    return INTERRUPTED;
  } finally {
    void agents.destroy().catch(() => {});
  }
}
