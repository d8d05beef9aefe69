import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KIT_ROOT as ROOT } from '../checker/index.ts';

/** The kit's root folder. */
export { KIT_ROOT as ROOT } from '../checker/index.ts';

export interface RunningApp {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Longest wait for an app's "http://localhost:<port>" line. */
const START_LIMIT_MS = 60_000;

/**
 * Starts a learner app folder (`starter`, `solution`, a fixture) with `node server.js`
 * on a free port and a fresh data folder; resolves once it prints its address.
 */
export function startApp(folder: string, env: NodeJS.ProcessEnv = {}): Promise<RunningApp> {
  const cwd = path.resolve(ROOT, folder);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kit-app-'));
  const child = spawn(process.execPath, ['server.js'], {
    cwd,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, SESSION_SECRET: 'test-secret', LANG: 'en_US.UTF-8', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    let output = '';
    // An upper bound that tells "does not start" from "slow": an app starts in well under a
    // second on an idle machine, and took 7 s on Node 22 on a machine busy with other work.
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${folder} did not start within ${START_LIMIT_MS / 1000} s:\n${output}`));
    }, START_LIMIT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /http:\/\/localhost:(\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve({ url: `http://127.0.0.1:${port}`, port: Number(port), child, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${folder} exited with ${code} before listening:\n${output}`));
    });
  });
}
