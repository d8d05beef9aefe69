// Shared by test/sockets.flood.test.ts and test/sockets.hostile.test.ts: the hostile Socket.IO
// apps of test/fixtures/hostile-sockets (several in one process, host.cjs), the right app
// beside them, and the behaviour checks against one of them followed by the right app on the
// same worker, which must pass.

import path from 'node:path';
import { expect } from 'chai';
import type { CheckPool } from '../../checker/run/pool.ts';
import { run } from '../../checker/run/run.ts';
import type { Failure, Results, Step } from '../../checker/types.ts';
import { ROOT, type RunningApp } from './apps.ts';
import { settledClients, startFixture, stopAll } from './fixture-apps.ts';
import { startNode } from './process.ts';

export const HOSTILE_DIR = path.join(ROOT, 'test/fixtures/hostile-sockets');

/** One hostile app: its HOSTILE_KIND on a Socket.IO package (socket.io, socket.io-v2), and more of its environment. */
export interface HostileApp {
  kind: string;
  pkg: string;
  env?: Record<string, string>;
}

/** What the tests compare of each check: status, reason, catalog key. */
export const behaviour = (results: Results) => results.checks.map((c) => [c.status, c.failure?.reason, c.failure?.key]);
export const failures = (results: Results) => results.checks.map((c) => c.failure).filter((f): f is Failure => f !== undefined);
export const PASSED = [
  ['passed', undefined, undefined],
  ['passed', undefined, undefined],
  ['passed', undefined, undefined],
  ['passed', undefined, undefined],
];

/** Starts hostile apps in one process (host.cjs); stopping any of them stops the process, and so all. */
async function startHost<N extends string>(apps: Record<N, HostileApp>): Promise<Record<N, RunningApp>> {
  const names = Object.keys(apps) as N[];
  const list = names.map((name, i) => ({ name: `app${i}`, env: { HOSTILE_KIND: apps[name].kind, FIXTURE_SOCKET_IO: apps[name].pkg, ...apps[name].env } }));
  const listening = (output: string) => new Map([...output.matchAll(/http:\/\/localhost:(\d+) \((app\d+)\)/g)].map(([, port, name]) => [name!, Number(port)]));
  const host = await startNode([path.join(HOSTILE_DIR, 'host.cjs')], (output) => list.every(({ name }) => listening(output).has(name)), {
    env: { HOSTILE_APPS: JSON.stringify(list), LANG: 'en_US.UTF-8' },
    timeoutMs: 60_000,
  });
  const ports = listening(host.output());
  return Object.fromEntries(
    names.map((name, i) => {
      const port = ports.get(`app${i}`)!;
      return [name, { url: `http://127.0.0.1:${port}`, port, child: host.child, stop: host.stop }];
    })
  ) as Record<N, RunningApp>;
}

/**
 * The hostile apps, and `right` (the right fixture app, in a process of its own, so that
 * nothing a hostile app still sends slows it down). Each group in `apart` (an app, or a list
 * of apps) gets a process of its own too (apps that break their own process's timers, or
 * that hold 90 MiB each). If one process fails to start, the others are stopped before the
 * error is thrown.
 */
export async function startHostileApps<N extends string>(apps: Record<N, HostileApp>, apart: readonly (NoInfer<N> | readonly NoInfer<N>[])[] = []): Promise<Record<N | 'right', RunningApp>> {
  const names = Object.keys(apps) as N[];
  const groups = apart.map((group): readonly N[] => (typeof group === 'string' ? [group] : group));
  const only = (keep: (name: N) => boolean) => Object.fromEntries(names.filter(keep).map((name) => [name, apps[name]])) as Record<N, HostileApp>;
  const starts: Promise<Record<string, RunningApp>>[] = [
    startFixture('right').then((right) => ({ right })),
    startHost(only((name) => !groups.some((group) => group.includes(name)))),
    ...groups.map((group) => startHost(only((name) => group.includes(name)))),
  ];
  const settled = await Promise.allSettled(starts);
  const started = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) {
    await stopAll(started.map((group) => Object.values(group)[0]));
    throw failed.reason;
  }
  return Object.assign({}, ...started) as Record<N | 'right', RunningApp>;
}

/**
 * The behaviour checks of `step` (or `checks` in its place) against `app`, then against the
 * right app on the same worker, which must pass; and the app must see every test client closed.
 */
export async function checkThenRight(
  step: Step,
  pool: CheckPool,
  app: RunningApp,
  right: RunningApp,
  limits: { timeoutMs: number; maxTotalBytes?: number },
  rightLimits: { timeoutMs: number },
  checks = step.checks
): Promise<Results> {
  const results = await run({ ...step, checks }, { kind: 'url', url: app.url }, { lang: 'en', pool, limits, sections: ['behaviour'] });
  const next = await run(step, { kind: 'url', url: right.url }, { lang: 'en', pool, limits: rightLimits, sections: ['behaviour'] });
  expect(behaviour(next), 'the right app, checked next on the same worker').to.deep.equal(PASSED);
  expect(await settledClients(app), `test clients left connected to ${app.url}`).to.equal(0);
  return results;
}
