// The `check` command as tests run it: in-process through main(argv, io) with captured
// streams (fast: no process, no compile), or, for what only a real process shows (exit
// by itself, signals, the launcher), as `node bin/check.js` in a child process.

import { Writable } from 'node:stream';
import { main } from '../../checker/cli/main.ts';
import { runNode, type NodeRun } from './process.ts';

export type CliRun = NodeRun;

/** The environment tests give the checker: English, no colour, nothing from the machine's locale. */
export const TEST_ENV: NodeJS.ProcessEnv = { NO_COLOR: '1', LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' };

/** A stream that keeps what is written to it. */
export class Capture extends Writable {
  text = '';
  constructor(readonly isTTY = false) {
    super({ decodeStrings: false });
  }
  override _write(chunk: unknown, _encoding: BufferEncoding, done: () => void): void {
    this.text += String(chunk);
    done();
  }
}

/** `npm run check -- args` in this process; `env` adds to TEST_ENV. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}, signal?: AbortSignal): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(args, { stdout, stderr, env: { ...TEST_ENV, ...env } }, signal);
  return { code, signal: null, stdout: stdout.text, stderr: stderr.text };
}

/** `npm run check -- args` as a learner runs it: the launcher, the compiled checker, a process of its own. */
export function runCliProcess(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<CliRun> {
  return runNode(['bin/check.js', ...args], { env: { ...TEST_ENV, ...env }, timeoutMs });
}
