// The one way tests start Node processes: `runNode` runs one to its end, `startNode`
// starts a server and waits for the line that says where it listens. Each child is
// killed when its deadline passes, and a server's `stop()` waits until it is gone.

import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from '../../scripts/start-app.ts';

export interface NodeRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface NodeOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** The child is killed (and the promise rejected) after this long. */
  timeoutMs?: number;
  /** Called once the child is running, e.g. to send it a signal. */
  started?: (child: ChildProcess) => void;
}

/** Runs `node ...args` (cwd: the kit) to its end; rejects if it has to be killed. */
export function runNode(args: string[], options: NodeOptions = {}): Promise<NodeRun> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${args.join(' ')} did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    options.started?.(child);
  });
}
