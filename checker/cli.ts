// `npm run check`: wires the command line to the checker. See cli/main.ts.
import { main } from './cli/main.ts';

// The first Ctrl-C stops the checks and prints what finished; a second one ends the
// process at once (the listener is gone, so Node's default applies).
const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort());
// A reader that went away (`| head`) is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }, interrupt.signal);
