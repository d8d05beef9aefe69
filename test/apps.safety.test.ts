// Safety of the learner apps: they listen on this computer only unless HOST says otherwise,
// and a failing request never shows a stack trace to the browser, whatever NODE_ENV says;
// the error goes to the terminal instead. (CORS is tested in apps.run.test.ts.)

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ROOT, cleanEnv, run, stopAll, waitForUrl, type Proc } from './helpers/app-processes.ts';
import { poll } from './helpers/wait.ts';

const require = createRequire(import.meta.url);

type Lang = 'en' | 'pt-BR' | 'it';
/** The app's page for a request it could not answer, in each language. */
const SERVER_ERROR: Record<Lang, string> = {
  en: 'The app could not answer this request. The details are in the terminal where the app runs.',
  'pt-BR': 'O app não conseguiu responder a esta requisição. Os detalhes aparecem no terminal onde o app está rodando.',
  it: "L'app non è riuscita a rispondere a questa richiesta. I dettagli sono nel terminale in cui è in esecuzione.",
};
const { escape } = require('../starter/kit/views.js') as { escape: (value: unknown) => string };
const { appUrl } = require('../starter/kit/app-url.js') as {
  appUrl: (host: string, address: net.AddressInfo | string | null) => string;
};

/** A line of a stack trace, as Node prints them. */
const STACK_LINE = /^\s+at\s/m;

interface App {
  proc: Proc;
  url: string;
  port: number;
}

/** `node server.js` in the repo's app folder (nothing there is written: DATA_DIR is elsewhere). */
async function startApp(name: 'starter' | 'solution', env: Record<string, string>): Promise<App> {
  const proc = run(process.execPath, ['server.js'], {
    cwd: join(ROOT, name),
    env: cleanEnv({ PORT: '0', SESSION_SECRET: 'test', ...env }),
  });
  const url = await waitForUrl(proc);
  return { proc, url, port: Number(new URL(url).port) };
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

after(stopAll);

describe('the address the apps print', () => {
  const at = (port: number): net.AddressInfo => ({ address: '', family: 'IPv4', port });

  it('is http://localhost:<port> for 127.0.0.1 and localhost, the HOST itself otherwise', () => {
    expect(appUrl('127.0.0.1', at(3000))).to.equal('http://localhost:3000');
    expect(appUrl('localhost', at(3001))).to.equal('http://localhost:3001');
    expect(appUrl('0.0.0.0', at(3000))).to.equal('http://0.0.0.0:3000');
    expect(appUrl('192.168.1.20', at(3000))).to.equal('http://192.168.1.20:3000');
    expect(appUrl('::1', at(3000))).to.equal('http://[::1]:3000');
  });
});

describe('HOST: the apps listen on 127.0.0.1 unless told otherwise', function () {
  // 127.0.0.2 is another loopback address on Linux only; elsewhere it may not exist.
  before(function () {
    if (process.platform !== 'linux') this.skip();
  });

  let dataDir: string;
  before(() => (dataDir = mkdtempSync(join(tmpdir(), 'kit-host-data-'))));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('without HOST: http://localhost:<port>, reachable on 127.0.0.1 and not on 127.0.0.2', async () => {
    const app = await startApp('starter', { DATA_DIR: dataDir });
    try {
      expect(app.url).to.equal(`http://localhost:${app.port}`);
      expect(app.proc.stdout().trimEnd()).to.equal(`The app is running at ${app.url} (logins are kept in data/: a restart keeps you logged in)`);
      expect(await accepts('127.0.0.1', app.port)).to.equal(true);
      expect(await accepts('127.0.0.2', app.port)).to.equal(false);
    } finally {
      await app.proc.stop();
    }
  });

  it('HOST=127.0.0.2: that address is printed and listened on, and 127.0.0.1 is not', async () => {
    const app = await startApp('solution', { DATA_DIR: dataDir, HOST: '127.0.0.2' });
    try {
      expect(app.url).to.equal(`http://127.0.0.2:${app.port}`);
      expect(await accepts('127.0.0.2', app.port)).to.equal(true);
      expect(await accepts('127.0.0.1', app.port)).to.equal(false);
    } finally {
      await app.proc.stop();
    }
  });
});

describe('a failing request: a short page for the browser, the error in the terminal', function () {
  // users.json that is not JSON: every account lookup throws, inside the routes.
  const setups = [
    { name: 'starter', env: {}, label: 'NODE_ENV unset' },
    { name: 'solution', env: { NODE_ENV: 'development' }, label: 'NODE_ENV=development' },
  ] as const;

  for (const { name, env, label } of setups) {
    describe(`${name}/, ${label}`, () => {
      let app: App | undefined;
      let dataDir: string;

      before(async () => {
        dataDir = mkdtempSync(join(tmpdir(), 'kit-broken-data-'));
        writeFileSync(join(dataDir, 'users.json'), '{ this is not JSON');
        app = await startApp(name, { DATA_DIR: dataDir, ...env });
      });

      after(async () => {
        await app?.proc.stop();
        rmSync(dataDir, { recursive: true, force: true });
      });

      const post = (path: string, body: string, lang: string): Promise<Response> =>
        fetch(new URL(path, app!.url.replace('localhost', '127.0.0.1')), {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': lang },
          body,
        });

      it('a route that throws answers 500 with a short page in the request language, no stack trace', async () => {
        for (const [path, lang] of [['/register', 'it'], ['/login', 'pt-BR']] as const) {
          const res = await post(path, 'username=maria&password=a+long+password', lang);
          expect(res.status, path).to.equal(500);
          expect(res.headers.get('content-type'), path).to.equal('text/html; charset=utf-8');
          const html = await res.text();
          expect(html, path).to.include(`<html lang="${lang}">`).and.include(escape(SERVER_ERROR[lang]));
          expect(html, path).not.to.match(STACK_LINE);
          expect(html, path).not.to.include('SyntaxError').and.not.include(ROOT);
        }
      });

      it('logs the error, with its stack, to the terminal', async () => {
        const logged = await poll(() => (app!.proc.stderr().includes('SyntaxError') ? app!.proc.stderr() : undefined), 5000, 'the error on stderr');
        expect(logged).to.include('Error while answering POST /register:');
        expect(logged).to.match(STACK_LINE);
      });

      it("a client error keeps its status (413 for a too large form), with a page and no stack", async () => {
        const res = await post('/register', `username=${'x'.repeat(20_000)}`, 'en');
        expect(res.status).to.equal(413);
        const html = await res.text();
        expect(html).to.include('The app could not handle this request (error 413).');
        expect(html).not.to.match(STACK_LINE).and.not.include('PayloadTooLargeError');
      });
    });
  }

  it('the stack detector finds a stack trace (what the pages must not contain)', () => {
    expect('PayloadTooLargeError: request entity too large\n    at readStream (raw-body/index.js:163:17)').to.match(STACK_LINE);
    expect('<p>The app could not handle this request (error 413).</p>').not.to.match(STACK_LINE);
  });
});
