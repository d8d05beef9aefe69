// Who may ask the learn server for a check, and what the page gets back.

import { expect } from 'chai';
import { translator } from '../checker/i18n/index.ts';
import type { CheckResult, Failure, Results } from '../checker/types.ts';
import { guardCheckRequest, isOwnHost, parseCheckBody, type RequestHead } from '../learn/check-request.ts';
import { checkResponse, MAX_FIELD_CHARS, refusalBody } from '../learn/check-response.ts';

const PORT = 4000;
const STEPS = ['communicate-by-emitting'];
const good: RequestHead = {
  method: 'POST',
  host: '127.0.0.1:4000',
  origin: 'http://127.0.0.1:4000',
  fetchSite: 'same-origin',
  contentType: 'application/json',
};

describe('learn: guarding /api/check', () => {
  it('lets the page itself through, under either of its names', () => {
    expect(guardCheckRequest(good, PORT)).to.equal(undefined);
    expect(guardCheckRequest({ ...good, host: 'localhost:4000', origin: 'http://localhost:4000' }, PORT)).to.equal(undefined);
    expect(guardCheckRequest({ ...good, contentType: 'application/json; charset=utf-8' }, PORT)).to.equal(undefined);
  });

  it('lets a client without Origin through (curl, scripts): it is not a web page', () => {
    expect(guardCheckRequest({ method: 'POST', host: '127.0.0.1:4000', contentType: 'application/json' }, PORT)).to.equal(undefined);
  });

  const refused: [string, Partial<RequestHead>, number, string][] = [
    ['a foreign Host (DNS rebinding)', { host: 'evil.example:4000', origin: 'http://evil.example:4000' }, 403, 'bad-host'],
    ['another port in Host', { host: '127.0.0.1:4001' }, 403, 'bad-host'],
    ['no Host at all', { host: undefined }, 403, 'bad-host'],
    ['GET', { method: 'GET' }, 405, 'method-not-allowed'],
    ['a foreign Origin', { origin: 'http://evil.example' }, 403, 'foreign-origin'],
    ['an Origin under the other name of the server', { origin: 'http://localhost:4000' }, 403, 'foreign-origin'],
    ['an opaque Origin', { origin: 'null' }, 403, 'foreign-origin'],
    ['https Origin', { origin: 'https://127.0.0.1:4000' }, 403, 'foreign-origin'],
    ['a cross-site fetch without Origin', { origin: undefined, fetchSite: 'cross-site' }, 403, 'foreign-origin'],
    ['text/plain', { contentType: 'text/plain' }, 415, 'not-json'],
    ['a form', { contentType: 'application/x-www-form-urlencoded' }, 415, 'not-json'],
    ['no Content-Type', { contentType: undefined }, 415, 'not-json'],
  ];
  for (const [what, change, status, code] of refused) {
    it(`refuses ${what} with ${status} ${code}`, () => {
      expect(guardCheckRequest({ ...good, ...change }, PORT)).to.include({ status, code });
    });
  }

  it('knows its own Host names, case aside', () => {
    expect(isOwnHost('LOCALHOST:4000', PORT)).to.equal(true);
    expect(isOwnHost('localhost', PORT)).to.equal(false);
    expect(isOwnHost('[::1]:4000', PORT)).to.equal(false);
  });
});

describe('learn: the check request body', () => {
  it('accepts a URL, a language and a step of the course', () => {
    const parsed = parseCheckBody({ url: 'localhost:3000', lang: 'pt-BR', step: STEPS[0], extra: 1 }, STEPS);
    expect(parsed).to.deep.equal({ ok: true, request: { url: 'http://localhost:3000/', lang: 'pt-BR', step: STEPS[0] } });
  });

  const bad: [string, unknown, string][] = [
    ['an array', [], 'bad-request'],
    ['null', null, 'bad-request'],
    ['no url', { lang: 'en', step: STEPS[0] }, 'bad-url'],
    ['a file URL', { url: 'file:///etc/passwd', lang: 'en', step: STEPS[0] }, 'bad-url'],
    ['a javascript: URL', { url: 'javascript:alert(1)', lang: 'en', step: STEPS[0] }, 'bad-url'],
    ['a huge URL', { url: `http://localhost:3000/${'a'.repeat(3000)}`, lang: 'en', step: STEPS[0] }, 'bad-url'],
    ['an unknown language', { url: 'http://localhost:3000', lang: 'de', step: STEPS[0] }, 'bad-lang'],
    ['a step file path', { url: 'http://localhost:3000', lang: 'en', step: '/etc/hosts.md' }, 'bad-step'],
    ['a relative step path', { url: 'http://localhost:3000', lang: 'en', step: `../steps/${STEPS[0]}/en.md` }, 'bad-step'],
  ];
  for (const [what, body, code] of bad) {
    it(`refuses ${what} as ${code}`, () => {
      const parsed = parseCheckBody(body, STEPS);
      expect(parsed.ok).to.equal(false);
      if (!parsed.ok) expect(parsed.refusal).to.include({ status: 400, code });
    });
  }

  it('takes an address of exactly 2048 characters, and refuses one of 2049', () => {
    const address = (length: number) => `http://localhost:3000/${'a'.repeat(length - 'http://localhost:3000/'.length)}`;
    const at = parseCheckBody({ url: address(2048), lang: 'en', step: STEPS[0] }, STEPS);
    expect(at.ok && at.request.url.length).to.equal(2048);
    const past = parseCheckBody({ url: address(2049), lang: 'en', step: STEPS[0] }, STEPS);
    expect(!past.ok && past.refusal.code).to.equal('bad-url');
  });

  it("names the refused address by its first 80 characters, without a password", () => {
    const long = `http://user:secret@localhost:3000/${'a'.repeat(3000)}`;
    const past = parseCheckBody({ url: long, lang: 'en', step: STEPS[0] }, STEPS);
    expect(!past.ok && past.refusal.params).to.deep.equal({ url: `http://localhost:3000/${'a'.repeat(80 - 22)}` });
    const credentials = parseCheckBody({ url: `http://user:secret@localhost:3000/${'b'.repeat(100)}`, lang: 'en', step: STEPS[0] }, STEPS);
    expect(!credentials.ok && [credentials.refusal.code, credentials.refusal.params]).to.deep.equal(['credentials', { url: `http://localhost:3000/${'b'.repeat(80 - 22)}` }]);
  });

  it('names an address that is not http(s) by its first 80 characters too', () => {
    const ftp = `ftp://localhost/${'c'.repeat(200)}`;
    const parsed = parseCheckBody({ url: ftp, lang: 'en', step: STEPS[0] }, STEPS);
    expect(!parsed.ok && [parsed.refusal.code, parsed.refusal.params]).to.deep.equal(['bad-url', { url: `ftp://localhost/${'c'.repeat(80 - 16)}` }]);
  });

  it('explains a refusal in the chosen language, with its stable code', () => {
    const parsed = parseCheckBody({ url: 'ftp://x', lang: 'it', step: STEPS[0] }, STEPS);
    if (parsed.ok) throw new Error('expected a refusal');
    const body = refusalBody(parsed.refusal, translator('it'));
    expect(body.error.code).to.equal('bad-url');
    expect(body.error.message).to.equal('"ftp://x" non è un indirizzo http o https, per esempio http://localhost:3000');
    expect(body.error.message).to.include('non è un indirizzo');
  });
});

describe('learn: the answer to a check', () => {
  const results: Results = {
    step: 'communicate-by-emitting',
    id: 'x',
    lang: 'pt-BR',
    target: 'http://localhost:3000/',
    passed: false,
    checks: [
      { n: 1, section: 'hints', text: 'Has x.', status: 'passed', ms: 1 },
      {
        n: 2,
        section: 'hints',
        text: 'Has `y`.',
        status: 'failed',
        failure: { reason: 'assertion', key: 'assertion', params: { url: 'http://localhost:3000/_api/server.js', pattern: '/y/' }, message: 'You should have y' },
        ms: 2,
      },
      {
        n: 3,
        section: 'hints',
        text: 'Has `z`.',
        status: 'failed',
        failure: { reason: 'assertion', key: 'assertion', params: { url: 'http://localhost:3000/public/client.js', pattern: '/z/' }, message: 'You should have z' },
        ms: 2,
      },
      { n: 4, section: 'behaviour', text: 'Counts.', status: 'failed', failure: { reason: 'no-event', key: 'no-event', params: { client: 'first', event: 'user count', ms: 1500 } }, ms: 1500 },
    ],
  };
  const t = translator('pt-BR');
  const answer = checkResponse(results, t);

  it('keeps the JSON contract (version 1) and adds a summary in the language', () => {
    expect(answer).to.include({ version: 1, passed: false, lang: 'pt-BR' });
    expect(answer.checks.map((c) => c.status)).to.deep.equal(['passed', 'failed', 'failed', 'failed']);
    expect(answer.checks[0].text).to.equal('Has x.');
    expect(answer.summary).to.equal('1 de 4 verificações passaram.');
    expect(answer.verdict).to.equal('Corrija a primeira verificação que falhou, salve o arquivo e clique em Verificar de novo.');
  });

  it("translates a hint's failure and keeps freeCodeCamp's own message beside it", () => {
    expect(answer.checks[1]).to.include({ reason: 'assertion', message: 'You should have y' });
    expect(answer.checks[1].explanation).to.equal('server.js não tem o texto que esta verificação procura.');
  });

  it('gives the advice once per kind of failure, as the terminal does', () => {
    expect(answer.checks.map((c) => c.advice !== undefined)).to.deep.equal([false, true, false, true]);
    expect(answer.checks[3].message).to.equal("Um cliente de teste não recebeu nenhum evento 'user count' em 1500 ms.");
    expect(answer.checks[3].explanation).to.equal(undefined);
  });

  it('says all is well when every check passed', () => {
    const ok = checkResponse({ ...results, passed: true, checks: [results.checks[0]] }, t);
    expect(ok.verdict).to.equal('Muito bem: tudo o que esta lição pede está funcionando.');
    expect(ok.checks[0]).to.not.have.property('advice');
  });
});

describe('learn: the verdict and the advice the page gives', () => {
  const en = translator('en');
  const hint = (n: number, failure?: Failure): CheckResult =>
    failure ? { n, section: 'hints', text: 'A hint.', status: 'failed', failure, ms: 1 } : { n, section: 'hints', text: 'A hint.', status: 'passed', ms: 1 };
  const behaviour = (n: number, failure?: Failure): CheckResult =>
    failure ? { n, section: 'behaviour', text: 'Counts.', status: 'failed', failure, ms: 1 } : { n, section: 'behaviour', text: 'Counts.', status: 'passed', ms: 1 };
  const unreachable = (n: number): Failure => ({ reason: 'unreachable', key: 'unreachable', params: { url: `http://127.0.0.1:9/_api/${n}` } });
  const assertion: Failure = { reason: 'assertion', key: 'assertion', params: { url: 'http://localhost:3000/_api/server.js', pattern: '/x/' }, message: 'You should have x' };
  const noEvent: Failure = { reason: 'no-event', key: 'no-event', params: { client: 'first', event: 'user count', ms: 1500 } };
  const answer = (checks: CheckResult[], t = en) =>
    checkResponse({ step: 's', id: 'x', lang: 'en', target: 'http://127.0.0.1:9/', passed: checks.every((c) => c.status !== 'failed'), checks }, t);

  it('says everything works when every check passed', () => {
    expect(answer([hint(1), behaviour(2)]).verdict).to.equal('Well done: everything this lesson asks for works.');
  });

  it("points at the page's address field when nothing answered at all", () => {
    const all = answer([hint(1, unreachable(1)), behaviour(2, unreachable(2))]);
    expect(all.verdict).to.equal('Nothing answered at this address. Start your app with `npm start` in a terminal, check the address in the field above, and press Check again.');
    expect(all.verdict).to.not.include('npm run check');
  });

  it('does not say "nothing answered" when something did', () => {
    expect(answer([hint(1), behaviour(2, unreachable(2))]).verdict).to.equal('Fix the first failing check, save your file, and press Check again.');
  });

  it("says the app works when only freeCodeCamp's hints fail", () => {
    expect(answer([hint(1, assertion), behaviour(2)]).verdict).to.equal(
      "Your app works: the behaviour checks pass. freeCodeCamp's hints read the text of your files and look for the lesson's code as written: where a hint fails, write your code the lesson's way, then press Check again.",
    );
    expect(answer([hint(1, assertion), behaviour(2, noEvent)]).verdict).to.equal('Fix the first failing check, save your file, and press Check again.');
  });

  it('gives the verdict in the learner\'s language', () => {
    expect(answer([hint(1, unreachable(1))], translator('it')).verdict).to.match(/^A questo indirizzo non risponde nessuno\./);
    expect(answer([hint(1, assertion), behaviour(2)], translator('pt-BR')).verdict).to.match(/^O seu app funciona:/);
  });

  it("advises the page's address field, not `npm run check -- URL`, for an app that does not answer", () => {
    const advice = answer([hint(1, unreachable(1))]).checks[0].advice;
    expect(advice).to.equal(
      'Is your app running? Start it in another terminal with `npm start`, wait for its "http://localhost:…" line, and press Check again. If `npm start` is running, look at its terminal: an error there (a `SyntaxError`, say) means the app stopped. If it listens on another port, type that address in the field above, e.g. `http://localhost:3001`.',
    );
    // The terminal keeps its own words.
    expect(en('advice.unreachable')).to.include('npm run check -- http://localhost:3001');
  });

  it('advises the terminal for more time, the page having no --timeout', () => {
    const timeout: Failure = { reason: 'timeout', key: 'timeout', params: { ms: 5000 } };
    expect(answer([hint(1, timeout)]).checks[0].advice).to.match(/To allow more time, check from a terminal: `npm run check -- --timeout 10000`\.$/);
  });

  it("keeps the terminal's advice where it suits the page too", () => {
    expect(answer([hint(1, assertion)]).checks[0].advice).to.equal(en('advice.assertion'));
    expect(answer([hint(1, assertion)]).checks[0].advice).to.match(/^Compare your file with the lesson's code/);
  });

  it("keeps freeCodeCamp's English message as `message` and the catalog's words as `explanation`", () => {
    const check = answer([hint(1, assertion)], translator('it')).checks[0];
    expect(check.message).to.equal('You should have x');
    expect(check.explanation).to.equal('server.js non contiene il testo che questo controllo cerca.');
  });

  it("cuts an app's own endless words, so that the answer stays small", () => {
    const rejected: Failure = { reason: 'socket-rejected', key: 'socket-rejected', params: { message: 'no '.repeat(300_000) } };
    const big = answer([behaviour(1, rejected), behaviour(2, { ...rejected })]);
    expect(big.checks[0].message!.length).to.equal(MAX_FIELD_CHARS);
    expect(big.checks[0].message!.endsWith('…')).to.equal(true);
    expect(Buffer.byteLength(JSON.stringify(big))).to.be.lessThan(64 * 1024);
    const small = answer([behaviour(1, { ...rejected, params: { message: 'login first' } })]);
    expect(small.checks[0].message).to.equal('The app refused the test client\'s Socket.IO connection: "login first".');
  });
});
