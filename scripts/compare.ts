// `npm run compare`: wires the process to checker/compare/cli.ts.
import { compareMain } from '../checker/compare/cli.ts';
import { ROOT } from './start-app.ts';

process.exitCode = compareMain(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }, ROOT);
