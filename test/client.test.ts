// The kit's own behaviour checks of issue 18: the learner's public/client.js run in a page
// model inside QuickJS (checker/client/engine.ts, page.ts, checker/run/learner-client.ts), the newcomer
// counted (checker/client/source-order.ts), and what the learner reads when they fail. The
// verdicts of every fixture app on 2.x, 3.x and 4.x are in behaviour.test.ts; this file
// holds the words, the shapes learners write, and the engine's limits.

import { expect } from 'chai';
import { Page, PageStopped } from '../checker/client/engine.ts';
import { newcomerOrder } from '../checker/client/source-order.ts';
import { translator } from '../checker/i18n/index.ts';
import { explain } from '../checker/render/words.ts';
import { CheckFailure } from '../checker/run/failure.ts';
import type { CheckFetch } from '../checker/run/fetch.ts';
import { toFailure } from '../checker/run/diagnose.ts';
import { createLearnerClient } from '../checker/run/learner-client.ts';
import { CheckPool } from '../checker/run/pool.ts';
import { FetchHeaders, FetchResponse } from '../checker/run/response.ts';
import { run } from '../checker/run/run.ts';
import { loadStep } from '../checker/step/course.ts';
import type { Lang, Results, Step } from '../checker/types.ts';
import { settledClients, startFixtures, stopAll } from './helpers/fixture-apps.ts';
import type { RunningApp } from './helpers/apps.ts';
import { counted } from './helpers/workers.ts';

/** A connection listener in the shapes learners write, around `body`. */
const server = (body: string) => `'use strict';
const io = require('socket.io')(http);
let currentUsers = 0;
${body}
http.listen(3000);
`;

describe('the newcomer is counted: the connection listener read with acorn', () => {
  const counted = {
    'arrow function, increment on its own line': "io.on('connection', (socket) => {\n  ++currentUsers;\n  io.emit('user count', currentUsers);\n});",
    'function expression, var, postfix increment as a statement': "var n = 0;\nio.on('connection', function (socket) {\n  currentUsers++;\n  io.emit('user count', currentUsers);\n});",
    '++currentUsers inside the emit, the listener split over lines': "io\n  .on(\n    'connection',\n    async function (socket) {\n      io.emit(\n        \"user count\",\n        ++currentUsers\n      );\n    }\n  );",
    'currentUsers += 1, then io.sockets.emit': "io.sockets.on('connection', (socket) => {\n  currentUsers += 1;\n  io.sockets.emit('user count', currentUsers);\n});",
    'a named handler declared elsewhere': "function onConnect(socket) {\n  currentUsers = currentUsers + 1;\n  io.emit('user count', currentUsers);\n}\nio.on('connection', onConnect);",
    'a disconnect listener nested inside emits without increasing': "io.on('connection', (socket) => {\n  socket.on('disconnect', () => {\n    --currentUsers;\n    io.emit('user count', currentUsers);\n  });\n  ++currentUsers;\n  io.emit('user count', currentUsers);\n});",
  };
  for (const [shape, body] of Object.entries(counted)) {
    it(`counted: ${shape}`, async () => {
      expect(await newcomerOrder(server(body))).to.deep.equal({ verdict: 'counted' });
    });
  }

  it('emit-first: io.emit above ++currentUsers names both lines', async () => {
    const body = "io.on('connection', function (socket) {\n  io.emit('user count', currentUsers);\n  ++currentUsers;\n});";
    expect(await newcomerOrder(server(body))).to.deep.equal({ verdict: 'emit-first', counter: 'currentUsers', emitLine: 5, incrementLine: 6 });
  });

  it('emit-first: an arrow function with the increment after, even when a nested handler increments earlier', async () => {
    const body = "io.on('connection', (socket) => {\n  socket.on('hello', () => { currentUsers++; });\n  io.emit('user count', currentUsers);\n  currentUsers++;\n});";
    expect(await newcomerOrder(server(body))).to.deep.equal({ verdict: 'emit-first', counter: 'currentUsers', emitLine: 6, incrementLine: 7 });
  });

  it('postfix: currentUsers++ as the argument of the emit', async () => {
    const body = "io.on('connection', (socket) => {\n  io.emit('user count', currentUsers++);\n});";
    expect(await newcomerOrder(server(body))).to.deep.equal({ verdict: 'postfix', counter: 'currentUsers', line: 5 });
  });

  it('unknown, never a failure: code the parser cannot read', async () => {
    expect(await newcomerOrder("io.on('connection', (socket) => {\n  ++currentUsers\n  io.emit('user count', currentUsers\n});")).to.deep.equal({ verdict: 'unknown', why: 'unparsed' });
    expect(await newcomerOrder('['.repeat(200_000))).to.deep.equal({ verdict: 'unknown', why: 'unparsed' });
  });

  it('unknown, never a failure: no connection listener emitting the count, or an increment it cannot see', async () => {
    expect(await newcomerOrder(server("io.on('connection', handlers.connected);"))).to.deep.equal({ verdict: 'unknown', why: 'no-listener' });
    expect(await newcomerOrder(server("io.on('connection', (socket) => {\n  addUser();\n  io.emit('user count', currentUsers);\n});"))).to.deep.equal({ verdict: 'unknown', why: 'no-increment-found' });
  });

  it('reads an event name written as a template literal without expressions', async () => {
    const body = "io.on(`connection`, (socket) => {\n  io.emit(`user count`, currentUsers);\n  ++currentUsers;\n});";
    expect(await newcomerOrder(server(body))).to.deep.equal({ verdict: 'emit-first', counter: 'currentUsers', emitLine: 5, incrementLine: 6 });
  });

  it('reads an ES module too (import, top-level await)', async () => {
    const source = "import { Server } from 'socket.io';\nconst io = new Server(await listen());\nlet currentUsers = 0;\nio.on('connection', (socket) => {\n  io.emit('user count', currentUsers);\n  currentUsers++;\n});\n";
    expect(await newcomerOrder(source)).to.deep.equal({ verdict: 'emit-first', counter: 'currentUsers', emitLine: 5, incrementLine: 6 });
  });
});

describe('the page model in QuickJS', function () {
  this.timeout(20_000);
  const limits = { cpuMs: 300, memoryBytes: 16 * 1024 * 1024 };

  async function loaded(source: string) {
    const page = await Page.open('http://127.0.0.1:3000/chat', limits);
    return { page, error: page.load(source) };
  }

  /** Loads a script that throws when the page model gets something wrong: it must not. */
  async function expectLoadsCleanly(source: string) {
    const { page, error } = await loaded(source);
    page.close();
    expect(error).to.equal(undefined);
  }

  it("runs freeCodeCamp's boilerplate client untouched: jQuery ready, let socket = io(), chained calls, the form", async () => {
    const { page, error } = await loaded(`$(document).ready(function () {
  /* global io */
  let socket = io();
  socket.on('user count', function (data) {
    $('#num-users').text(data + ' users online');
    $('#messages').append($('<li>').html('<b>' + data + '</b>'));
  });
  $('form').submit(function () {
    socket.emit('chat message', $('#m').val());
    $('#m').val('');
    return false;
  });
});`);
    try {
      expect(error).to.equal(undefined);
      expect(page.loaded()).to.deep.equal({ sockets: 1, errors: [] });
      expect(page.deliver(0, 'connect', ['kit'])).to.deep.equal({ listeners: 0, error: null, listens: ['user count'] });
      expect(page.deliver(0, 'user count', [3])).to.deep.equal({ listeners: 1, error: null, listens: ['user count'] });
    } finally {
      page.close();
    }
  });

  it('hands the listener the data the app sent (a listener that writes it where the kit can read it back)', async () => {
    const { page, error } = await loaded(`const socket = io();
socket.on('user count', (data) => { if (data !== 7) throw new Error('got ' + data); document.getElementById('num-users').textContent = data; });`);
    try {
      expect(error).to.equal(undefined);
      page.loaded();
      expect(page.deliver(0, 'user count', [7]).error).to.equal(null);
      expect(page.deliver(0, 'user count', [8]).error).to.deep.equal({ name: 'Error', message: 'got 8', line: 2, where: 'listener' });
    } finally {
      page.close();
    }
  });

  it('gives the page no way to Node: no process, require or globalThis.process, even through a host-looking object', async () => {
    const { page, error } = await loaded(`const probes = [typeof process, typeof require, typeof module, typeof globalThis.process, typeof io.constructor.constructor('return this')().process];
if (probes.some((type) => type !== 'undefined')) throw new Error(probes.join());
io.constructor.constructor('return process')();`);
    try {
      expect(error).to.deep.equal({ name: 'ReferenceError', message: "'process' is not defined", line: 3 });
    } finally {
      page.close();
    }
  });

  it('stops an endless loop within its time, and the page can run nothing after', async () => {
    const { page } = await loaded('const socket = io();').catch((err) => ({ page: undefined, err }));
    page!.close();
    const open = await Page.open('http://127.0.0.1:3000/chat', limits);
    try {
      expect(() => open.load('for (;;) {}')).to.throw(PageStopped).with.property('why', 'time');
      expect(() => open.loaded()).to.throw(PageStopped);
    } finally {
      open.close();
    }
  });

  it('stops endless allocation at its memory, and the next page starts clean', async () => {
    // Time enough for a busy machine: memory is what must stop it.
    const open = await Page.open('http://127.0.0.1:3000/chat', { ...limits, cpuMs: 10_000 });
    try {
      expect(() => open.load('const hoard = []; for (;;) hoard.push(new Array(1000).fill(hoard.length));')).to.throw(PageStopped).with.property('why', 'memory');
    } finally {
      open.close();
    }
    const next = await loaded('const socket = io(); socket.on("user count", () => {});');
    try {
      expect(next.error).to.equal(undefined);
      expect(next.page.loaded().sockets).to.equal(1);
    } finally {
      next.page.close();
    }
  });

  it('shares its time among its turns: a listener that loops is stopped too', async () => {
    const { page, error } = await loaded("const socket = io();\nsocket.on('user count', () => { for (;;) socket.emit('x', 'y'); });");
    try {
      expect(error).to.equal(undefined);
      page.loaded();
      expect(() => page.deliver(0, 'user count', [1])).to.throw(PageStopped).with.property('why', 'time');
    } finally {
      page.close();
    }
  });

  it("runs DOMContentLoaded listeners when the page is ready, and a timer of 0 ms at the page's first tick", async () => {
    const { page, error } = await loaded(`document.addEventListener('DOMContentLoaded', () => { io().on('user count', () => {}); });
document.addEventListener('DOMContentLoaded', 'not a function');
setTimeout(() => { io(); }, 0);`);
    try {
      expect(error).to.equal(undefined);
      expect(page.loaded()).to.deep.equal({ sockets: 1, errors: [] });
      page.tick(0);
      expect(page.loaded().sockets).to.equal(2);
    } finally {
      page.close();
    }
  });

  it('makes at most 3 sockets: a fourth io() gives the third again', async () => {
    const { page, error } = await loaded("const a = io(), b = io(), c = io(), d = io();\nif (d !== c || c === b || b === a) throw new Error('not the third');");
    try {
      expect(error).to.equal(undefined);
      expect(page.loaded().sockets).to.equal(3);
    } finally {
      page.close();
    }
  });

  it("jQuery's find gives every match below, a tag selects only its elements, and attr reads the first element's attribute", async () => {
    await expectLoadsCleanly(`$('#messages').append($('<li>').text('a')).append($('<li>').text('b'));
if ($('#messages').find('li').length !== 2) throw new Error('find: ' + $('#messages').find('li').length);
if ($('form').length !== 1 || $('li').length !== 2) throw new Error('by tag: ' + $('form').length + ' ' + $('li').length);
$('#num-users').attr('data-n', '3');
if ($('#num-users').attr('data-n') !== '3') throw new Error('attr: ' + $('#num-users').attr('data-n'));`);
  });

  it('finds nothing, and throws nothing, for a selector the model does not read', async () => {
    await expectLoadsCleanly("if (document.querySelector('a[href]') !== null || $('ul > li:first-child').length !== 0) throw new Error('found');");
  });

  it('runs at most 100 ready callbacks: the 100th runs, the 101st does not', async () => {
    for (const [before, sockets] of [[99, 1], [100, 0]] as const) {
      const { page } = await loaded(`for (let i = 0; i < ${before}; i++) $(function () {});\n$(function () { io(); });`);
      try {
        expect(page.loaded().sockets, `io() in ready callback number ${before + 1}`).to.equal(sockets);
      } finally {
        page.close();
      }
    }
  });

  describe('events no listener waits for (not sent into the engine, as they cost the page nothing in a browser)', () => {
    it("20 000 of them use none of the page's time: a page with 50 ms still hears the count after them", async () => {
      // Sent in, each costs ~16 µs here: 20 000 are ~0.3 s, six times this page's time.
      const page = await Page.open('http://127.0.0.1:3000/chat', { ...limits, cpuMs: 50 });
      try {
        expect(page.load("const socket = io();\nsocket.on('user count', (n) => { document.getElementById('num-users').textContent = n; });")).to.equal(undefined);
        page.loaded();
        page.tick(0);
        page.deliver(0, 'connect', ['kit']);
        for (let i = 0; i < 20_000; i++) expect(page.deliver(0, 'chat message', [`message ${i}`]).listeners).to.equal(0);
        expect(page.deliver(0, 'user count', [3])).to.deep.equal({ listeners: 1, error: null, listens: ['user count'] });
      } finally {
        page.close();
      }
    });

    it("reach a listener added since: by a listener, by a timer, by a promise job, by an io() made later; 'connect' is always sent in", async () => {
      const { page, error } = await loaded(`const socket = io();
socket.on('a', () => { if (socket.id !== 'kit') throw new Error('not connected'); socket.on('b', () => {}); });
socket.on('c', () => { Promise.resolve().then(() => socket.on('d', () => {})); });
setTimeout(() => socket.on('e', () => {}), 10);`);
      try {
        expect(error).to.equal(undefined);
        page.loaded();
        page.tick(0);
        page.deliver(0, 'connect', ['kit']); // always sent in: no listener, but the socket is connected by it
        expect(page.deliver(0, 'b', [1]).listeners).to.equal(0);
        expect(page.deliver(0, 'a', [1])).to.include({ listeners: 1, error: null });
        expect(page.deliver(0, 'b', [1]).listeners).to.equal(1);
        expect(page.deliver(0, 'd', [1]).listeners).to.equal(0);
        expect(page.deliver(0, 'c', [1]).listeners).to.equal(1);
        expect(page.deliver(0, 'd', [1]).listeners).to.equal(1);
        expect(page.deliver(0, 'e', [1]).listeners).to.equal(0);
        page.tick(10);
        expect(page.deliver(0, 'e', [1])).to.deep.equal({ listeners: 1, error: null, listens: ['a', 'c', 'b', 'd', 'e'] });
      } finally {
        page.close();
      }
      const late = await loaded("setTimeout(() => io().on('user count', () => {}), 0);");
      try {
        late.page.loaded();
        expect(late.page.deliver(0, 'user count', [1]).listeners).to.equal(0);
        late.page.tick(1);
        expect(late.page.deliver(0, 'user count', [1]).listeners).to.equal(1);
      } finally {
        late.page.close();
      }
    });

    it('reach the 21st event a page listens for, past the 20 it names', async () => {
      const names = Array.from({ length: 21 }, (_, i) => `e${i}`);
      const { page } = await loaded(`const socket = io();\n${names.map((name) => `socket.on('${name}', () => {});`).join('\n')}`);
      try {
        page.loaded();
        page.tick(0);
        const last = page.deliver(0, 'e20', [1]);
        expect(last.listeners).to.equal(1);
        expect(last.listens).to.have.length(20);
        expect(last.listens).to.not.include('e20');
      } finally {
        page.close();
      }
    });

    it('still fail on a page its time stopped', async () => {
      const { page } = await loaded("const socket = io();\nsocket.on('user count', () => { for (;;); });");
      try {
        page.loaded();
        page.tick(0);
        expect(() => page.deliver(0, 'user count', [1])).to.throw(PageStopped).with.property('why', 'time');
        expect(() => page.deliver(0, 'chat message', ['hi'])).to.throw(PageStopped).with.property('why', 'time');
      } finally {
        page.close();
      }
    });
  });

  it('names a syntax error and its line; a let used above its line as the browser would', async () => {
    const syntax = await loaded("const socket = io();\nsocket.on('user count', (data) => {\n  console.log(data;\n});");
    syntax.page.close();
    expect(syntax.error).to.deep.equal({ name: 'SyntaxError', message: "expecting ','", line: 3 });
    const early = await loaded("socket.on('user count', () => {});\nconst socket = io();");
    early.page.close();
    expect(early.error).to.deep.equal({ name: 'ReferenceError', message: 'socket is not initialized', line: 1 });
  });
});

describe("the learner's client helper (run/learner-client.ts), on a client.js served as it is", function () {
  this.timeout(20_000);
  /** The helper's fetch: the app answers /public/client.js with `source`. */
  const serving = (source: string) => async (input: Parameters<CheckFetch>[0]) =>
    new FetchResponse(Buffer.from(source), { status: 200, statusText: 'OK', headers: new FetchHeaders({ 'content-type': 'application/javascript' }), url: String(input), redirected: false });
  const noConnection = () => Promise.reject(new Error('the page should not have connected'));

  it("an error thrown in the page's ready callback fails the check as client.ready-error, naming it and its line, before any connection", async () => {
    const source = "$(function () {\n  const socket = io();\n  missingHelper(socket);\n});\n";
    const { helper, closeAll } = createLearnerClient(serving(source), noConnection);
    try {
      const failure = await helper.open('http://127.0.0.1:9/').then(
        () => undefined,
        (err: unknown) => err
      );
      expect(failure).to.be.instanceOf(CheckFailure);
      const { reason, key, params } = failure as CheckFailure;
      expect({ reason, key, params }).to.deep.equal({
        reason: 'assertion',
        key: 'client.ready-error',
        params: { url: 'public/client.js', name: 'ReferenceError', message: "'missingHelper' is not defined", line: '3' },
      });
      expect(explain(toFailure(failure, []), translator('en')).explanation).to.equal(
        "public/client.js: the page's ready callback stopped with ReferenceError on line 3: 'missingHelper' is not defined"
      );
    } finally {
      closeAll();
    }
  });
});

describe("the learner's client and the newcomer, as the learner reads them (Socket.IO 4.x)", function () {
  this.timeout(60_000);
  const names = [
    'client-before-socket',
    'client-syntax-after-listener',
    'client-listener-uncalled',
    'client-listener-commented',
    'client-no-io',
    'client-listener-throws',
    'client-hostile-loop',
    'client-hostile-memory',
    'client-hostile-process',
    'client-hostile-flood',
    'client-fcc-boilerplate',
    'emit-before-increment',
    'postfix-in-emit',
    'order-unread',
    'wrong-event-name',
  ] as const;
  let apps: Record<(typeof names)[number], RunningApp>;
  let step: Step;
  let pool: CheckPool;
  const results = new Map<string, Results>();

  before(async () => {
    step = await loadStep('communicate-by-emitting', 'en');
    apps = await startFixtures(names, 'socket.io');
    pool = new CheckPool(2);
    await Promise.all(
      names.map(async (name) => {
        // The default limit (the page's own time is then 1 s): room for a busy machine.
        results.set(name, await run(step, { kind: 'url', url: apps[name].url }, { lang: 'en', pool, limits: { timeoutMs: 5000 }, sections: ['behaviour'] }));
      })
    );
  });

  after(async () => {
    await pool?.close();
    await stopAll(Object.values(apps ?? {}));
  });

  /** The problem and the advice of check `n` (1-based, in the behaviour section), in `lang`. */
  const words = (name: string, n: number, lang: Lang = 'en') => explain(results.get(name)!.checks[n - 1]!.failure!, translator(lang));

  const CLIENT = 4;
  const cases: Array<[string, string, string]> = [
    [
      'client-before-socket',
      "public/client.js uses socket on line 3 before the line that creates it. In a browser this stops the script with: Cannot access 'socket' before initialization.",
      "Move `const socket = io();` above every line that uses `socket`, such as `socket.on('user count', ...)`.",
    ],
    ['client-syntax-after-listener', "public/client.js stopped with SyntaxError on line 8 while the page loaded: expecting ','", "Open the chat page with the browser's developer console: the same error is there. Fix that line first; nothing after it runs."],
    ['client-listener-uncalled', "The page's socket connected and the app sent 'user count', but public/client.js registers no listener at all on that socket.", ''],
    ['client-listener-commented', "The page's socket connected and the app sent 'user count', but public/client.js registers no listener at all on that socket.", ''],
    ['client-no-io', 'public/client.js never calls io(), so the page never connects to Socket.IO.', "Create the socket at the top of public/client.js: `const socket = io();` (freeCodeCamp's file writes `let socket = io();`)."],
    ['client-listener-throws', "The page's 'user count' listener stopped with TypeError on line 5 when the count arrived: cannot set property 'textContent' of null", ''],
    ['client-hostile-loop', 'public/client.js was still running after 1000 ms of its own time (an endless loop?) and was stopped.', ''],
    ['client-hostile-flood', 'public/client.js was still running after 1000 ms of its own time (an endless loop?) and was stopped.', ''],
    ['client-hostile-memory', 'public/client.js used more than 32 MB of memory and was stopped.', ''],
    ['client-hostile-process', "public/client.js stopped with ReferenceError on line 4 while the page loaded: 'process' is not defined", ''],
  ];
  for (const [name, problem, advice] of cases) {
    it(`${name}: fails the client check and says ${JSON.stringify(problem.slice(0, 50))}…`, async () => {
      const checks = results.get(name)!.checks;
      expect(checks[CLIENT - 1]!.status).to.equal('failed');
      expect(words(name, CLIENT).explanation).to.equal(problem);
      if (advice) expect(words(name, CLIENT).advice).to.equal(advice);
      expect(await settledClients(apps[name as (typeof names)[number]]), 'test clients still connected').to.equal(0);
    });
  }

  it("passes freeCodeCamp's boilerplate client, untouched", () => {
    expect(results.get('client-fcc-boilerplate')!.checks.map((c) => c.status)).to.deep.equal(['passed', 'passed', 'passed', 'passed']);
  });

  it('a listener in no called function, in pt-BR and it', () => {
    expect(words('client-listener-uncalled', CLIENT, 'pt-BR').explanation).to.equal("O socket da página se conectou e o app enviou 'user count', mas public/client.js não registra nenhum ouvinte nesse socket.");
    expect(words('client-listener-uncalled', CLIENT, 'it').explanation).to.equal("Il socket della pagina si è collegato e l'app ha inviato 'user count', ma public/client.js non registra nessun listener su quel socket.");
  });

  it('the newcomer: emit before ++ names both lines; currentUsers++ in the emit names its line', () => {
    expect(words('emit-before-increment', 1).explanation).to.equal("server.js emits 'user count' on line 14 before it increases currentUsers on line 15: every client is told one user fewer than there are.");
    expect(words('emit-before-increment', 1).advice).to.equal("Swap the two lines: `++currentUsers;` first, then `io.emit('user count', currentUsers);`.");
    expect(words('postfix-in-emit', 1).explanation).to.equal('server.js emits currentUsers++ on line 14: with ++ after the name, the value sent is the one from before the increase, one user fewer than there are.');
    for (const name of ['emit-before-increment', 'postfix-in-emit']) expect(results.get(name)!.checks.slice(1).map((c) => c.status), name).to.deep.equal(['passed', 'passed', 'passed']);
  });

  it('an order it cannot read passes on the value alone, and says so', () => {
    const check = results.get('order-unread')!.checks[0]!;
    expect(check.status).to.equal('passed');
    expect(check.note).to.deep.equal({ key: 'order-no-listener', params: {} });
    expect(translator('en')(`client.notes.${check.note!.key}`)).to.equal(
      "Checked by value only: the order of the increment and the emit in server.js could not be read (no connection listener with an emit of 'user count' was found)."
    );
  });

  it("a page stopped in an endless loop (timeout, client.busy) leaves its worker clean: the next learner's page runs there and passes", async () => {
    const one = new CheckPool(1);
    try {
      const behaviour = (name: (typeof names)[number]) => run(step, { kind: 'url', url: apps[name].url }, { lang: 'en', pool: one, limits: { timeoutMs: 5000 }, sections: ['behaviour'] });
      const looped = await behaviour('client-hostile-loop');
      expect(looped.checks.map((c) => c.failure?.key ?? c.status)).to.deep.equal(['passed', 'passed', 'passed', 'client.busy']);
      const [next, started] = await counted(() => behaviour('client-fcc-boilerplate'));
      expect(next.checks.map((c) => c.status)).to.deep.equal(['passed', 'passed', 'passed', 'passed']);
      expect(started, 'workers started for the next learner').to.equal(0);
    } finally {
      await one.close();
    }
  });

  it("an expected event that never came: the events that did arrive are named", () => {
    expect(words('wrong-event-name', 2).explanation).to.match(/^A test client received no 'user count' event within 1500 ms\. It received instead: user_count \(\d+\)\.$/);
  });
});
