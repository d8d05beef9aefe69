// `npm run learn` as a process: its address line, a taken or invalid port, and a clean stop.

import { expect } from 'chai';
import { closedPort, startLearn, type LearnServer } from './browser/helpers.ts';
import { runNode, type NodeRun } from './helpers/process.ts';

/** `npm run learn` as a learner runs it (the launcher and the compiled server), to its end. */
function runLearn(env: NodeJS.ProcessEnv): Promise<NodeRun> {
  return runNode(['bin/learn.js'], { env: { LC_ALL: '', LC_MESSAGES: '', ...env }, timeoutMs: 20_000 });
}

describe('learn: the server process', function () {
  this.timeout(30_000);
  let learn: LearnServer | undefined;

  after(async () => {
    await learn?.stop();
  });

  it('prints its address and serves the lesson there', async () => {
    learn = await startLearn();
    expect(learn.output()).to.include(`Lesson page: ${learn.url}/  (open it in your browser; Ctrl+C stops it)`);
    const res = await fetch(`${learn.url}/`, { headers: { 'Accept-Language': 'it' }, redirect: 'manual' });
    expect(res.status).to.equal(302);
    expect(res.headers.get('location')).to.equal('/it/communicate-by-emitting');
  });

  it('says in one line, in the language of the environment, that its port is taken', async () => {
    learn ??= await startLearn();
    const result = await runLearn({ LEARN_PORT: String(learn.port), LANG: 'pt_BR.UTF-8' });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal(`learn: a porta ${learn.port} já está em uso (a página da lição já está rodando?). Encerre o que ocupa a porta ou escolha outra: LEARN_PORT=${learn.port + 1} npm run learn\n`);
  });

  it('refuses a LEARN_PORT that is not a port (exit 2)', async () => {
    const result = await runLearn({ LEARN_PORT: 'eighty', LANG: 'en_US.UTF-8' });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal('learn: LEARN_PORT must be a port number from 0 to 65535, not "eighty"\n');
  });

  it('stops cleanly on SIGTERM after running checks (its pool of workers closed)', async () => {
    const server = await startLearn();
    const port = await closedPort();
    const res = await fetch(`${server.url}/api/check`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: `http://127.0.0.1:${port}`, lang: 'en', step: 'communicate-by-emitting' }),
    });
    expect(res.status).to.equal(200);
    await server.stop();
    expect(server.exitCode()).to.equal(0);
  });
});
