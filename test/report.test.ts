// The terminal report and the verdict, from Results made by hand: what a learner reads,
// written out in English as literals.

import { expect } from 'chai';
import { translator } from '../checker/i18n/index.ts';
import { ANSI } from '../checker/render/colour.ts';
import { renderJson } from '../checker/render/json.ts';
import { renderText } from '../checker/render/text.ts';
import { verdictOf } from '../checker/render/words.ts';
import type { CheckResult, Results } from '../checker/types.ts';

const t = translator('en');

const HINT_FAILED: CheckResult = {
  n: 3,
  section: 'hints',
  text: "Your public/client.js should listen for the 'user count' event.",
  status: 'failed',
  failure: {
    reason: 'assertion',
    key: 'assertion',
    params: { url: 'http://localhost:3000/public/client.js', pattern: `/socket.on.*('|")user count('|")/s` },
    message: 'Your client should be connection to server with the connection defined as socket',
  },
  ms: 4,
};

function results(checks: CheckResult[], extra: Partial<Results> = {}): Results {
  return { step: 'communicate-by-emitting', id: 'x', lang: 'en', target: 'http://localhost:3000/', passed: checks.every((c) => c.status !== 'failed'), checks, ...extra };
}

const passed = (n: number, section: CheckResult['section']): CheckResult => ({ n, section, text: `Check ${n}.`, status: 'passed', ms: 1 });
const unreachable = (n: number, section: CheckResult['section']): CheckResult => ({
  n,
  section,
  text: `Check ${n}.`,
  status: 'failed',
  failure: { reason: 'unreachable', key: 'unreachable', params: { url: 'http://localhost:3000/_api/server.js' } },
  ms: 1,
});

describe('the terminal report', () => {
  it("explains a failed hint in the kit's words first, then freeCodeCamp's message, the advice and the reason code", () => {
    const text = renderText(results([passed(1, 'hints'), passed(2, 'hints'), HINT_FAILED]), t);
    const lines = text.split('\n');
    const at = lines.findIndex((line) => line.includes('3. Your public/client.js'));
    expect(lines.slice(at + 1, at + 5)).to.deep.equal([
      "       public/client.js has no socket.on('user count', ...): a listener on socket for the event 'user count'.",
      '       freeCodeCamp\'s message: "Your client should be connection to server with the connection defined as socket"',
      "       → Compare your file with the lesson's code: the check reads the file's text, so names, quotes and spelling matter.",
      '       reason: assertion',
    ]);
  });

  it('dims the reason code on a terminal', () => {
    expect(renderText(results([HINT_FAILED]), t, ANSI)).to.include('\u001b[2mreason: assertion\u001b[22m');
  });

  it('shows advice without Markdown backticks', () => {
    const text = renderText(results([unreachable(1, 'hints')]), t);
    expect(text).to.include('→ Is your app running? Start it in another terminal with npm start');
    expect(text).to.not.include('`');
  });

  it('gives the same advice once, however many checks share it, and each other advice once too', () => {
    const text = renderText(results([unreachable(1, 'hints'), unreachable(2, 'hints'), HINT_FAILED, unreachable(4, 'behaviour')]), t);
    const advice = text.split('\n').filter((line) => line.trim().startsWith('→ '));
    expect(advice).to.have.length(2);
    expect(advice.filter((line) => line.includes('Is your app running? Start it in another terminal with npm start'))).to.have.length(1);
    // Under the first check that needs it: check 1, not a later one.
    const lines = text.split('\n');
    const first = lines.findIndex((line) => line.includes('Is your app running?'));
    expect(lines.slice(0, first).filter((line) => /^ {2}\S+ \d+\. /.test(line)).map((line) => line.trim().split(' ')[1])).to.deep.equal(['1.']);
  });

  it('says so first when the running app is older than its server.js, and names a folder entry', () => {
    const text = renderText(results([passed(1, 'hints')], { staleApp: true, entry: 'app.js' }), t);
    expect(text).to.include('Your app runs an older server.js than the one on disk: restart it');
    expect(text).to.include("This folder's package.json names app.js as the app's entry file, so app.js was read where the hints ask for server.js.");
    expect(JSON.parse(renderJson(results([passed(1, 'hints')], { staleApp: true }), t))).to.include({ staleApp: true });
    // server.js itself, or an app at an address: no such line.
    for (const extra of [{ entry: 'server.js' }, {}]) expect(renderText(results([passed(1, 'hints')], extra), t)).not.to.include('entry file');
  });

  it('ends an interrupted run with what finished and what did not', () => {
    const text = renderText(results([passed(1, 'hints')], { interrupted: { notRun: 4 }, passed: false }), t);
    expect(text.split('\n').at(-1)).to.equal('Interrupted (Ctrl-C): 1 check finished, 4 not run.');
    expect(JSON.parse(renderJson(results([passed(1, 'hints')], { interrupted: { notRun: 4 }, passed: false }), t))).to.include({ interrupted: true, passed: false });
  });
});

describe('the verdict after the checks', () => {
  it('all passed', () => {
    const all = results([passed(1, 'hints'), passed(2, 'behaviour')]);
    expect(verdictOf(all)).to.equal('allPassed');
    expect(renderText(all, t).split('\n').at(-1)).to.equal('Well done: everything this lesson asks for works.');
  });

  it('nothing answered: says to start the app, not to fix the first failing check', () => {
    const none = results([unreachable(1, 'hints'), unreachable(2, 'behaviour')]);
    expect(verdictOf(none)).to.equal('nothingAnswered');
    expect(renderText(none, t).split('\n').at(-1)).to.equal('Nothing answered: start your app (npm start in another terminal), wait for its address, and run the checker again.');
  });

  it('the app works but a hint wants the literal code', () => {
    const literal = results([passed(1, 'hints'), HINT_FAILED, passed(4, 'behaviour'), passed(5, 'behaviour')]);
    expect(verdictOf(literal)).to.equal('literalForm');
    expect(renderText(literal, t).split('\n').at(-1)).to.equal(
      "Your app works: the behaviour checks pass. freeCodeCamp's hints, though, read the text of your files and look for the lesson's code as the lesson writes it: where a hint fails, write your code the lesson's way.",
    );
  });

  it('anything else: fix the first failing check', () => {
    expect(verdictOf(results([HINT_FAILED, { ...passed(4, 'behaviour'), status: 'skipped' }]))).to.equal('nextStep');
    expect(verdictOf(results([passed(1, 'hints'), unreachable(2, 'behaviour')]))).to.equal('nextStep');
  });

  it('every check failed, some unreachable and some not: something answered, so fix the first failing check', () => {
    const some = results([HINT_FAILED, unreachable(4, 'behaviour')]);
    expect(verdictOf(some)).to.equal('nextStep');
    expect(renderText(some, t).split('\n').at(-1)).to.not.equal('Nothing answered: start your app (npm start in another terminal), wait for its address, and run the checker again.');
  });
});
