// `npm run check`: wires the command line to the checker. See cli/main.ts.
import { DEFAULT_CONCURRENCY } from './roster/class.ts';
import { hasOption, runsChecks } from './run/early-worker.js';
import { CheckPool } from './run/pool.ts';

const argv = process.argv.slice(2);

// The workers start first, so that they load while this thread loads the rest of the
// checker and reads the step file and the roster (see `npm run bench`): one for a single
// check, the default number for a class.
// The first is the one bin/launch.js started already, when it did (run/early-worker.js).
const size = !runsChecks(argv) ? 0 : hasOption(argv, '--roster') ? DEFAULT_CONCURRENCY : 1;
const warm = size > 0 ? new CheckPool(size) : undefined;
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
