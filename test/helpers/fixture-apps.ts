// The tiny Socket.IO apps of test/fixtures/apps/<case>/, each with the verdicts the
// checker should give beside it (expected.json), and what the tests ask them.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Reason, Status } from '../../checker/types.ts';
import { ROOT, startApp, type RunningApp } from './apps.ts';

export const FIXTURE_APPS_DIR = path.join(ROOT, 'test/fixtures/apps');

/** What one behaviour check should give: `key` names the catalog message under `failures.`. */
export interface ExpectedCheck {
  status: Status;
  reason?: Reason;
  key?: string;
}

/** expected.json: the hints' statuses in file order, then each behaviour check's verdict. */
export interface Expected {
  hints: Status[];
  behaviour: ExpectedCheck[];
}

/** The fixture apps, by folder name: every folder that holds a server.js and an expected.json. */
export function fixtureApps(): string[] {
  return readdirSync(FIXTURE_APPS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => ['server.js', 'expected.json'].every((file) => existsSync(path.join(FIXTURE_APPS_DIR, name, file))))
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

/** Starts a fixture app on a free port of its own, on Socket.IO 4.x unless `pkg` names another. */
export function startFixture(name: string, pkg = 'socket.io'): Promise<RunningApp> {
  return startApp(path.join(FIXTURE_APPS_DIR, name), { FIXTURE_SOCKET_IO: pkg });
}

/**
 * Starts several fixture apps in one process (test/fixtures/apps/host.cjs), on Socket.IO
 * 4.x unless `pkg` names another. Stopping any of them stops the process, and so all.
 */
export function startFixtures<N extends string>(names: readonly N[], pkg = 'socket.io'): Promise<Record<N, RunningApp>> {
  const child = spawn(process.execPath, [path.join(FIXTURE_APPS_DIR, 'host.cjs'), ...names], {
    env: { ...process.env, FIXTURE_SOCKET_IO: pkg, LANG: 'en_US.UTF-8' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Every app's stop() stops the one process: the first call does it, the others wait for it.
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    })());
  return new Promise((resolve, reject) => {
    let output = '';
    const apps = {} as Record<N, RunningApp>;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the fixture apps did not start within 15 s:\n${output}`));
    }, 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const [, port, name] of output.matchAll(/http:\/\/localhost:(\d+) \(([\w-]+)\)/g)) {
        apps[name as N] = { url: `http://127.0.0.1:${port}`, port: Number(port), child, stop };
      }
      if (names.every((name) => apps[name])) {
        clearTimeout(timer);
        resolve(apps);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the fixture apps exited with ${code} before listening:\n${output}`));
    });
  });
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
