import { expect } from 'chai';
import { main } from '../checker/cli/main.ts';
import { closedPort, runCli, startApp, type RunningApp } from './helpers/apps.ts';
import { Capture } from './helpers/cli.ts';
import { startHostile } from './helpers/hostile-servers.ts';

const SPEC_MESSAGES = [
  'You should have variable currentUsers defined',
  'You should emit "user count" with data currentUsers',
  'Your client should be connection to server with the connection defined as socket',
];

const noStack = (text: string) => expect(text).to.not.match(/^\s+at /m);

describe('npm run check', function () {
  this.timeout(60_000);
  let solution: RunningApp;
  let starter: RunningApp;

  before(async () => {
    [solution, starter] = await Promise.all([startApp('solution'), startApp('starter')]);
  });
  after(async () => {
    await Promise.all([solution?.stop(), starter?.stop()]);
  });

  it('passes the solution: hints and behaviour, exit 0, one JSON object in the contract shape', async () => {
    const { code, stdout, stderr } = await runCli(['--json', solution.url]);
    expect(code, stderr).to.equal(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).to.deep.equal(['version', 'step', 'id', 'lang', 'target', 'passed', 'sectionsRun', 'checks', 'freeCodeCamp']);
    expect(json.freeCodeCamp).to.deep.equal({
      readable: true,
      files: [
        { path: '/_api/server.js', readable: true, preflight: true },
        { path: '/public/client.js', readable: true, preflight: true },
      ],
    });
    expect(json.sectionsRun).to.deep.equal(['hints', 'behaviour']);
    expect(json).to.include({ version: 1, step: 'communicate-by-emitting', id: '589fc831f9fc0f352b528e75', lang: 'en', target: `${solution.url}/`, passed: true });
    expect(json.checks.map((c: { section: string }) => c.section)).to.deep.equal(['hints', 'hints', 'hints', 'behaviour', 'behaviour', 'behaviour', 'behaviour']);
    json.checks.forEach((check: Record<string, unknown>, i: number) => {
      expect(check).to.include({ n: i + 1, passed: true, status: 'passed' });
      expect(check.text).to.be.a('string').and.not.match(/`/);
      expect(check).to.not.have.any.keys('reason', 'message');
    });
  });

  it("fails the starter's three hints with reason assertion and the spec's messages, exit 1", async () => {
    const { code, stdout } = await runCli(['--json', '--hints-only', starter.url]);
    expect(code).to.equal(1);
    const json = JSON.parse(stdout);
    expect(json.passed).to.equal(false);
    expect(json.checks).to.have.length(3);
    json.checks.forEach((check: Record<string, unknown>, i: number) => {
      expect(check).to.include({ section: 'hints', passed: false, status: 'failed', reason: 'assertion', message: SPEC_MESSAGES[i] });
    });
  });

  it('reports a closed port as unreachable, exit 1, with advice to start the app', async () => {
    const port = await closedPort();
    const json = await runCli(['--json', '--hints-only', `http://127.0.0.1:${port}`]);
    expect(json.code).to.equal(1);
    expect(JSON.parse(json.stdout).checks.map((c: { reason: string }) => c.reason)).to.deep.equal(['unreachable', 'unreachable', 'unreachable']);
    const text = await runCli(['--hints-only', `http://127.0.0.1:${port}`]);
    expect(text.code).to.equal(1);
    expect(text.stdout).to.include('npm start');
    noStack(text.stdout + text.stderr);
  });

  it('writes the text report in the language of --lang, then LANG', async () => {
    const pt = await runCli(['--hints-only', '--lang', 'pt-BR', starter.url]);
    expect(pt.stdout).to.include('Dicas do freeCodeCamp').and.include('0 de 3 verificações passaram.');
    const it_ = await runCli(['--hints-only', starter.url], { LANG: 'it_IT.UTF-8' });
    expect(it_.stdout).to.include('Suggerimenti di freeCodeCamp').and.include('0 controlli superati su 3.');
    const en = await runCli(['--hints-only', '--lang', 'en', starter.url], { LANG: 'it_IT.UTF-8' });
    expect(en.stdout).to.include("freeCodeCamp's hints");
  });

  it('names the language in the JSON and translates the check sentences', async () => {
    const { stdout } = await runCli(['--json', '--hints-only', solution.url], { LANG: 'pt_BR.UTF-8' });
    const json = JSON.parse(stdout);
    expect(json.lang).to.equal('pt-BR');
    expect(json.checks[0].text).to.include('currentUsers').and.match(/deve/);
  });

  /** The text report on a stream that is, or is not, a terminal. */
  async function report(tty: boolean, env: NodeJS.ProcessEnv): Promise<string> {
    const stdout = new Capture(tty);
    await main(['--hints-only', starter.url], { stdout, stderr: new Capture(), env: { LANG: 'en_US.UTF-8', ...env } });
    return stdout.text;
  }

  it('colours the report on a terminal', async () => {
    expect(await report(true, {})).to.include('\u001b[31m✘\u001b[39m');
  });

  it('shows no colour when piped', async () => {
    expect(await report(false, {})).to.not.include('\u001b[');
  });

  it('shows no colour with NO_COLOR, even on a terminal', async () => {
    expect(await report(true, { NO_COLOR: '1' })).to.not.include('\u001b[');
  });

  it('stops at Ctrl-C: prints the checks that finished, says what did not run, exits 130', async () => {
    const hanging = await startHostile('silent');
    try {
      const interrupt = new AbortController();
      // Ctrl-C once the first hint waits on the app that never answers.
      const poll = setInterval(() => hanging.requests() > 0 && interrupt.abort(), 20);
      const { code, stdout } = await runCli(['--hints-only', hanging.url], {}, interrupt.signal).finally(() => clearInterval(poll));
      expect(code).to.equal(130);
      expect(stdout.trim().split('\n').at(-1)).to.equal('Interrupted (Ctrl-C): 0 checks finished, 3 not run.');
    } finally {
      await hanging.stop();
    }
  });

  it('prints its version, and its help even when the step file is broken', async () => {
    const version = await runCli(['--version']);
    expect(version.stdout).to.equal(`emitting-kit checker 0.1.0 (Node.js ${process.versions.node})\n`);
    const help = await runCli(['--help', '--step', 'test/fixtures/steps/no-front-matter.md']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.include('Usage: npm run check -- [URL] [options]').and.include('--watch');
  });

  it('answers one line and exit 2 for an error of its own, never a stack trace', async () => {
    const broken = new Capture();
    broken.write = () => {
      throw new Error('disk full');
    };
    const stderr = new Capture();
    const code = await main(['--version'], { stdout: broken, stderr, env: {} });
    expect(code).to.equal(2);
    expect(stderr.text).to.equal('check: the checker stopped on an error of its own: disk full. Please report it with the command you ran.\n');
  });

  const usage: [string, string[], RegExp][] = [
    ['an unknown option', ['--frobnicate'], /unknown option --frobnicate/],
    ['an unknown language', ['--lang', 'fr'], /unknown language "fr"/],
    ['a malformed URL', ['ftp://example.com'], /not an http or https address/],
    ['a bad timeout', ['--timeout', 'soon'], /--timeout/],
    ['an unknown step', ['--step', 'no-such-step'], /unknown step "no-such-step"/],
    ['two URLs', ['http://a.test', 'http://b.test'], /at most one URL/],
    ['a scheme with a typo', ['htp:/localhost:3000'], /"htp:\/localhost:3000" is not an http or https address/],
    ['a scheme without its colon', ['http//localhost:3000'], /not an http or https address/],
    ['--watch with --json', ['--watch', '--json'], /--watch reprints a report for people; it does not go with --json/],
    ['a class option without --roster', ['--shard', '1/2'], /--shard only works with --roster FILE/],
    ['an option without its value', ['--step'], /needs a value/],
  ];
  for (const [name, args, message] of usage) {
    it(`exits 2 with one line on stderr for ${name}`, async () => {
      const { code, stdout, stderr } = await runCli(args);
      expect(code).to.equal(2);
      expect(stdout).to.equal('');
      expect(stderr.trim().split('\n')).to.have.length(1);
      expect(stderr).to.match(message);
    });
  }

  it('gives the usage error in the chosen language', async () => {
    const { code, stderr } = await runCli(['--frobnicate'], { LANG: 'pt_BR.UTF-8' });
    expect(code).to.equal(2);
    expect(stderr).to.include('opção desconhecida --frobnicate');
  });

  it('prints --help in the chosen language, exit 0', async () => {
    const en = await runCli(['--help']);
    expect(en.code).to.equal(0);
    expect(en.stdout).to.include('Usage: npm run check -- [URL] [options]').and.include('--hints-only');
    const it_ = await runCli(['--help', '--lang', 'it']);
    expect(it_.stdout).to.include('Uso: npm run check -- [URL] [opzioni]');
    const pt = await runCli(['--help'], { LANG: 'pt_BR.UTF-8' });
    expect(pt.stdout).to.include('Uso: npm run check -- [URL] [opções]');
  });
});
