// Runs starter/ and solution/ for real (`node server.js`, PORT=0, a fresh DATA_DIR) and
// talks to them over 127.0.0.1 only: test routes, CORS, languages, login, accounts on disk,
// Socket.IO.

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { until } from './helpers/wait.ts';
import { courseSteps, loadStep } from '../checker/index.ts';
import { hintPaths } from '../checker/run/submit/paths.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

type Lang = 'en' | 'pt-BR' | 'it';
// The apps' own catalog and escaping, so the tests follow the wording instead of copying it.
const { escape } = require('../starter/kit/views.js') as { escape: (value: unknown) => string };

const START_TIMEOUT_MS = 10_000;
const children = new Set<ChildProcess>();

interface RunningApp {
  child: ChildProcess;
  port: number;
  base: string;
  stdout: () => string;
  /** stdout, then stderr after a `[stderr]` line. */
  output: () => string;
  stop: () => Promise<void>;
}

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  // Nothing from the test runner (NODE_OPTIONS carries tsx) or the developer's shell leaks in.
  for (const name of ['NODE_OPTIONS', 'NODE_ENV', 'PORT', 'HOST', 'DATA_DIR', 'SESSION_SECRET', 'LC_ALL', 'LC_MESSAGES', 'LANG']) {
    delete env[name];
  }
  return { ...env, LANG: 'C', ...extra };
}

interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  /** stdout, then stderr (if any) after a `[stderr]` line. */
  output: () => string;
}

function spawnApp(dir: string, env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, ['server.js'], {
    cwd: dir,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return { child, stdout: () => stdout, output: () => stdout + (stderr ? `\n[stderr]\n${stderr}` : '') };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Starts `node server.js` in dir and waits for its `http://localhost:<port>` line. */
async function startApp(dir: string, env: Record<string, string>): Promise<RunningApp> {
  const { child, stdout, output } = spawnApp(dir, { PORT: '0', SESSION_SECRET: 'test', ...env });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(`no "http://localhost:<port>" line within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      reject(new Error(`${dir}: ${why}\n${output()}`));
    };
    const onData = (): void => {
      const found = /http:\/\/localhost:(\d+)/.exec(stdout());
      if (!found) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(Number(found[1]));
    };
    const onExit = (code: number | null): void => fail(`exited (code ${code}) before listening`);
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
  return { child, port, base: `http://127.0.0.1:${port}`, stdout, output, stop: () => stopChild(child) };
}

/** Runs the app to its end (for start-up failures); returns exit code and all output. */
async function runToExit(dir: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { child, output } = spawnApp(dir, env);
  const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, output: output() };
}

function request(base: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(new URL(path, base), { redirect: 'manual', ...init });
}

function postForm(base: string, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return request(base, path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The `name=value` part of the session cookie a response sets, or undefined. */
function sessionCookie(res: Response): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith('connect.sid='))?.split(';')[0];
}

function waitForEvent<T>(socket: Socket, event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" event within ${ms} ms`)), ms);
    socket.once(event, (data: T) => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}

/** Every path a hint of the course's steps fetches from the app, read with the kit's own parser. */
async function courseHintPaths(): Promise<string[]> {
  const paths = new Set<string>();
  for (const name of courseSteps()) {
    for (const path of hintPaths((await loadStep(name, 'en')).checks)) paths.add(path);
  }
  return [...paths];
}

const sha256 = (bytes: string | Buffer): string => createHash('sha256').update(bytes).digest('hex');

interface AppInfo {
  node: string;
  pid: number;
  loaded: Record<string, string>;
  stack: string[];
}

/** The `lang` attribute of the home page, asked for with this Accept-Language (or none). */
async function homeLang(base: string, acceptLanguage?: string): Promise<string | undefined> {
  const res = await request(base, '/', { headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage } });
  return /<html lang="([^"]+)">/.exec(await res.text())?.[1];
}

after(async () => {
  // Whatever a failed test left running.
  for (const child of [...children]) child.kill('SIGKILL');
});

for (const name of ['starter', 'solution'] as const) {
  const dir = join(root, name);

  describe(`${name}/ running`, function () {
    let app: RunningApp;
    let dataDir: string;
    const password = 'correct horse battery';

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), `kit-${name}-data-`));
      app = await startApp(dir, { DATA_DIR: dataDir });
    });

    after(async () => {
      await app?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('prints exactly one line, with the URL of the port it got', () => {
      expect(app.stdout().trimEnd().split('\n')).to.deep.equal([
        `The app is running at http://localhost:${app.port} (logins are kept in data/: a restart keeps you logged in)`,
      ]);
    });

    it('GET /_api/server.js answers server.js as it is on disk, with the SHA-256 of the one loaded', async () => {
      const res = await request(app.base, '/_api/server.js');
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('application/javascript; charset=utf-8');
      const body = await res.text();
      expect(body).to.equal(readFileSync(join(dir, 'server.js'), 'utf8'));
      expect(res.headers.get('x-loaded-sha256')).to.match(/^[0-9a-f]{64}$/).and.equal(sha256(Buffer.from(body)));
    });

    it('GET /public/client.js and /_api/package.json answer the files on disk', async () => {
      const client = await request(app.base, '/public/client.js');
      expect(client.status).to.equal(200);
      expect(await client.text()).to.equal(readFileSync(join(dir, 'public/client.js'), 'utf8'));
      const pkg = await request(app.base, '/_api/package.json');
      expect(await pkg.text()).to.equal(readFileSync(join(dir, 'package.json'), 'utf8'));
    });

    it('GET /_api/app-info describes the app as JSON: Node, process, what it loaded, middleware', async () => {
      const res = await request(app.base, '/_api/app-info');
      const info = (await res.json()) as AppInfo;
      expect(info.node).to.equal(process.version);
      expect(info.pid).to.equal(app.child.pid);
      expect(info.loaded).to.deep.equal({ 'server.js': sha256(readFileSync(join(dir, 'server.js'))) });
      expect(info.stack).to.include.members(['cors', 'session', 'serveStatic', 'route /chat', 'errorPage']);
      expect(info.stack.at(-1)).to.equal('errorPage');
    });

    // CORS, route by route: every file a freeCodeCamp hint fetches (freeCodeCamp's page runs
    // the hints in the browser, across origins), and no other route.
    const corsRoutes = ['/_api/server.js', '/_api/package.json', '/_api/routes.js', '/_api/auth.js', '/_api/app-info', '/public/client.js'];
    const plainRoutes = ['/', '/chat', '/profile', '/login', '/logout', '/public/style.css', '/public', '/_apiary', '/public/client.js.map'];
    const corsHeaders = (res: Response): string[] => [...res.headers.keys()].filter((name) => name.startsWith('access-control-'));

    for (const path of corsRoutes) {
      for (const origin of ['http://localhost:5173', 'https://www.freecodecamp.org', 'https://freecodecamp.org']) {
        it(`CORS on ${path}: allows ${origin}, with credentials`, async () => {
          const res = await request(app.base, path, { headers: { origin } });
          expect(res.status).to.equal(200);
          expect(res.headers.get('access-control-allow-origin')).to.equal(origin);
          expect(res.headers.get('access-control-allow-credentials')).to.equal('true');
          expect(res.headers.get('vary')).to.match(/\bOrigin\b/);
        });
      }

      it(`CORS on ${path}: the preflight of a public page reaching this computer is answered`, async () => {
        const origin = 'https://www.freecodecamp.org';
        const res = await request(app.base, path, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'GET',
            'access-control-request-headers': 'x-requested-with',
            'access-control-request-private-network': 'true',
          },
        });
        expect(res.status).to.equal(204);
        expect(res.headers.get('access-control-allow-origin')).to.equal(origin);
        expect(res.headers.get('access-control-allow-credentials')).to.equal('true');
        expect(res.headers.get('access-control-allow-methods')).to.equal('GET, HEAD');
        expect(res.headers.get('access-control-allow-headers')).to.equal('x-requested-with');
        expect(res.headers.get('access-control-allow-private-network')).to.equal('true');
        expect(res.headers.get('access-control-expose-headers')).to.equal('X-Loaded-Sha256');
      });

      it(`CORS on ${path}: a preflight from a foreign origin gets no CORS header`, async () => {
        const res = await request(app.base, path, {
          method: 'OPTIONS',
          headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET', 'access-control-request-private-network': 'true' },
        });
        expect(corsHeaders(res)).to.deep.equal([]);
      });
    }

    const foreignOrigins = [
      'https://evil.example',
      'https://freecodecamp.org.evil.example',
      'https://evilfreecodecamp.org',
      'http://www.freecodecamp.org',
      'http://localhost:80.evil',
      'http://127.0.0.1:3000',
      'null',
    ];
    for (const origin of foreignOrigins) {
      it(`CORS: does not allow ${origin}, on any route`, async () => {
        for (const path of [...corsRoutes, ...plainRoutes]) {
          const res = await request(app.base, path, { headers: { origin } });
          expect(res.status, path).to.be.oneOf([200, 301, 302, 404]);
          expect(corsHeaders(res), path).to.deep.equal([]);
        }
      });
    }

    for (const path of plainRoutes) {
      it(`CORS: ${path} never answers CORS, whatever the origin`, async () => {
        const origin = 'https://www.freecodecamp.org';
        const res = await request(app.base, path, { headers: { origin } });
        expect(res.status).to.be.oneOf([200, 301, 302, 404]);
        expect(corsHeaders(res)).to.deep.equal([]);
        expect(res.headers.get('vary') ?? '').not.to.match(/\bOrigin\b/);
        const preflight = await request(app.base, path, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-private-network': 'true' },
        });
        expect(corsHeaders(preflight)).to.deep.equal([]);
      });
    }

    it('CORS: every file a hint of the course fetches from the app answers CORS to freeCodeCamp', async () => {
      const fetched = await courseHintPaths();
      expect(fetched).to.include.members(['/_api/server.js', '/public/client.js']);
      for (const path of fetched) {
        const origin = 'https://www.freecodecamp.org';
        const res = await request(app.base, path, { headers: { origin } });
        expect(res.headers.get('access-control-allow-origin'), path).to.equal(origin);
      }
    });

    it("pages speak the browser's language: Express's Accept-Language rules, pt for pt-BR, else English", async () => {
      const cases: [string | undefined, string][] = [
        ['it-IT,it;q=0.9', 'it'],
        ['pt', 'pt-BR'],
        ['pt-PT,en;q=0.5', 'pt-BR'],
        ['pt-BR', 'pt-BR'],
        ['fr', 'en'],
        ['fr-FR,it;q=0.3', 'it'],
        ['it;q=0, en;q=0.5', 'en'],
        ['it;q=0', 'en'],
        ['en;q=0.2, it;q=0.8', 'it'],
        [undefined, 'en'],
      ];
      for (const [header, lang] of cases) {
        expect(await homeLang(app.base, header), String(header)).to.equal(lang);
      }
    });

    it('/chat and /profile send a logged-out visitor to /', async () => {
      for (const path of ['/chat', '/profile']) {
        const res = await request(app.base, path);
        expect(res.status, path).to.equal(302);
        expect(res.headers.get('location'), path).to.equal('/');
      }
      const home = await request(app.base, '/');
      expect(home.status).to.equal(200);
      const html = await home.text();
      expect(html).to.include('action="/login"').and.include('action="/register"');
    });

    it('register logs the user in: /profile, then /chat with the chat form', async () => {
      const res = await postForm(app.base, '/register', { username: 'alice', password });
      expect(res.status).to.equal(302);
      expect(res.headers.get('location')).to.equal('/profile');
      const setCookie = res.headers.getSetCookie().join('\n');
      expect(setCookie).to.match(/HttpOnly/i).and.match(/SameSite=Lax/i);
      const cookie = sessionCookie(res)!;
      expect(cookie).to.be.a('string');

      const profile = await request(app.base, '/profile', { headers: { cookie } });
      expect(profile.status).to.equal(200);
      expect(await profile.text()).to.include('href="/chat"');

      const chat = await request(app.base, '/chat', { headers: { cookie } });
      expect(chat.status).to.equal(200);
      const html = await chat.text();
      expect(html).to.include('<ul id="messages"').and.include('id="m"');
      expect(html).to.include('<script src="/socket.io/socket.io.js"></script><script src="/public/client.js"></script>');

      const logout = await request(app.base, '/logout', { headers: { cookie } });
      expect(logout.headers.get('location')).to.equal('/');
      expect((await request(app.base, '/chat', { headers: { cookie } })).status).to.equal(302);
    });

    const USERNAME_INVALID = {
      en: 'The username must have 3 to 30 characters, using only letters, digits, _ . or -.',
      'pt-BR': 'O nome de usuário precisa ter de 3 a 30 caracteres e usar só letras, números, _ . ou -.',
      it: 'Il nome utente deve avere da 3 a 30 caratteri e contenere solo lettere, cifre, _ . o -.',
    };
    const PASSWORD_INVALID = { en: 'The password must have 8 to 128 characters.', 'pt-BR': 'A senha precisa ter de 8 a 128 caracteres.', it: 'La password deve avere da 8 a 128 caratteri.' };
    const USERNAME_TAKEN = {
      en: 'That username is already taken. Please choose another one.',
      'pt-BR': 'Esse nome de usuário já está em uso. Escolha outro.',
      it: 'Questo nome utente è già in uso. Scegline un altro.',
    };
    const badRegistrations: [string, Record<string, string>, Record<Lang, string>, number][] = [
      ['a too short username', { username: 'al', password }, USERNAME_INVALID, 400],
      ['a username with a space', { username: 'al ice', password }, USERNAME_INVALID, 400],
      ['a too short password', { username: 'bob', password: 'short' }, PASSWORD_INVALID, 400],
      ['a too long password', { username: 'bob', password: 'x'.repeat(129) }, PASSWORD_INVALID, 400],
      ['a taken username', { username: 'ALICE', password }, USERNAME_TAKEN, 409],
    ];
    for (const [what, fields, message, status] of badRegistrations) {
      it(`register with ${what} answers the page with the message, in each language`, async () => {
        for (const lang of ['en', 'pt-BR', 'it'] as const) {
          const res = await postForm(app.base, '/register', fields, { 'accept-language': `${lang},en;q=0.5` });
          expect(res.status, lang).to.equal(status);
          expect(sessionCookie(res), lang).to.equal(undefined);
          const html = await res.text();
          expect(html, lang).to.include(`<html lang="${lang}">`);
          expect(html, lang).to.include(escape(message[lang]));
        }
      });
    }

    it('a wrong password and an unknown user get the same answer', async () => {
      const wrongPassword = await postForm(app.base, '/login', { username: 'alice', password: 'not the password' });
      const unknownUser = await postForm(app.base, '/login', { username: 'nobody-here', password });
      expect(wrongPassword.status).to.equal(401);
      expect(unknownUser.status).to.equal(401);
      const body = await wrongPassword.text();
      expect(await unknownUser.text()).to.equal(body);
      expect(body).to.include('Wrong username or password.');
    });

    it('the page escapes what the visitor typed', async () => {
      const res = await postForm(app.base, '/register', { username: '<b>"x"</b>', password });
      const html = await res.text();
      expect(html).not.to.include('<b>"x"</b>');
      expect(html).to.include(escape('<b>"x"</b>'));
    });

    it(`Socket.IO: ${name === 'solution' ? 'emits "user count" to everyone on each connection' : 'accepts a connection'}`, async () => {
      const sockets: Socket[] = [];
      const open = (): Socket => {
        const socket = connectSocket(app.base, { transports: ['websocket'], reconnection: false, forceNew: true });
        sockets.push(socket);
        return socket;
      };
      try {
        const first = open();
        if (name === 'solution') {
          expect(await waitForEvent<number>(first, 'user count')).to.equal(1);
          const bothSeeTwo = Promise.all([waitForEvent<number>(first, 'user count'), waitForEvent<number>(open(), 'user count')]);
          expect(await bothSeeTwo).to.deep.equal([2, 2]);
        } else {
          let counted = false;
          first.on('user count', () => (counted = true));
          await waitForEvent(first, 'connect');
          // A request on the same connection, answered after every packet the server sent
          // before it: a count not seen by then was never sent on connecting.
          await new Promise<void>((resolve) => {
            const probe = first.io.socket('/no-such-namespace');
            probe.on('connect_error', () => {
              probe.close();
              resolve();
            });
          });
          expect(counted, 'the starter emits "user count"').to.equal(false);
        }
        await until(() => app.stdout().includes('A user connected'), 5000, "the app's log line for the connection");
      } finally {
        for (const socket of sockets) socket.close();
      }
    });

    // After the count test above: these connections raise the solution's count.
    for (const transports of [['polling', 'websocket'], ['websocket']] as const) {
      it(`Socket.IO (${transports.join(' then ')}): refuses another site's page, lets in the app's own, localhost's, and clients that send no Origin`, async () => {
        /** 'connect', or the error a refused handshake gives. */
        const attempt = (origin?: string, extra: Record<string, string> = {}): Promise<string> =>
          new Promise((resolve) => {
            const socket = connectSocket(app.base, {
              transports: [...transports],
              reconnection: false,
              forceNew: true,
              extraHeaders: { ...(origin === undefined ? {} : { origin }), ...extra },
            });
            const timer = setTimeout(() => finish('no answer'), 5000);
            const finish = (outcome: string): void => {
              clearTimeout(timer);
              socket.close();
              resolve(outcome);
            };
            socket.on('connect', () => finish('connect'));
            socket.on('connect_error', (err: Error) => finish(`refused: ${err.message}`));
          });
        expect(await attempt()).to.equal('connect');
        expect(await attempt(app.base)).to.equal('connect');
        expect(await attempt(`http://localhost:${app.port}`)).to.equal('connect');
        expect(await attempt('http://localhost:5173')).to.equal('connect');
        // Behind a forwarding proxy (a Codespaces port): the page's host is the forwarded one.
        const hosted = 'https://space-3000.app.github.dev';
        expect(await attempt(hosted, { 'x-forwarded-host': 'space-3000.app.github.dev' })).to.equal('connect');
        expect(await attempt(hosted), hosted).to.match(/^refused: /);
        for (const foreign of ['https://evil.example', 'https://www.freecodecamp.org', 'null', 'http://127.0.0.1.evil.example']) {
          expect(await attempt(foreign), foreign).to.match(/^refused: /);
        }
        // The terminal says why, with the page's address.
        await until(() => app.output().includes("Refused a Socket.IO connection from https://evil.example: only the app's own pages and pages on localhost may connect."), 5000, 'the refusal line');
      });
    }

    it("forms: another site's page cannot register or log anyone in (Origin, Sec-Fetch-Site); the app's own pages and clients that name no page can", async () => {
      const fields = { username: 'mallory', password };
      const refused: Record<string, string>[] = [
        { origin: 'https://evil.example' },
        { origin: 'null' },
        { origin: `http://localhost:${app.port + 1}` },
        { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
        { 'sec-fetch-site': 'same-site' },
        { 'sec-fetch-site': 'cross-site', origin: app.base },
      ];
      for (const headers of refused) {
        for (const path of ['/register', '/login']) {
          const res = await postForm(app.base, path, fields, { ...headers, 'accept-language': 'pt-BR' });
          expect(res.status, `${path} ${JSON.stringify(headers)}`).to.equal(403);
          expect(sessionCookie(res), path).to.equal(undefined);
          expect(await res.text()).to.include('Este formulário foi enviado de outro site, então o app o recusou.');
        }
      }
      // Nobody was registered by those: the name is still free.
      const own = await postForm(app.base, '/register', fields, { origin: app.base, 'sec-fetch-site': 'same-origin' });
      expect(own.status).to.equal(302);
      expect(own.headers.get('location')).to.equal('/profile');
      const typed = await postForm(app.base, '/login', fields, { 'sec-fetch-site': 'none' });
      expect(typed.status).to.equal(302);
      const bare = await postForm(app.base, '/login', fields, { origin: app.base });
      expect(bare.status).to.equal(302);
      const noHeaders = await postForm(app.base, '/login', fields);
      expect(noHeaders.status).to.equal(302);
      // Behind a forwarding proxy, from a browser without Sec-Fetch-Site: the forwarded host is the app's own.
      const proxied = await postForm(app.base, '/login', fields, { origin: 'https://space-3000.app.github.dev', 'x-forwarded-host': 'space-3000.app.github.dev' });
      expect(proxied.status).to.equal(302);
      const notProxied = await postForm(app.base, '/login', fields, { origin: 'https://space-3000.app.github.dev' });
      expect(notProxied.status).to.equal(403);
    });

    it('a second start on the same port prints one line naming a port that is free, and exits with 1, without a stack trace', async () => {
      // The next port is taken too: the line must skip it. Something else may hold it
      // already (another test's socket): taken is taken, and then it is not ours to close.
      const next = createServer();
      const ours = await new Promise<boolean>((resolve, reject) => {
        next.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(false) : reject(err)));
        next.listen(app.port + 1, '127.0.0.1', () => resolve(true));
      });
      try {
        const expected = {
          en: /^Port (\d+) is already in use: stop the other app, or choose another port; (\d+) is free: PORT=\2 npm start$/,
          'pt-BR': /^A porta (\d+) já está em uso: feche o outro app ou escolha outra porta; a (\d+) está livre: PORT=\2 npm start$/,
        };
        for (const lang of ['en', 'pt-BR'] as const) {
          const LANG = lang === 'en' ? 'C' : 'pt_BR.UTF-8';
          const { code, output } = await runToExit(dir, { PORT: String(app.port), SESSION_SECRET: 'test', DATA_DIR: dataDir, LANG });
          expect(code, output).to.equal(1);
          expect(output).not.to.match(/^\s+at /m);
          const lines = output.split('\n').filter((line) => line.trim() && line !== '[stderr]');
          expect(lines).to.have.length(1);
          const [, busy, free] = expected[lang].exec(lines[0]!) ?? [];
          expect(Number(busy), lines[0]).to.equal(app.port);
          expect(Number(free), lines[0]).to.be.above(app.port + 1).and.at.most(app.port + 20);
        }
      } finally {
        if (ours) await new Promise((resolve) => next.close(resolve));
      }
    });

    it('an address without a page: the app\'s own 404 page in the browser\'s language; /favicon.ico: an empty answer', async () => {
      const cases = [
        ['it-IT', 'Pagina non trovata'],
        ['pt-BR', 'Página não encontrada'],
        ['en', 'Page not found'],
      ] as const;
      for (const [language, title] of cases) {
        const res = await request(app.base, '/no/such/page', { headers: { 'accept-language': language } });
        expect(res.status).to.equal(404);
        expect(res.headers.get('content-type')).to.match(/^text\/html/);
        const html = await res.text();
        expect(html).to.include(`<title>${title}</title>`).and.not.include('Cannot GET');
      }
      const post = await request(app.base, '/nowhere', { method: 'POST' });
      expect(post.status).to.equal(404);
      expect(await post.text()).to.include('<title>Page not found</title>');
      const icon = await request(app.base, '/favicon.ico');
      expect(icon.status).to.equal(204);
      expect(await icon.text()).to.equal('');
      const home = await (await request(app.base, '/')).text();
      expect(home).to.include('<link rel="icon" href="data:,">');
    });

    // Last two: they replace the running app.
    it('a login survives a restart: the secret is generated once into data/, the sessions kept there', async function () {
      this.timeout(60_000); // three starts of the app
      await app.stop();
      const own = mkdtempSync(join(tmpdir(), `kit-${name}-restart-`));
      try {
        // No SESSION_SECRET: as a learner runs it.
        app = await startApp(dir, { DATA_DIR: own, SESSION_SECRET: '' });
        // The start-up line says a restart keeps the learner logged in.
        expect(app.stdout().trimEnd()).to.equal(`The app is running at http://localhost:${app.port} (logins are kept in data/: a restart keeps you logged in)`);
        const secretFile = join(own, 'session-secret');
        const secret = readFileSync(secretFile, 'utf8');
        expect(secret).to.match(/^[0-9a-f]{64}\n$/);
        expect(statSync(secretFile).mode & 0o777).to.equal(0o600);
        const register = await postForm(app.base, '/register', { username: 'rosa', password });
        const cookie = sessionCookie(register)!;
        const stay = await postForm(app.base, '/register', { username: 'lena', password });
        const leaving = sessionCookie(stay)!;
        expect((await request(app.base, '/logout', { headers: { cookie: leaving } })).status).to.equal(302);
        expect((await request(app.base, '/chat', { headers: { cookie } })).status).to.equal(200);

        await app.stop();
        app = await startApp(dir, { DATA_DIR: own, SESSION_SECRET: '' });
        expect(readFileSync(secretFile, 'utf8')).to.equal(secret);
        const chat = await request(app.base, '/chat', { headers: { cookie } });
        expect(chat.status).to.equal(200);
        expect(await chat.text()).to.include('rosa');
        // Logged out before the restart: still logged out.
        expect((await request(app.base, '/chat', { headers: { cookie: leaving } })).status).to.equal(302);

        // A damaged sessions file: the app still starts, and everyone logs in again.
        await app.stop();
        writeFileSync(join(own, 'sessions.json'), '{ not json');
        app = await startApp(dir, { DATA_DIR: own, SESSION_SECRET: '' });
        expect((await request(app.base, '/chat', { headers: { cookie } })).status).to.equal(302);
      } finally {
        await app.stop();
        rmSync(own, { recursive: true, force: true });
      }
    });

    it('accounts survive a restart with the same DATA_DIR', async () => {
      await app.stop();
      app = await startApp(dir, { DATA_DIR: dataDir });
      const login = await postForm(app.base, '/login', { username: 'alice', password });
      expect(login.status).to.equal(302);
      expect(login.headers.get('location')).to.equal('/profile');
      const cookie = sessionCookie(login)!;
      expect((await request(app.base, '/chat', { headers: { cookie } })).status).to.equal(200);
      const stored = readFileSync(join(dataDir, 'users.json'), 'utf8');
      expect(stored).to.include('"alice"').and.not.include(password);
    });
  });
}

describe('a copy of starter/ outside the kit', function () {
  let copy: string;
  let app: RunningApp | undefined;

  before(() => {
    copy = mkdtempSync(join(tmpdir(), 'kit-starter-copy-'));
    cpSync(join(root, 'starter'), copy, {
      recursive: true,
      filter: (source) => !/[\\/](node_modules|data)$/.test(source),
    });
    // Stands in for `npm install` in the copy.
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });

  after(async () => {
    await app?.stop();
    rmSync(copy, { recursive: true, force: true });
  });

  it('starts, keeps its accounts in its own data/ folder, and reads server.js at request time', async () => {
    app = await startApp(copy, {});
    const res = await postForm(app.base, '/register', { username: 'carla', password: 'a long password' });
    expect(res.status).to.equal(302);
    expect(readFileSync(join(copy, 'data', 'users.json'), 'utf8')).to.include('"carla"');

    const original = readFileSync(join(copy, 'server.js'));
    const before = await request(app.base, '/_api/server.js');
    expect(await before.text()).to.equal(original.toString('utf8'));
    expect(before.headers.get('x-loaded-sha256')).to.equal(sha256(original));

    // Saved but not restarted: the body is the new text, the header still the loaded one.
    const edited = original.toString('utf8') + '// edited while running\n';
    writeFileSync(join(copy, 'server.js'), edited);
    const after = await request(app.base, '/_api/server.js');
    expect(await after.text()).to.equal(edited);
    expect(after.headers.get('x-loaded-sha256')).to.equal(sha256(original)).and.not.equal(sha256(Buffer.from(edited)));
    const info = (await (await request(app.base, '/_api/app-info')).json()) as AppInfo;
    expect(info.loaded).to.deep.equal({ 'server.js': sha256(original) });

    renameSync(join(copy, 'server.js'), join(copy, 'server.js.moved'));
    const missing = await request(app.base, '/_api/server.js');
    expect(missing.status).to.equal(500);
    expect(missing.headers.get('x-loaded-sha256')).to.equal(sha256(original));
  });
});
