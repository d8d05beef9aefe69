// `npm run check`: wires the command line to the checker. See cli/main.ts.
import { CheckPool } from './run/pool.ts';

const argv = process.argv.slice(2);

// A single check's worker starts first, so that it loads while this thread loads the
// rest of the checker and reads the step file (see `npm run bench`).
const single = !argv.some((arg) => /^(--roster|--help|-h|--version|-v)(=|$)/.test(arg));
const warm = single ? new CheckPool(1) : undefined;
warm?.warm();

// The first Ctrl-C stops the checks and prints what finished; a second one ends the
// process at once (the listener is gone, so Node's default applies).
const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort());
// A reader that went away (`| head`) is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});

const { main } = await import('./cli/main.ts');
try {
  process.exitCode = await main(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env }, interrupt.signal, warm);
} finally {
  await warm?.close();
}
