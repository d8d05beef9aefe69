// Issue 18, items 4 to 6: a hint failure explained in plain words before freeCodeCamp's
// message; verdict sentences that claim only what ran (terminal, JSON, class table, CSV,
// JUnit); freeCodeCamp's old `$.get(url).then(onOk)` on a 404; the boundaries of the
// roster cap and of a folder next to one that shares its name's beginning.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { KitError } from '../checker/errors.ts';
import { translator } from '../checker/i18n/index.ts';
import { renderCsv } from '../checker/render/csv.ts';
import { toJson } from '../checker/render/json.ts';
import { renderJunit } from '../checker/render/junit.ts';
import { renderTable } from '../checker/render/table.ts';
import { renderText } from '../checker/render/text.ts';
import { explain, verdictOf } from '../checker/render/words.ts';
import { MAX_ROSTER_BYTES, readRoster } from '../checker/roster/read.ts';
import { readInFolder } from '../checker/run/folder.ts';
import { run } from '../checker/run/run.ts';
import type { CheckResult, ClassResults, Failure, Results, Step } from '../checker/types.ts';

const en = translator('en');

const hint = (n: number, status: CheckResult['status'], failure?: Failure): CheckResult => ({ n, section: 'hints', text: `hint ${n}`, status, ms: 1, ...(failure ? { failure } : {}) });
const behaviour = (n: number, status: CheckResult['status'], skip?: 'folder'): CheckResult => ({ n, section: 'behaviour', text: `behaviour ${n}`, status, ms: 0, ...(skip ? { skip } : {}) });

function results(checks: CheckResult[], extra: Partial<Results> = {}): Results {
  return { step: 'communicate-by-emitting', id: 'x', lang: 'en', target: 'http://localhost:3000/', passed: checks.every((c) => c.status !== 'failed'), checks, ...extra };
}

const ALL = results([hint(1, 'passed'), behaviour(2, 'passed')], { sectionsRun: ['hints', 'behaviour'], sectionsNotRun: [] });
const HINTS_ONLY = results([hint(1, 'passed')], { sectionsRun: ['hints'], sectionsNotRun: ['behaviour'] });
const FOLDER = results([hint(1, 'passed'), behaviour(2, 'skipped', 'folder')], { target: '/class/ana', entry: 'server.js', sectionsRun: ['hints'], sectionsNotRun: ['behaviour'] });

describe('verdict sentences claim only what ran', () => {
  it('"everything works" only when the hints and every behaviour check ran and passed', () => {
    expect(verdictOf(ALL)).to.equal('allPassed');
    expect(renderText(ALL, en)).to.include('Well done: everything this lesson asks for works.');
  });

  it('--hints-only: the hints pass, and what was not checked', () => {
    expect(verdictOf(HINTS_ONLY)).to.equal('hintsOnly');
    const text = renderText(HINTS_ONLY, en);
    expect(text).not.to.include('everything this lesson asks for works');
    expect(text).to.include("freeCodeCamp's hints pass. Only the hints ran (--hints-only): what your app does was not checked. Run the checker without --hints-only to check it.");
    expect(renderText(HINTS_ONLY, translator('pt-BR'))).to.include('As dicas do freeCodeCamp passam. Só as dicas rodaram (--hints-only)');
  });

  it('a folder: the hints pass, and a folder is never run', () => {
    expect(verdictOf(FOLDER)).to.equal('folderHints');
    expect(renderText(FOLDER, translator('it'))).to.include('I suggerimenti di freeCodeCamp sono superati. Una cartella non viene mai eseguita');
  });

  it('a failed hint is still "fix the first failing check", whatever ran', () => {
    const failing = results([hint(1, 'failed', { reason: 'assertion', key: 'assertion', params: { url: 'http://localhost:3000/_api/server.js', pattern: '/currentUsers/s' }, message: 'm' })], { sectionsRun: ['hints'], sectionsNotRun: ['behaviour'] });
    expect(verdictOf(failing)).to.equal('nextStep');
  });

  it('the JSON says which sections ran (and, only when some did not, which)', () => {
    expect(toJson(HINTS_ONLY, en)).to.include({ passed: true }).and.to.deep.include({ sectionsRun: ['hints'], sectionsNotRun: ['behaviour'] });
    const all = toJson(ALL, en);
    expect(all.sectionsRun).to.deep.equal(['hints', 'behaviour']);
    expect(all).not.to.have.property('sectionsNotRun');
  });

  it('a passed check with a note: the note in words, in the JSON and the terminal', () => {
    const noted = results([{ ...behaviour(1, 'passed'), note: { key: 'order-unparsed', params: {} } }], { sectionsRun: ['behaviour'], sectionsNotRun: [] });
    const words = 'Checked by value only: the order of the increment and the emit in server.js could not be read (server.js could not be parsed).';
    expect(toJson(noted, en).checks[0]).to.include({ status: 'passed', note: words });
    expect(renderText(noted, en)).to.include(`       ${words}`);
    expect(toJson(ALL, en).checks[0]).not.to.have.property('note');
  });

  const klass = (learners: Results[]): ClassResults => ({ step: 'communicate-by-emitting', id: 'x', lang: 'en', learners: learners.map((r, i) => ({ learner: `learner${i + 1}`, line: i + 1, results: r })), problems: [], ms: 10 });

  it('the class table marks a folder learner\'s pass "hints only", and counts them', () => {
    const table = renderTable(klass([FOLDER, ALL]), en);
    expect(table).to.match(/^learner1 +✔ – +hints only$/m);
    expect(table).to.match(/^learner2 +✔ ✔$/m);
    expect(table).to.include('2 of 2 learners passed every check.');
    expect(table).to.include('1 of them on the hints alone (a folder is never run).');
  });

  it('the CSV has a last column sections_run; JUnit a property sections_run and the verdict "hints only"', () => {
    const csv = renderCsv(klass([FOLDER, ALL])).split('\r\n');
    expect(csv[0]!.split(',').at(-1)).to.equal('sections_run');
    expect(csv[1]!.split(',').at(-1)).to.equal('hints');
    expect(csv[2]!.split(',').at(-1)).to.equal('hints behaviour');
    const xml = renderJunit(klass([FOLDER, ALL]), en);
    expect(xml).to.include('<property name="sections_run" value="hints"/>\n      <property name="verdict" value="hints only"/>');
    expect(xml.match(/name="verdict"/g)).to.have.length(1);
  });
});

describe('a failed hint in plain words, before freeCodeCamp\'s message', () => {
  const failure = (file: string, pattern: string): Failure => ({ reason: 'assertion', key: 'assertion', params: { url: `http://localhost:3000${file}`, pattern }, message: "freeCodeCamp's words" });

  it('says what each of the lesson\'s hints looks for, whatever the flags (older files write /gi)', () => {
    expect(explain(failure('/_api/server.js', '/currentUsers/s'), en).explanation).to.equal("server.js has no currentUsers anywhere: the lesson's counter, `let currentUsers = 0;`, is not there yet.");
    expect(explain(failure('/_api/server.js', `/io.emit.*('|")user count('|").*currentUsers/gi`), en).explanation).to.equal(
      "server.js has no `io.emit('user count', currentUsers)`: an `io.emit` with the event name 'user count' and then `currentUsers`, in that order."
    );
    expect(explain(failure('/public/client.js', `/socket.on.*('|")user count('|")/s`), en).explanation).to.equal("public/client.js has no `socket.on('user count', ...)`: a listener on `socket` for the event 'user count'.");
    expect(explain(failure('/public/client.js', `/socket.on.*('|")user count('|")/s`), translator('it')).explanation).to.equal("public/client.js non contiene `socket.on('user count', ...)`: un listener su `socket` per l'evento 'user count'.");
  });

  it('another step\'s pattern: the file and no regex, which stays in the JSON', () => {
    const other = failure('/_api/server.js', '/somethingElse/');
    expect(explain(other, en).explanation).to.equal('server.js lacks the text this check looks for.');
    const json = toJson(results([hint(1, 'failed', other)]), en);
    expect(json.checks[0]).to.include({ message: "freeCodeCamp's words", explanation: 'server.js lacks the text this check looks for.', pattern: '/somethingElse/' });
  });

  it('the terminal: the plain words first, then freeCodeCamp\'s message, never the regex', () => {
    const text = renderText(results([hint(1, 'failed', failure('/public/client.js', `/socket.on.*('|")user count('|")/s`))]), en);
    const lines = text.split('\n');
    const at = lines.findIndex((line) => line.includes("public/client.js has no socket.on('user count', ...)"));
    expect(at).to.be.greaterThan(0);
    expect(lines[at + 1]).to.include('freeCodeCamp\'s message: "freeCodeCamp\'s words"');
    expect(text).not.to.include(`('|")`);
  });
});

describe("freeCodeCamp's old forms and the kit's boundaries", function () {
  this.timeout(60_000);
  let server: Server;
  let url: string;
  let tmp: string;

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/_api/server.js') res.writeHead(200, { 'content-type': 'application/javascript' }).end('let currentUsers = 0;');
      else res.writeHead(404, { 'content-type': 'text/html' }).end('<!DOCTYPE html><p>Cannot GET</p>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    tmp = mkdtempSync(path.join(os.tmpdir(), 'kit-verdicts-'));
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(tmp, { recursive: true, force: true });
  });

  /** A one-hint step: `$.get(path).then(onOk)` with no failure callback, as old freeCodeCamp files wrote it. */
  const oldForm = (file: string): Step => ({
    file: 'old.md', id: 'x', title: 'old', dashedName: 'old', challengeType: 2, description: '',
    checks: [{ section: 'hints', text: 'old form', plain: 'old form', line: 1, code: `(getUserInput) => $.get(getUserInput('url') + '${file}').then((data) => { assert.match(data, /currentUsers/); })` }],
  });

  it('$.get(url).then(onOk) fails on a 404, as jQuery\'s promise would; passes on the file', async () => {
    const missing = await run(oldForm('/public/missing.js'), { kind: 'url', url }, { lang: 'en' });
    expect(missing.checks.map((c) => [c.status, c.failure?.reason])).to.deep.equal([['failed', 'http-status']]);
    const found = await run(oldForm('/_api/server.js'), { kind: 'url', url }, { lang: 'en' });
    expect(found.checks.map((c) => c.status)).to.deep.equal(['passed']);
  });

  it('a roster of exactly the cap (8 MiB) is read; one byte more is refused', async () => {
    expect(MAX_ROSTER_BYTES).to.equal(8 * 1024 * 1024);
    // One ordinary line, then one whose name fills the file to the cap exactly.
    const first = 'ana,http://localhost:3001\n';
    const tail = ',http://localhost:3000\n';
    const text = first + 'x'.repeat(MAX_ROSTER_BYTES - first.length - tail.length) + tail;
    expect(Buffer.byteLength(text)).to.equal(MAX_ROSTER_BYTES);
    writeFileSync(path.join(tmp, 'cap.csv'), text);
    const roster = await readRoster(path.join(tmp, 'cap.csv'));
    expect(roster.entries.map((entry) => entry.learner.length)).to.deep.equal([3, MAX_ROSTER_BYTES - first.length - tail.length]);
    writeFileSync(path.join(tmp, 'over.csv'), text + 'x');
    const err = await readRoster(path.join(tmp, 'over.csv')).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(KitError).with.property('key', 'class.cli.rosterTooLarge');
  });

  it('a link into a sibling folder that shares the checked folder\'s name as a prefix is outside it; a link inside is read', async () => {
    const dir = path.join(tmp, 'ana');
    const sibling = path.join(tmp, 'ana-other');
    mkdirSync(dir);
    mkdirSync(sibling);
    writeFileSync(path.join(sibling, 'server.js'), 'let secret;');
    writeFileSync(path.join(dir, 'real.js'), 'let currentUsers;');
    symlinkSync(path.join(sibling, 'server.js'), path.join(dir, 'server.js'));
    symlinkSync(path.join(dir, 'real.js'), path.join(dir, 'app.js'));
    expect(await readInFolder(dir, path.join(dir, 'server.js'), 1024)).to.deep.equal({ ok: false, why: 'outside' });
    const inside = await readInFolder(dir, path.join(dir, 'app.js'), 1024);
    expect(inside.ok && inside.body.toString()).to.equal('let currentUsers;');
  });
});
