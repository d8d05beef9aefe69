// Submitting on freeCodeCamp: could its page (https://www.freecodecamp.org) read the files
// the hints fetch? The paths read from the hints, the probe against real apps (the kit's
// solution, a fixture app playing freeCodeCamp's boilerplate with and without
// NODE_ENV=production, small servers), the whole command, and every renderer.

import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import { loadStep, run as runStep } from '../checker/index.ts';
import { translator } from '../checker/i18n/index.ts';
import { renderCsv } from '../checker/render/csv.ts';
import { toClassJson } from '../checker/render/class-json.ts';
import { renderJson } from '../checker/render/json.ts';
import { renderJunit } from '../checker/render/junit.ts';
import { renderTable } from '../checker/render/table.ts';
import { renderText } from '../checker/render/text.ts';
import { verdictOf } from '../checker/render/words.ts';
import { hintPaths, MAX_PATHS } from '../checker/run/submit/paths.ts';
import { probeFreeCodeCamp } from '../checker/run/submit/probe.ts';
import type { CheckResult, CheckSource, ClassResults, FreeCodeCampFinding, Results } from '../checker/types.ts';
import { checkResponse } from '../learn/check-response.ts';
import { ROOT, startApp, type RunningApp } from './helpers/apps.ts';
import { runCli } from './helpers/cli.ts';
import { poll } from './helpers/wait.ts';
import { startFixture, stopAll } from './helpers/fixture-apps.ts';

const t = translator('en');

const hint = (code: string): CheckSource => ({ section: 'hints', text: 'x', plain: 'x', code, line: 1 });

describe('the files the hints fetch (run/submit/paths.ts)', () => {
  it("reads the lesson's hints: /_api/server.js, then /public/client.js", async () => {
    const step = await loadStep('communicate-by-emitting', 'en');
    expect(hintPaths(step.checks)).to.deep.equal(['/_api/server.js', '/public/client.js']);
  });

  it("reads freeCodeCamp's older forms, and never a behaviour check's, another site's or a bare slash", () => {
    const checks = [
      hint(`getUserInput => $.get(getUserInput('url') + '/_api/package.json').then(data => {})`),
      hint('async (getUserInput) => { await fetch(`${getUserInput("url")}/_api/routes.js`); }'),
      hint(`async () => { await fetch('//evil.example/x'); await fetch("/"); }`),
      { ...hint(`async () => { await fetch('/_test/clients'); }`), section: 'behaviour' as const },
    ];
    expect(hintPaths(checks)).to.deep.equal(['/_api/package.json']);
  });

  it(`keeps at most ${MAX_PATHS} paths: the ${MAX_PATHS}th is kept, the next one is not`, () => {
    const paths = Array.from({ length: MAX_PATHS + 1 }, (_, i) => `'/f${i + 1}'`);
    const found = hintPaths([hint(`async () => [${paths.join(', ')}]`)]);
    expect(found).to.have.length(8);
    expect(found.at(-1)).to.equal('/f8');
    expect(found).not.to.include('/f9');
  });

  it('reads a path of 1 to 200 characters after its slash, not a longer one, nor the slash alone', () => {
    const longest = `/${'a'.repeat(200)}`;
    const found = hintPaths([hint(`async () => [fetch('${longest}'), fetch('/${'b'.repeat(201)}'), fetch('/x'), fetch('/')]`)]);
    expect(found).to.deep.equal([longest, '/x']);
  });
});

/** A server on a free port of 127.0.0.1 answering with `handler`. */
async function serving(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/** A server that answers every path with `headers(path)`; `silent` paths never answer. */
function tinyServer(headers: (path: string, req: IncomingMessage) => Record<string, string>, silent: string[] = []): Promise<{ url: string; server: Server }> {
  return serving((req, res) => {
    if (silent.includes(req.url ?? '')) return;
    res.writeHead(req.method === 'OPTIONS' ? 204 : 200, headers(req.url ?? '', req)).end(req.method === 'OPTIONS' ? undefined : 'x');
  });
}

const close = (server?: Server) =>
  new Promise((resolve) => {
    if (!server) return resolve(undefined);
    server.closeAllConnections();
    server.close(resolve);
  });

describe("the probe: what freeCodeCamp's page would get (run/submit/probe.ts)", function () {
  this.timeout(30_000);
  const PATHS = ['/_api/server.js', '/public/client.js'];
  let apps: Record<'solution' | 'starter' | 'boilerplate' | 'boilerplateProduction', RunningApp>;
  const servers: Server[] = [];

  before(async () => {
    const started = await Promise.all([
      startApp(path.join(ROOT, 'solution')),
      startApp(path.join(ROOT, 'starter')),
      startFixture('right', 'socket.io', { NODE_ENV: 'development' }),
      startFixture('right'),
    ]);
    apps = { solution: started[0], starter: started[1], boilerplate: started[2], boilerplateProduction: started[3] };
  });
  after(async () => {
    await stopAll(Object.values(apps ?? {}));
    for (const server of servers) await close(server);
  });

  for (const name of ['solution', 'starter'] as const) {
    it(`the kit's ${name}: every file readable, and the preflight allowed`, async () => {
      expect(await probeFreeCodeCamp(apps[name].url, PATHS)).to.deep.equal({
        readable: true,
        files: [
          { path: '/_api/server.js', readable: true, preflight: true },
          { path: '/public/client.js', readable: true, preflight: true },
        ],
      });
    });
  }

  it("freeCodeCamp's boilerplate without NODE_ENV=production: no file readable", async () => {
    expect(await probeFreeCodeCamp(apps.boilerplate.url, PATHS)).to.deep.equal({
      readable: false,
      files: [
        { path: '/_api/server.js', readable: false, preflight: false },
        { path: '/public/client.js', readable: false, preflight: false },
      ],
    });
  });

  it('the same app with NODE_ENV=production: readable (no Private Network Access answer, which Chrome no longer needs)', async () => {
    const finding = await probeFreeCodeCamp(apps.boilerplateProduction.url, PATHS);
    expect(finding?.readable).to.equal(true);
    expect(finding?.files.map((file) => file.preflight)).to.deep.equal([false, false]);
  });

  it("one file without CORS is enough to make the app unreadable; `*` is readable; another origin is not", async () => {
    const { url, server } = await tinyServer((p): Record<string, string> => (p === '/a' ? { 'access-control-allow-origin': '*' } : { 'access-control-allow-origin': 'https://example.org' }));
    servers.push(server);
    expect(await probeFreeCodeCamp(url, ['/a', '/b'])).to.deep.equal({
      readable: false,
      files: [
        { path: '/a', readable: true, preflight: false },
        { path: '/b', readable: false, preflight: false },
      ],
    });
  });

  it('a preflight is allowed by a 2xx answer with both headers: 200 and 299 are, 300 is not', async () => {
    const { url, server } = await serving((req, res) => {
      const status = req.method === 'OPTIONS' ? Number(req.url!.slice(1)) : 200;
      res.writeHead(status, { 'access-control-allow-origin': '*', 'access-control-allow-private-network': 'true' }).end();
    });
    servers.push(server);
    const finding = await probeFreeCodeCamp(url, ['/200', '/299', '/300']);
    expect(finding?.files.map((file) => [file.path, file.preflight])).to.deep.equal([
      ['/200', true],
      ['/299', true],
      ['/300', false],
    ]);
  });

  it('sends the Origin and the preflight a browser sends to a local address', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const { url, server } = await tinyServer((_p, req) => {
      seen.push({ method: req.method, origin: req.headers.origin, method2: req.headers['access-control-request-method'], pna: req.headers['access-control-request-private-network'] });
      return {};
    });
    servers.push(server);
    await probeFreeCodeCamp(url, ['/a']);
    const byMethod = Object.fromEntries(seen.map((s) => [s.method, s]));
    expect(byMethod.OPTIONS).to.deep.equal({ method: 'OPTIONS', origin: 'https://www.freecodecamp.org', method2: 'GET', pna: 'true' });
    expect(byMethod.GET).to.deep.equal({ method: 'GET', origin: 'https://www.freecodecamp.org', method2: undefined, pna: undefined });
  });

  it("asks over one connection, closed after it: each file's preflight, then its GET, as a browser sends them", async () => {
    const seen: string[] = [];
    const { url, server } = await tinyServer((p, req) => {
      seen.push(`${req.method} ${p}`);
      return { 'access-control-allow-origin': '*' };
    });
    servers.push(server);
    let connections = 0;
    server.on('connection', () => connections++);
    expect((await probeFreeCodeCamp(url, ['/a', '/b']))?.readable).to.equal(true);
    expect(seen).to.deep.equal(['OPTIONS /a', 'GET /a', 'OPTIONS /b', 'GET /b']);
    expect(connections).to.equal(1);
    const open = () => new Promise<number>((resolve) => server.getConnections((_err, count) => resolve(count)));
    await poll(async () => ((await open()) === 0 ? true : undefined), 5000, "the probe's connection closed");
  });

  it('a file that never answers: no finding, within its own time limit', async () => {
    const { url, server } = await tinyServer(() => ({ 'access-control-allow-origin': '*' }), ['/slow']);
    servers.push(server);
    expect(await probeFreeCodeCamp(url, ['/a', '/slow'], { timeoutMs: 300 })).to.equal(undefined);
  });

  it('leaves no timer and no connection behind, answered or not', async () => {
    const { url, server } = await tinyServer(() => ({ 'access-control-allow-origin': '*' }), ['/slow']);
    servers.push(server);
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const connections = () => new Promise<number>((resolve) => server.getConnections((_err, count) => resolve(count)));
    const before = timers();
    expect(await probeFreeCodeCamp(url, ['/a'], { timeoutMs: 2000 })).to.deep.equal({ readable: true, files: [{ path: '/a', readable: true, preflight: false }] });
    expect(timers()).to.equal(before);
    expect(await probeFreeCodeCamp(url, ['/a', '/slow'], { timeoutMs: 300 })).to.equal(undefined);
    expect(timers()).to.equal(before);
    await poll(async () => ((await connections()) === 0 ? true : undefined), 5000, "the probe's connections closed");
  });

  it("stops when the caller's signal does, asks nothing when it already has, and leaves no listener on it", async () => {
    let asked = 0;
    const { url, server } = await serving((req, res) => {
      asked++;
      if (req.url === '/slow') return; // never answers
      res.writeHead(req.method === 'OPTIONS' ? 204 : 200, { 'access-control-allow-origin': '*' }).end(req.method === 'OPTIONS' ? undefined : 'x');
    });
    servers.push(server);
    const caller = new AbortController();
    // Answered: a finding, and the caller's signal as it was.
    expect((await probeFreeCodeCamp(url, ['/a'], { signal: caller.signal }))?.readable).to.equal(true);
    expect(getEventListeners(caller.signal, 'abort')).to.have.length(0);
    // Stopped by the caller while a file does not answer: no finding, long before the probe's own limit.
    const stopping = probeFreeCodeCamp(url, ['/a', '/slow'], { signal: caller.signal, timeoutMs: 60_000 });
    await poll(() => (asked >= 4 ? true : undefined), 5000, 'the probe asking for /slow');
    caller.abort();
    expect(await stopping).to.equal(undefined);
    expect(getEventListeners(caller.signal, 'abort')).to.have.length(0);
    // Already stopped: nothing asked.
    const before = asked;
    expect(await probeFreeCodeCamp(url, ['/a'], { signal: caller.signal })).to.equal(undefined);
    expect(asked).to.equal(before);
  });

  it('by default, a file of 1 MiB is asked about and one byte more is not', async () => {
    const { url, server } = await serving((req, res) => {
      const size = req.url === '/over' ? 1024 * 1024 + 1 : 1024 * 1024;
      res.writeHead(req.method === 'OPTIONS' ? 204 : 200, { 'access-control-allow-origin': '*' }).end(req.method === 'OPTIONS' ? undefined : Buffer.alloc(size, 'x'));
    });
    servers.push(server);
    expect((await probeFreeCodeCamp(url, ['/exact']))?.readable).to.equal(true);
    expect(await probeFreeCodeCamp(url, ['/over'])).to.equal(undefined);
  });

  it('a body over its cap: no finding; at the cap: a finding', async () => {
    const { url, server } = await tinyServer(() => ({ 'access-control-allow-origin': '*' }));
    servers.push(server);
    expect(await probeFreeCodeCamp(url, ['/a'], { maxBytes: 0 })).to.equal(undefined);
    expect((await probeFreeCodeCamp(url, ['/a'], { maxBytes: 1 }))?.readable).to.equal(true);
  });

  describe('npm run check', () => {
    it("an app without CORS: the hints pass, exit 0, and the last sentence says freeCodeCamp's page could not read it, with the fix", async () => {
      const run = await runCli([apps.boilerplate.url]);
      expect(run.code).to.equal(0);
      // The step passes, so the course's next step still ends the output (cli/next-step.ts), after the report's last sentence.
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines.slice(-2)).to.deep.equal(['', `Next step: Handle a Disconnect. Check it with: npm run check -- --step handle-a-disconnect ${apps.boilerplate.url}/`]);
      expect(lines.at(-3)).to.equal(
        "The lesson's code works, but freeCodeCamp's page could not read your app: it sent /_api/server.js and /public/client.js without allowing https://www.freecodecamp.org (CORS), so there the hints would fail with \"Failed to fetch\". The kit's apps allow it; with freeCodeCamp's own boilerplate, whose test routes allow freeCodeCamp only in production, start the app with NODE_ENV=production (NODE_ENV=production npm start) and check again.",
      );
    });

    it('--json: the finding is in the results, the verdicts unchanged', async () => {
      const run = await runCli([apps.boilerplate.url, '--json', '--hints-only']);
      const json = JSON.parse(run.stdout) as { passed: boolean; freeCodeCamp: FreeCodeCampFinding };
      expect(run.code).to.equal(0);
      expect(json.passed).to.equal(true);
      expect(json.freeCodeCamp).to.deep.equal({
        readable: false,
        files: [
          { path: '/_api/server.js', readable: false, preflight: false },
          { path: '/public/client.js', readable: false, preflight: false },
        ],
      });
    });

    it('one hint that reads a file is enough to be told; no hint run, no finding', async () => {
      const step = await loadStep('communicate-by-emitting', 'en');
      const target = { kind: 'url' as const, url: apps.boilerplate.url };
      const oneHint = { ...step, checks: step.checks.filter((check) => check.section === 'hints').slice(0, 1) };
      const told = await runStep(oneHint, target, { lang: 'en' });
      expect(told.checks.map((check) => check.status)).to.deep.equal(['passed']);
      expect(told.freeCodeCamp).to.deep.equal({ readable: false, files: [{ path: '/_api/server.js', readable: false, preflight: false }] });
      const none = await runStep({ ...step, checks: [] }, target, { lang: 'en' });
      expect(none).not.to.have.property('freeCodeCamp');
    });

    it("a run given Ctrl-C's signal leaves no listener on it once over, told or not", async () => {
      const step = await loadStep('communicate-by-emitting', 'en');
      const hints = { ...step, checks: step.checks.filter((check) => check.section === 'hints') };
      const ctrlC = new AbortController();
      for (const app of [apps.boilerplate, apps.starter]) {
        const results = await runStep(hints, { kind: 'url', url: app.url }, { lang: 'en', signal: ctrlC.signal });
        expect(results.checks).to.have.length(3);
        expect(getEventListeners(ctrlC.signal, 'abort'), app.url).to.have.length(0);
      }
    });

    it('the solution: readable, and the usual last sentence', async () => {
      const run = await runCli([apps.solution.url, '--json', '--hints-only']);
      expect((JSON.parse(run.stdout) as { freeCodeCamp: FreeCodeCampFinding }).freeCodeCamp.readable).to.equal(true);
      const text = await runCli([apps.solution.url]);
      const lines = text.stdout.trimEnd().split('\n');
      expect(lines.at(-3)).to.equal('Well done: everything this lesson asks for works.');
      expect(lines.slice(-2)).to.deep.equal(['', `Next step: Handle a Disconnect. Check it with: npm run check -- --step handle-a-disconnect ${apps.solution.url}/`]);
    });

    it('the starter: the hints fail as before (exit 1), and no line about freeCodeCamp (its files are readable)', async () => {
      const run = await runCli([apps.starter.url, '--hints-only']);
      expect(run.code).to.equal(1);
      expect(run.stdout).not.to.include("freeCodeCamp's page could not read");
    });

    it('--dir: never asked', async () => {
      const run = await runCli(['--dir', path.join(ROOT, 'solution'), '--json']);
      expect(JSON.parse(run.stdout)).not.to.have.property('freeCodeCamp');
    });
  });
});

describe('every renderer shows the finding', () => {
  const passed = (n: number, section: CheckResult['section']): CheckResult => ({ n, section, text: `Check ${n}.`, status: 'passed', ms: 1 });
  const failed: CheckResult = { n: 4, section: 'behaviour', text: 'Check 4.', status: 'failed', failure: { reason: 'no-event', key: 'no-event', params: { event: 'user count', ms: 1500 } }, ms: 1 };
  const UNREADABLE: FreeCodeCampFinding = {
    readable: false,
    files: [
      { path: '/_api/server.js', readable: true, preflight: false },
      { path: '/public/client.js', readable: false, preflight: false },
    ],
  };
  const results = (checks: CheckResult[], freeCodeCamp?: FreeCodeCampFinding): Results => ({
    step: 'communicate-by-emitting',
    id: 'x',
    lang: 'en',
    target: 'http://localhost:3000/',
    passed: checks.every((c) => c.status !== 'failed'),
    checks,
    ...(freeCodeCamp ? { freeCodeCamp } : {}),
  });
  const allPassed = results([passed(1, 'hints'), passed(2, 'hints')], UNREADABLE);
  const behaviourFailed = results([passed(1, 'hints'), failed], UNREADABLE);
  const LINE = "freeCodeCamp's page could not read your app: it sent /public/client.js without allowing https://www.freecodecamp.org (CORS), so there the hints would fail with \"Failed to fetch\". With freeCodeCamp's own boilerplate, start the app with NODE_ENV=production.";

  it('verdict: everything passed but unreadable is its own verdict; readable is allPassed', () => {
    expect(verdictOf(allPassed)).to.equal('freeCodeCampUnreadable');
    expect(verdictOf(results(allPassed.checks, { ...UNREADABLE, readable: true }))).to.equal('allPassed');
    expect(verdictOf(results(allPassed.checks))).to.equal('allPassed');
  });

  it('terminal: the final sentence when all passed; a line before the advice when a check failed', () => {
    expect(renderText(allPassed, t).split('\n').at(-1)).to.match(/^The lesson's code works, but freeCodeCamp's page could not read your app: it sent \/public\/client\.js without/);
    const lines = renderText(behaviourFailed, t).split('\n');
    expect(lines.at(-2)).to.equal(LINE);
    expect(lines.at(-1)).to.equal('Fix the first failing check, save, and run the checker again.');
    expect(renderText(results(allPassed.checks), t)).not.to.include('freeCodeCamp\'s page');
  });

  it('JSON: the finding as it is; absent when not asked', () => {
    expect(JSON.parse(renderJson(allPassed, t)).freeCodeCamp).to.deep.equal(UNREADABLE);
    expect(JSON.parse(renderJson(results(allPassed.checks), t))).not.to.have.property('freeCodeCamp');
  });

  it('lesson page: the verdict says it', () => {
    expect(checkResponse(allPassed, t).verdict).to.match(/^The lesson's code works, but freeCodeCamp's page could not read your app/);
    expect(checkResponse(behaviourFailed, t).verdict).to.equal(`${LINE} Fix the first failing check, save your file, and press Check again.`);
    expect(checkResponse(allPassed, t).freeCodeCamp).to.deep.equal(UNREADABLE);
  });

  const klass: ClassResults = {
    step: 'communicate-by-emitting',
    id: 'x',
    lang: 'en',
    learners: [
      { learner: 'ana', line: 2, results: allPassed },
      { learner: 'bia', line: 3, results: results(allPassed.checks, { ...UNREADABLE, readable: true }) },
      { learner: 'caio', line: 4, results: results(allPassed.checks) },
    ],
    problems: [],
    ms: 10,
  };

  it('class table: a mark on the row, and one note under the summary', () => {
    const lines = renderTable(klass, t).split('\n');
    expect(lines.find((line) => line.startsWith('ana'))).to.match(/freeCodeCamp cannot read it$/);
    expect(lines.find((line) => line.startsWith('bia'))).not.to.include('freeCodeCamp');
    expect(lines).to.include('1 app answers without allowing freeCodeCamp\'s page (CORS): submitted there, the hints would fail with "Failed to fetch" (freeCodeCamp\'s boilerplate: start it with NODE_ENV=production).');
    expect(renderTable({ ...klass, learners: klass.learners.slice(1) }, t)).not.to.include('without allowing');
  });

  it('CSV: a freecodecamp_readable column: false, true, or empty when not asked', () => {
    const rows = renderCsv(klass).replace(/^\ufeff/, '').trimEnd().split('\r\n');
    // Before sections_run, which is always last (the client branch's column).
    expect(rows[0]!.split(',').slice(-2)).to.deep.equal(['freecodecamp_readable', 'sections_run']);
    expect(rows.slice(1).map((row) => row.split(',').at(-2))).to.deep.equal(['false', 'true', '']);
  });

  it('JUnit: a freeCodeCamp.readable property on each suite that was asked', () => {
    const xml = renderJunit(klass, t);
    expect(xml).to.include('<property name="freeCodeCamp.readable" value="false"/>');
    expect(xml).to.include('<property name="freeCodeCamp.readable" value="true"/>');
    expect(xml.match(/freeCodeCamp\.readable/g)).to.have.length(2);
  });

  it('class JSON: each learner\'s results carry it', () => {
    expect(toClassJson(klass, t).learners.map((learner) => learner.results.freeCodeCamp?.readable)).to.deep.equal([false, true, undefined]);
  });
});

describe('the learner guides on submitting', () => {
  // The report's sentence as each guide quotes it, written out in each language.
  const QUOTED = {
    en: "The lesson's code works, but freeCodeCamp's page could not read your app",
    'pt-BR': 'O código da lição funciona, mas a página do freeCodeCamp não conseguiu ler o seu app',
    it: 'Il codice della lezione funziona, ma la pagina di freeCodeCamp non è riuscita a leggere la tua app',
  } as const;

  for (const lang of ['en', 'pt-BR', 'it'] as const) {
    it(`${lang}: quotes the report's last sentence as the checker says it, and names the address, the prompt and NODE_ENV=production`, async () => {
      const { readFileSync } = await import('node:fs');
      const guide = readFileSync(path.join(ROOT, 'docs', lang, 'learner.md'), 'utf8');
      expect(translator(lang)('submit.unreadable', { files: '/x' }).startsWith(QUOTED[lang])).to.equal(true);
      expect(guide).to.include(`"${QUOTED[lang]}"`);
      expect(guide).to.include('`http://localhost:3000`').and.include('`NODE_ENV=production npm start`').and.include('Firefox').and.include('Safari');
    });
  }
});
