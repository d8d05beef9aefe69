// `npm run compare`: wires the process to checker/cli/compare-main.ts.
import { compareMain } from '../checker/index.ts';
import { ROOT } from './start-app.ts';

process.exitCode = compareMain(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }, ROOT);
