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

export interface StartedNode {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Ends it (SIGTERM) and waits until it is gone; the first call does it, later ones wait for the same. */
  stop(): Promise<void>;
}

/**
 * Starts `node ...args` and resolves once its output satisfies `ready` (a server printing
 * where it listens); if it exits first, or `timeoutMs` passes, it is stopped and the
 * promise rejects with what it printed.
 */
export function startNode(args: string[], ready: (output: string) => boolean, options: NodeOptions = {}): Promise<StartedNode> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    })());
  const started: StartedNode = { child, output: () => output, stop };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`node ${args.join(' ')} was not ready within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`node ${args.join(' ')} exited with ${code} before it was ready:\n${output}`));
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!ready(output)) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(started);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', onExit);
  });
}
