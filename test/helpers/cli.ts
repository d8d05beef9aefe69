// The `check` command as tests run it: in-process through main(argv, io) with captured
// streams (fast: no process, no compile), or, for what only a real process shows (exit
// by itself, signals, the launcher), as `node bin/check.js` in a child process.

import { Writable } from 'node:stream';
import { main } from '../../checker/cli/main.ts';
import { hasOption, runsChecks } from '../../checker/run/early-worker.js';
import { CheckPool } from '../../checker/run/pool.ts';
import { endAfterFile } from './file-scope.ts';
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

let filePool: CheckPool | undefined;

/**
 * The warm pool bin/check.js (checker/cli.ts) gives main() for one app or folder: here one
 * worker shared by the file's runs, ended after the file (test/helpers/file-scope.ts), so
 * that each run does not start a worker of its own (~0.2 s of CPU each). Every check still
 * runs on its own clock and in a context of its own; an overrun or a Ctrl-C retires the
 * worker as in the CLI. None for what the CLI starts none for (help, version, --merge), nor
 * for a class, which starts its own at the concurrency asked for.
 */
function warmPoolFor(args: readonly string[]): CheckPool | undefined {
  if (!runsChecks(args) || hasOption(args, '--roster')) return undefined;
  if (!filePool) {
    const pool = (filePool = new CheckPool(1));
    endAfterFile(async () => {
      if (filePool === pool) filePool = undefined;
      await pool.close();
    });
  }
  return filePool;
}

/**
 * `npm run check -- args` in this process; `env` adds to TEST_ENV. `pool`: the warm pool to
 * lend main() instead of the file's (tests that run several checks at once give each its own).
 */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}, signal?: AbortSignal, pool = warmPoolFor(args)): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(args, { stdout, stderr, env: { ...TEST_ENV, ...env } }, signal, pool);
  return { code, signal: null, stdout: stdout.text, stderr: stderr.text };
}

/** `npm run check -- args` as a learner runs it: the launcher, the compiled checker, a process of its own. */
export function runCliProcess(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<CliRun> {
  return runNode(['bin/check.js', ...args], { env: { ...TEST_ENV, ...env }, timeoutMs });
}
