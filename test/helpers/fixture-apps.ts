// The tiny Socket.IO apps of test/fixtures/apps/<case>/, each with the verdicts the
// checker should give beside it (expected.json), and what the tests ask them.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Reason, Status } from '../../checker/types.ts';
import { ROOT, startApp, type RunningApp } from './apps.ts';
import { startNode } from './process.ts';

export const FIXTURE_APPS_DIR = path.join(ROOT, 'test/fixtures/apps');

/** What one behaviour check should give: `key` names the catalog message under `failures.`. */
export interface ExpectedCheck {
  status: Status;
  reason?: Reason;
  key?: string;
}

/**
 * expected.json: the step it is checked on (default: the course's first,
 * communicate-by-emitting), the hints' statuses in file order, then each behaviour check's verdict.
 */
export interface Expected {
  step?: string;
  hints: Status[];
  behaviour: ExpectedCheck[];
}

export const FIRST_STEP = 'communicate-by-emitting';

/** The fixture apps of a step, by folder name: every folder that holds a server.js and an expected.json naming that step. */
export function fixtureApps(step = FIRST_STEP): string[] {
  return readdirSync(FIXTURE_APPS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => ['server.js', 'expected.json'].every((file) => existsSync(path.join(FIXTURE_APPS_DIR, name, file))))
    .filter((name) => (readExpected(name).step ?? FIRST_STEP) === step)
    .sort();
}

export function readExpected(name: string): Expected {
  return JSON.parse(readFileSync(path.join(FIXTURE_APPS_DIR, name, 'expected.json'), 'utf8')) as Expected;
}

/** The Socket.IO servers the fixture apps run on: the package each loads (FIXTURE_SOCKET_IO). */
export const SOCKET_IO_SERVERS = [
  { version: '2.x', pkg: 'socket.io-v2' },
  { version: '3.x', pkg: 'socket.io-v3' },
  { version: '4.x', pkg: 'socket.io' },
] as const;
export type SocketIoVersion = (typeof SOCKET_IO_SERVERS)[number]['version'];

/**
 * Starts a fixture app on a free port of its own, on Socket.IO 4.x unless `pkg` names another;
 * with NODE_ENV=production (CORS for freeCodeCamp, as its boilerplate then) unless `env` says otherwise.
 */
export function startFixture(name: string, pkg = 'socket.io', env: NodeJS.ProcessEnv = {}): Promise<RunningApp> {
  return startApp(path.join(FIXTURE_APPS_DIR, name), { FIXTURE_SOCKET_IO: pkg, NODE_ENV: 'production', ...env });
}

/**
 * Starts several fixture apps in one process (test/fixtures/apps/host.cjs), on Socket.IO
 * 4.x unless `pkg` names another. Stopping any of them stops the process, and so all.
 */
export async function startFixtures<N extends string>(names: readonly N[], pkg = 'socket.io'): Promise<Record<N, RunningApp>> {
  const listening = (output: string) => new Map([...output.matchAll(/http:\/\/localhost:(\d+) \(([\w-]+)\)/g)].map(([, port, name]) => [name!, Number(port)]));
  const host = await startNode([path.join(FIXTURE_APPS_DIR, 'host.cjs'), ...names], (output) => names.every((name) => listening(output).has(name)), {
    env: { FIXTURE_SOCKET_IO: pkg, NODE_ENV: 'production', LANG: 'en_US.UTF-8' },
  });
  const ports = listening(host.output());
  return Object.fromEntries(names.map((name) => [name, { url: `http://127.0.0.1:${ports.get(name)}`, port: ports.get(name)!, child: host.child, stop: host.stop }])) as Record<N, RunningApp>;
}

/**
 * Starts apps all at once. If one fails to start, the others are stopped before the
 * error is thrown, so nothing outlives a failed `before`.
 */
export async function startAll<K extends string>(starters: Record<K, () => Promise<RunningApp>>): Promise<Record<K, RunningApp>> {
  const names = Object.keys(starters) as K[];
  const started = await Promise.allSettled(names.map((name) => starters[name]()));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await stopAll(started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])));
    throw failed.reason;
  }
  return Object.fromEntries(names.map((name, i) => [name, (started[i] as PromiseFulfilledResult<RunningApp>).value])) as Record<K, RunningApp>;
}

/**
 * Starts apps five at a time, each batch tried twice: fifteen Node processes starting at
 * once on a busy machine miss their start-up deadline. As with startAll, a failure stops
 * those already started before the error is thrown.
 */
export async function startInBatches<K extends string>(starters: Record<K, () => Promise<RunningApp>>, size = 5): Promise<Record<K, RunningApp>> {
  const names = Object.keys(starters) as K[];
  const apps = {} as Record<K, RunningApp>;
  for (let at = 0; at < names.length; at += size) {
    const batch = Object.fromEntries(names.slice(at, at + size).map((name) => [name, starters[name]])) as Record<K, () => Promise<RunningApp>>;
    try {
      Object.assign(apps, await startAll(batch).catch(() => startAll(batch)));
    } catch (err) {
      await stopAll(Object.values<RunningApp>(apps));
      throw err;
    }
  }
  return apps;
}

/** Stops every app, whatever happens to the others. */
export async function stopAll(apps: Iterable<RunningApp | undefined>): Promise<void> {
  await Promise.allSettled([...apps].map((app) => app?.stop()));
}

/** How many Socket.IO clients the fixture app has connected now (its /_test/clients route). */
export async function openClients(app: RunningApp): Promise<number> {
  const res = await fetch(new URL('/_test/clients', app.url));
  const { clients } = (await res.json()) as { clients: number };
  return clients;
}

/**
 * Waits until the app has no Socket.IO client left. A client closed on our side
 * needs a moment to reach the server, so this asks a few times before it gives up
 * and returns what it last saw (the test then fails showing that number).
 */
export async function settledClients(app: RunningApp, tries = 40, pauseMs = 50): Promise<number> {
  let clients = await openClients(app);
  for (let i = 1; i < tries && clients > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    clients = await openClients(app);
  }
  return clients;
}

/** A catalog template (`... got {before}, then {after} ...`) as a pattern that any values fill. */
export function templatePattern(template: string): RegExp {
  const parts = template.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*?')}$`, 's');
}
