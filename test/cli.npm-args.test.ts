// A forgotten `--`: `npm run check --lang pt-BR` hands the checker a bare `pt-BR` and keeps
// the option; the checker names the command that was meant and exits 2 (issue 22, item 3).
// Also `--timeout -5`, a negative value, answered as a wrong value, not a missing one.

import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { forgottenDashes } from '../checker/cli/npm-args.ts';
import { ROOT } from '../scripts/start-app.ts';
import { runCli } from './helpers/cli.ts';

/** `npm ...args` in the kit, with none of the npm variables of whatever runs the tests. */
function runNpm(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: ROOT, env: { ...clean, NO_COLOR: '1', LC_ALL: '', LC_MESSAGES: '', LANG: 'en_US.UTF-8', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm ${args.join(' ')} did not exit in time\n${stdout}\n${stderr}`));
    }, 90_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const checkerLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('check: '));

describe('npm run check without --', function () {
  this.timeout(120_000);

  it('npm run check --lang pt-BR: one line in Portuguese with the command meant, exit 2, nothing checked', async () => {
    const { code, stdout, stderr } = await runNpm(['run', 'check', '--lang', 'pt-BR']);
    expect(code).to.equal(2);
    expect(checkerLines(stderr)).to.deep.equal(['check: O npm ficou com essas opções, porque elas vieram antes do --. O comando que você queria: npm run check -- --lang pt-BR']);
    expect(stdout).to.not.match(/http:\/\/pt-br|Nothing answered|Nada respondeu/i);
  });

  it('npm run check --watch: the same line in English for --watch, exit 2', async () => {
    const { code, stderr } = await runNpm(['run', 'check', '--watch']);
    expect(code).to.equal(2);
    expect(checkerLines(stderr)).to.deep.equal(['check: npm kept these options for itself, because they came before --. The command you meant: npm run check -- --watch']);
  });

  it('npm run check -- --help (with the --): the checker gets its options and runs', async () => {
    const { code, stdout, stderr } = await runNpm(['run', 'check', '--', '--help', '--lang', 'it']);
    expect(code, stderr).to.equal(0);
    expect(checkerLines(stderr)).to.deep.equal([]);
    expect(stdout).to.include('Uso: npm run check -- [URL] [opzioni]');
  });

  describe('what npm left, read back (forgottenDashes)', () => {
    const npm = { npm_lifecycle_event: 'check' };
    const cases: [string, string[], NodeJS.ProcessEnv, string | undefined][] = [
      ['a bare language', ['pt-BR'], npm, 'npm run check -- --lang pt-BR'],
      ['--lang=it (also bare)', ['it'], npm, 'npm run check -- --lang it'],
      ['boolean options', [], { ...npm, npm_config_json: 'true', npm_config_hints_only: 'true' }, 'npm run check -- --json --hints-only'],
      ['--timeout 3000 and a URL', ['3000', 'http://localhost:3001'], { ...npm, npm_config_timeout: 'true' }, 'npm run check -- --timeout 3000 http://localhost:3001'],
      ['--step=name (npm keeps the value)', [], { ...npm, npm_config_step: 'my step' }, "npm run check -- --step 'my step'"],
      ['--merge and its files', ['r-1.json', 'r-2.json'], { ...npm, npm_config_merge: 'true' }, 'npm run check -- --merge r-1.json r-2.json'],
      ['with the -- (nothing forgotten)', ['--lang', 'it', 'http://localhost:3000'], npm, undefined],
      ['a URL only', ['localhost:3001'], npm, undefined],
      ['npm variables of npm itself', [], { ...npm, npm_config_cache: '/root/.npm', npm_config_global: 'true' }, undefined],
      ['not run by npm (npx emitting-check it)', ['it'], { npm_config_json: 'true' }, undefined],
    ];
    for (const [name, argv, env, expected] of cases) {
      it(`${name}: ${expected ?? 'nothing to say'}`, () => {
        expect(forgottenDashes(argv, env)?.command).to.equal(expected);
      });
    }
  });

  it('exits 2 before checking anything, in process too', async () => {
    const { code, stdout, stderr } = await runCli([], { npm_lifecycle_event: 'check', npm_config_json: 'true' });
    expect(code).to.equal(2);
    expect(stdout).to.equal('');
    expect(stderr).to.equal('check: npm kept these options for itself, because they came before --. The command you meant: npm run check -- --json\n');
  });
});

describe('--timeout with a negative number', () => {
  it('--timeout -5 is a wrong value, not a missing one', async () => {
    const { code, stdout, stderr } = await runCli(['--timeout', '-5']);
    expect(code).to.equal(2);
    expect(stdout).to.equal('');
    expect(stderr).to.equal('check: --timeout takes a number of milliseconds between 100 and 600000, not "-5"\n');
  });

  it('--concurrency -1 too, and in Italian', async () => {
    const { code, stderr } = await runCli(['--roster', 'x.csv', '--concurrency', '-1', '--lang', 'it']);
    expect(code).to.equal(2);
    expect(stderr).to.equal('check: --concurrency vuole un numero intero da 1 a 64, non "-1"\n');
  });

  it('--step with nothing after it still needs a value', async () => {
    const { code, stderr } = await runCli(['--step']);
    expect(code).to.equal(2);
    expect(stderr).to.equal('check: option --step needs a value (see --help)\n');
  });
});
