// Apps that are not on this machine (issue 22, item 4): a certificate this computer does not
// trust, a private forwarded port, a host waking up. Each is a local stand-in
// (test/helpers/hosted-standins.ts); the words must name the real cause, and the same app
// must pass once the cause is gone.

import { expect } from 'chai';
import { translator } from '../checker/i18n/index.ts';
import { hostedCase } from '../checker/render/hosted.ts';
import { pageAdvice } from '../learn/check-response.ts';
import { CA_FILE, startHttpsApp, startPrivatePort, startSleepingHost, startUnauthorized, type StandIn } from './helpers/hosted-standins.ts';
import { runCli, runCliProcess } from './helpers/cli.ts';
import { startHostile } from './helpers/hostile-servers.ts';

/** The lines under the first check of a terminal report, up to its reason. */
const firstCheck = (stdout: string) => {
  const lines = stdout.split('\n');
  const at = lines.findIndex((line) => /^ {2}\S+ 1\. /.test(line));
  const end = lines.findIndex((line, n) => n > at && /^ +(reason|motivo|motivazione|causa): /.test(line));
  return lines.slice(at + 1, end + 1).map((line) => line.trim());
};

// Node.js 24 and later append a hint of their own to a TLS error's message, which the
// report quotes as Node says it; the kit's words around it are the same on every line.
const NODE_TLS_HINT = '; if the root CA is installed locally, try running Node.js with --use-system-ca';
const withoutNodeHint = (line: string): string => (line.endsWith(NODE_TLS_HINT) ? line.slice(0, -NODE_TLS_HINT.length) : line);

describe('apps that are not on this machine', function () {
  this.timeout(90_000);
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });
  const keep = <T extends StandIn>(standIn: T): T => (stops.push(standIn.stop), standIn);

  describe('https with a certificate from a private authority', () => {
    it('is said to be the certificate, naming NODE_EXTRA_CA_CERTS (reason stays error)', async () => {
      const app = keep(await startHttpsApp());
      const run = await runCli(['--hints-only', app.url]);
      expect(run.code).to.equal(1);
      const [said, ...rest] = firstCheck(run.stdout);
      expect([withoutNodeHint(said!), ...rest]).to.deep.equal([
        `${app.url}/_api/server.js answered over https with a certificate this computer does not trust (self-signed, or signed by a private authority): unable to verify the first certificate`,
        '→ It is the certificate, not your app. If your host or school uses its own certificate authority, give Node.js its certificate with NODE_EXTRA_CA_CERTS: NODE_EXTRA_CA_CERTS=ca.pem npm run check -- URL (and start npm run learn the same way for the lesson page). Otherwise check the app at its public address.',
        'reason: error',
      ]);
      expect(run.stdout).to.not.include('Check that the address is right and the app is running.');
    });

    it('passes once NODE_EXTRA_CA_CERTS names the authority', async () => {
      const app = keep(await startHttpsApp());
      // A generous limit: this run is about the certificate, not about time, on however busy a machine.
      const run = await runCliProcess(['--hints-only', '--timeout', '20000', app.url], { NODE_EXTRA_CA_CERTS: CA_FILE });
      expect(run.code, run.stdout + run.stderr).to.equal(0);
      expect(run.stdout).to.include('3 of 3 checks passed.');
    });

    it('a self-signed certificate gets the same words, in Italian', async () => {
      const app = keep(await startHttpsApp('self-signed'));
      const run = await runCli(['--hints-only', '--lang', 'it', app.url]);
      expect(run.code).to.equal(1);
      expect(withoutNodeHint(firstCheck(run.stdout)[0]!)).to.equal(
        `${app.url}/_api/server.js ha risposto in https con un certificato di cui questo computer non si fida (autofirmato, o firmato da un'autorità privata): self-signed certificate`,
      );
      expect(firstCheck(run.stdout)[1]).to.match(/^→ Il problema è il certificato, non la tua app\. .*NODE_EXTRA_CA_CERTS=ca\.pem npm run check -- URL/);
    });
  });

  describe('a private forwarded port', () => {
    it('answering with a sign-in page of another site: the port is private, make it public', async () => {
      const { port, signIn } = await startPrivatePort();
      keep(port);
      keep(signIn);
      const run = await runCli(['--hints-only', '--lang', 'pt-BR', port.url]);
      expect(run.code).to.equal(1);
      expect(firstCheck(run.stdout)).to.deep.equal([
        `${port.url}/_api/server.js mandou o verificador para uma página de login (${signIn.url}/login?return_to=%2F_api%2Fserver.js) em vez do arquivo: a porta é privada.`,
        'Mensagem do freeCodeCamp: "You should have variable currentUsers defined"',
        '→ Uma porta encaminhada privada (GitHub Codespaces, Gitpod) só deixa entrar o seu próprio navegador, já logado. Torne a porta pública (no Codespaces: aba Ports, clique com o botão direito na porta, Port Visibility, Public) e verifique de novo.',
        'motivo: not-javascript',
      ]);
    });

    it('answering 401 over https: the status as it is, and the advice to make the port public', async () => {
      const port = keep(await startUnauthorized('https'));
      const run = await runCliProcess(['--hints-only', port.url], { NODE_EXTRA_CA_CERTS: CA_FILE });
      expect(run.code, run.stderr).to.equal(1);
      expect(firstCheck(run.stdout)).to.deep.equal([
        `${port.url}/_api/server.js answered 401 Unauthorized.`,
        'freeCodeCamp\'s message: "You should have variable currentUsers defined"',
        '→ A private forwarded port (GitHub Codespaces, Gitpod) lets in only your own signed-in browser. Make the port public (in Codespaces: the Ports tab, right-click the port, Port Visibility, Public) and check again.',
        'reason: http-status',
      ]);
    });

    it('a 401 from an app on this machine (http://127.0.0.1) keeps the generic advice', async () => {
      const app = keep(await startUnauthorized('http'));
      const run = await runCli(['--hints-only', app.url]);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.not.include('private forwarded port');
      expect(firstCheck(run.stdout)[0]).to.equal(`${app.url}/_api/server.js answered 401 Unauthorized.`);
    });

    it("the app's own login page (same origin) keeps the app's advice, not the port's", async () => {
      const app = await startHostile('login-redirect');
      stops.push(() => app.stop());
      const run = await runCli(['--hints-only', app.url]);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.not.include('the port is private');
      expect(run.stdout).to.include('Usually a login check: the file must be reachable without logging in.');
    });
  });

  describe('a host waking up', () => {
    it('over https, a first answer slower than --timeout: the host may be asleep, try --timeout 30000', async () => {
      const host = keep(await startSleepingHost('https', 2500));
      const run = await runCliProcess(['--hints-only', '--timeout', '1000', host.url], { NODE_EXTRA_CA_CERTS: CA_FILE });
      expect(run.code, run.stderr).to.equal(1);
      const [problem, ...rest] = firstCheck(run.stdout);
      // Which clock runs out first, the answer's or the whole check's, depends on the machine's load.
      expect(problem).to.be.oneOf([`${host.url}/_api/server.js did not start answering within 1000 ms.`, 'The check did not finish within 1000 ms.']);
      expect(rest).to.deep.equal([
        '→ A hosted app that was asleep (Render, Glitch, Replit) can take 10 to 30 s to wake up. Open its address in a browser, wait for the page, and check again; or allow more time: npm run check -- --timeout 30000.',
        'reason: timeout',
      ]);
      // Awake now: the same host passes.
      const again = await runCliProcess(['--hints-only', '--timeout', '20000', host.url], { NODE_EXTRA_CA_CERTS: CA_FILE });
      expect(again.code, again.stdout).to.equal(0);
    });

    it('a check that ran out of time as a whole gets the same advice for an https address, on the page too', () => {
      const failure = { reason: 'timeout' as const, key: 'timeout' as const, params: { ms: 5000 } };
      expect(hostedCase(failure, 'https://chat.example.onrender.com/')).to.equal('wakingUp');
      expect(hostedCase(failure, 'http://localhost:3000/')).to.equal(undefined);
      expect(pageAdvice(failure, translator('pt-BR'), 'https://chat.example.onrender.com/')).to.equal(
        'Um app hospedado que estava dormindo (Render, Glitch, Replit) pode levar de 10 a 30 s para acordar. Abra o endereço dele no navegador, espere a página carregar e verifique de novo; ou dê mais tempo: `npm run check -- --timeout 30000`.',
      );
      expect(pageAdvice(failure, translator('en'), 'http://localhost:3000/')).to.equal(
        'Your app took too long. Is something in it waiting forever, such as a route that never answers? To allow more time, check from a terminal: `npm run check -- --timeout 10000`.',
      );
    });

    it('on this machine (http://127.0.0.1), the same slowness keeps the advice about a route that never answers', async () => {
      const host = keep(await startSleepingHost('http', 2500));
      const run = await runCli(['--hints-only', '--timeout', '1000', host.url]);
      expect(run.code).to.equal(1);
      expect(firstCheck(run.stdout)[1]).to.equal('→ The app accepted the connection but never answered: a route or middleware that never calls res.send() or next() is the usual cause.');
    });
  });
});
