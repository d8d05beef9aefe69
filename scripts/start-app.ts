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
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${folder} did not start within 10 s:\n${output}`));
    }, 10_000);
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
