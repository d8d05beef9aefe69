// `npm run check`: wires the command line to the checker. See cli/main.ts.
import { main } from './cli/main.ts';

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
