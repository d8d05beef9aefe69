// `--dir` reads what the app would serve, and only that: the entry package.json names
// (learners rename server.js to app.js or index.js), regular files inside the folder,
// never a FIFO (which would block a thread forever) or a link leading out of it.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createDirFetch, DIR_ORIGIN } from '../checker/run/dir-fetch.ts';
import { entryOf, readEntry, readInFolder, startScriptFile } from '../checker/run/folder.ts';
import { DEFAULT_LIMITS } from '../checker/run/limits.ts';
import { ROOT, runCli } from './helpers/apps.ts';

interface JsonReport {
  target: string;
  entry?: string;
  checks: { status: string; reason?: string; message?: string }[];
}

const SOLUTION_SERVER = readFileSync(path.join(ROOT, 'solution/server.js'), 'utf8');
const SOLUTION_CLIENT = readFileSync(path.join(ROOT, 'solution/public/client.js'), 'utf8');

describe('--dir reads the file the app would serve', function () {
  this.timeout(30_000);
  let tmp: string;

  /** A submission folder: server code under `entry`, package.json as given, the solution's client. */
  function folder(name: string, files: Record<string, string>): string {
    const dir = path.join(tmp, name);
    mkdirSync(path.join(dir, 'public'), { recursive: true });
    writeFileSync(path.join(dir, 'public/client.js'), SOLUTION_CLIENT);
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
    return dir;
  }

  before(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'kit-folder-'));
  });
  after(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('takes the entry from package.json: main, else the start script, else server.js', () => {
    expect(entryOf(folder('main', { 'package.json': '{"main": "app.js"}' }))).to.equal('app.js');
    // Node's own rule for main: a name without an extension is that name plus .js; .cjs and .mjs as they are.
    expect(entryOf(folder('main-bare', { 'package.json': '{"main": "app"}' }))).to.equal('app.js');
    expect(entryOf(folder('main-cjs', { 'package.json': '{"main": "app.cjs"}' }))).to.equal('app.cjs');
    expect(entryOf(folder('main-mjs', { 'package.json': '{"main": "lib/app.mjs"}' }))).to.equal('lib/app.mjs');
    expect(entryOf(folder('start', { 'package.json': '{"scripts": {"start": "node --watch index.js"}}' }))).to.equal('index.js');
    expect(entryOf(folder('nodemon', { 'package.json': '{"scripts": {"start": "nodemon src/main.js"}}' }))).to.equal('src/main.js');
    expect(entryOf(folder('none', { 'package.json': '{"scripts": {"start": "npm run serve"}}' }))).to.equal('server.js');
    expect(entryOf(folder('broken', { 'package.json': '{ not json' }))).to.equal('server.js');
    expect(entryOf(folder('outside', { 'package.json': '{"main": "../elsewhere/app.js"}' }))).to.equal('server.js');
  });

  it('checks a renamed server.js (app.js) and names the file it read', async () => {
    const dir = folder('renamed', { 'package.json': '{"main": "app.js", "scripts": {"start": "node app.js"}}', 'app.js': SOLUTION_SERVER });
    const { code, stdout } = await runCli(['--json', '--dir', dir]);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.entry).to.equal('app.js');
    expect(report.checks.map((check) => check.status)).to.deep.equal(['passed', 'passed', 'passed', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(code).to.equal(0);
    const text = await runCli(['--dir', dir, '--hints-only']);
    expect(text.stdout).to.include("This folder's package.json names app.js as the app's entry file, so app.js was read where the hints ask for server.js.");
  });

  it("fails when the entry lacks the lesson's code, even if a server.js beside it has it", async () => {
    const dir = folder('stale-copy', { 'package.json': '{"main": "app.js"}', 'app.js': "const io = require('socket.io')(http);\n", 'server.js': SOLUTION_SERVER });
    const { checks } = JSON.parse((await runCli(['--json', '--hints-only', '--dir', dir])).stdout) as JsonReport;
    expect(checks.map((check) => check.status)).to.deep.equal(['failed', 'failed', 'passed']);
  });

  it('names the missing file in the message, not a made-up address', async () => {
    const dir = folder('no-client', { 'server.js': SOLUTION_SERVER });
    rmSync(path.join(dir, 'public/client.js'));
    const { checks } = JSON.parse((await runCli(['--json', '--hints-only', '--dir', dir])).stdout) as JsonReport;
    expect(checks[2]).to.deep.include({ reason: 'unreadable', message: `${path.join(dir, 'public/client.js')} does not exist.` });
    expect(JSON.stringify(checks)).to.not.include('submission.invalid');
  });

  it('refuses a FIFO named server.js without opening it for reading (it would block a thread forever)', async function () {
    if (process.platform === 'win32') this.skip();
    const dir = folder('fifo', {});
    execFileSync('mkfifo', [path.join(dir, 'server.js')]);
    const read = await readInFolder(dir, path.join(dir, 'server.js'), 1024);
    expect(read).to.deep.equal({ ok: false, why: 'not-regular' });
    const { checks } = JSON.parse((await runCli(['--json', '--hints-only', '--dir', dir])).stdout) as JsonReport;
    expect(checks[0]).to.deep.include({ reason: 'unreadable', message: `${path.join(dir, 'server.js')} is not a regular file (a pipe, a device or a folder), so it was not read.` });
  });

  it('refuses a link that leads out of the folder, and follows one that stays inside', async function () {
    if (process.platform === 'win32') this.skip();
    const secret = path.join(tmp, 'secret.js');
    writeFileSync(secret, 'let currentUsers = 0; // not the learner\'s\n');
    const dir = folder('links', {});
    symlinkSync(secret, path.join(dir, 'server.js'));
    cpSync(path.join(dir, 'public/client.js'), path.join(dir, 'public/real.js'));
    rmSync(path.join(dir, 'public/client.js'));
    symlinkSync(path.join(dir, 'public/real.js'), path.join(dir, 'public/client.js'));
    const { checks } = JSON.parse((await runCli(['--json', '--hints-only', '--dir', dir])).stdout) as JsonReport;
    expect(checks[0]).to.deep.include({ reason: 'unreadable', message: `${path.join(dir, 'server.js')} is a link that leads out of ${dir}, so it was not read.` });
    expect(checks[2]!.status).to.equal('passed');
  });

  it('takes a sibling folder that shares its name as a prefix (ana2 beside ana) for outside it', async function () {
    if (process.platform === 'win32') this.skip();
    const ana = path.join(tmp, 'class', 'ana');
    const ana2 = path.join(tmp, 'class', 'ana2');
    mkdirSync(ana, { recursive: true });
    mkdirSync(ana2, { recursive: true });
    writeFileSync(path.join(ana2, 'server.js'), 'let currentUsers = 0; // ana2\'s, not ana\'s\n');
    symlinkSync(path.join(ana2, 'server.js'), path.join(ana, 'server.js'));
    // A link from ana into ana2, and ana2's own file asked for with ana as the folder.
    expect(await readInFolder(ana, path.join(ana, 'server.js'), 1024)).to.deep.equal({ ok: false, why: 'outside' });
    expect(await readInFolder(ana, path.join(ana2, 'server.js'), 1024)).to.deep.equal({ ok: false, why: 'outside' });
    // The same file, asked for with ana2 as the folder, is inside it.
    expect((await readInFolder(ana2, path.join(ana2, 'server.js'), 1024)).ok).to.equal(true);
  });

  it('reads a file of exactly the cap, not one byte more', async () => {
    const dir = folder('cap', { 'ten.js': '0123456789', 'eleven.js': '0123456789a' });
    expect(await readInFolder(dir, path.join(dir, 'ten.js'), 10)).to.deep.equal({ ok: true, body: Buffer.from('0123456789') });
    expect(await readInFolder(dir, path.join(dir, 'eleven.js'), 10)).to.deep.equal({ ok: false, why: 'too-large' });
  });

  it('refuses a file over the cap without reading it', async () => {
    const dir = folder('huge', { 'server.js': 'x'.repeat(1024 * 1024 + 1) });
    const { checks } = JSON.parse((await runCli(['--json', '--hints-only', '--dir', dir])).stdout) as JsonReport;
    expect(checks[0]!.reason).to.equal('too-large');
  });

  it("answers as the app's routes would: the entry, freeCodeCamp's three other /_api/ files, public/, nothing else", async () => {
    const dir = folder('routes', { 'app.js': 'let app;', 'package.json': '{"main":"app.js"}', 'routes.js': 'r', 'auth.js': 'a', 'secret.js': 's' });
    const fetch = createDirFetch(dir, DEFAULT_LIMITS, []);
    const answer = async (p: string) => {
      const res = await fetch(new URL(p, DIR_ORIGIN).href);
      return [res.status, res.status === 200 ? (await res.text()).slice(0, 8) : ''];
    };
    expect(await answer('/_api/server.js')).to.deep.equal([200, 'let app;']);
    expect(await answer('/_api/package.json')).to.deep.equal([200, '{"main":']);
    expect(await answer('/_api/routes.js')).to.deep.equal([200, 'r']);
    expect(await answer('/_api/auth.js')).to.deep.equal([200, 'a']);
    expect(await answer('/public/client.js')).to.deep.equal([200, SOLUTION_CLIENT.slice(0, 8)]);
    for (const p of ['/_api/secret.js', '/_api/app.js', '/secret.js', '/public/%2e%2e/secret.js', '/public/%E0%A4%A']) expect(await answer(p), p).to.deep.equal([404, '']);
  });

  it('reads the start script with a tokenizer: the forms learners write', () => {
    expect(startScriptFile('node server.js')).to.equal('server.js');
    expect(startScriptFile('node ./src/app.mjs --port 3000')).to.equal('src/app.mjs');
    expect(startScriptFile('node app.cjs')).to.equal('app.cjs');
    expect(startScriptFile('nodemon --watch . index.js')).to.equal('index.js');
    expect(startScriptFile('node --inspect server.js')).to.equal('server.js');
    expect(startScriptFile('node -r dotenv/config server.js')).to.equal('server.js');
    expect(startScriptFile('node -r ./preload.js server.js')).to.equal('server.js');
    expect(startScriptFile('node --env-file=.env\tapp.cjs')).to.equal('app.cjs');
    // An option with its value after `=` takes no next word: the script is the first file after it.
    expect(startScriptFile('node --env-file=.env server.js seed.js')).to.equal('server.js');
    expect(startScriptFile('npm run build && cross-env PORT=3000 node main.js')).to.equal('main.js');
    expect(startScriptFile('echo start; node app.js | tee log')).to.equal('app.js');
    // `;`, `&` and `|` end a command even with no space around them.
    expect(startScriptFile('echo a;node server.js')).to.equal('server.js');
    expect(startScriptFile('npm ci&&node server.js')).to.equal('server.js');
    expect(startScriptFile('true||node server.js')).to.equal('server.js');
    // Letters and digits from first to last (a, z, A, Z, 0, 9) make file names.
    expect(startScriptFile('node az-AZ_09.js')).to.equal('az-AZ_09.js');
    // What follows the script is its own arguments, even one that looks like a file.
    expect(startScriptFile('node server.js seed.js')).to.equal('server.js');
    expect(startScriptFile('nodemon app.js --config nodemon.js')).to.equal('app.js');
    expect(startScriptFile('npm run serve')).to.equal(undefined);
    expect(startScriptFile('nodejs server.js')).to.equal(undefined);
    expect(startScriptFile('node --r=x server.js')).to.equal('server.js');
    expect(startScriptFile('node --a=-b server.js')).to.equal(undefined);
    expect(startScriptFile('node')).to.equal(undefined);
  });

  it('reads the 258-byte package.json that made the old pattern backtrack for hours, at once', async function () {
    // The regular expression of old took exponential time on this script; one pass takes microseconds.
    this.timeout(5000);
    const script = `node ${'--a=b '.repeat(36)}--a=b\t!`;
    const json = JSON.stringify({ scripts: { start: script } });
    const text = `${json}${' '.repeat(257 - json.length)}\n`;
    expect(Buffer.byteLength(text)).to.equal(258);
    const dir = folder('backtrack', { 'package.json': text, 'server.js': SOLUTION_SERVER });
    expect(entryOf(dir)).to.equal('server.js');
    expect(readEntry(dir)).to.deep.equal({ entry: 'server.js' });
    // The same shape 64 KiB long: still one pass.
    const long = JSON.stringify({ scripts: { start: `node ${'--a=b '.repeat(10_900)}--a=b\t!` } });
    expect(entryOf(folder('backtrack-long', { 'package.json': long }))).to.equal('server.js');
    const { code, stdout } = await runCli(['--json', '--hints-only', '--dir', dir]);
    expect(code).to.equal(0);
    expect((JSON.parse(stdout) as JsonReport).checks.map((check) => check.status)).to.deep.equal(['passed', 'passed', 'passed']);
  });

  it('reads a package.json of exactly 64 KiB for its entry; one byte more is reported, not ignored', async () => {
    const padded = (size: number) => {
      const base = JSON.stringify({ main: 'app.js', description: '' });
      return JSON.stringify({ main: 'app.js', description: 'x'.repeat(size - Buffer.byteLength(base)) });
    };
    expect(Buffer.byteLength(padded(64 * 1024))).to.equal(64 * 1024);
    const exact = folder('pkg-64k', { 'package.json': padded(64 * 1024), 'app.js': SOLUTION_SERVER });
    expect(readEntry(exact)).to.deep.equal({ entry: 'app.js' });
    // ...and the folder serves that entry as /_api/server.js, as the app would.
    const served = await createDirFetch(exact, DEFAULT_LIMITS, [])(new URL('/_api/server.js', DIR_ORIGIN).href);
    expect([served.status, await served.text()]).to.deep.equal([200, SOLUTION_SERVER]);
    const over = folder('pkg-64k-plus', { 'package.json': padded(64 * 1024 + 1), 'app.js': SOLUTION_SERVER, 'server.js': SOLUTION_SERVER });
    expect(readEntry(over)).to.deep.equal({ entry: 'server.js', packageTooLarge: true });
    const { checks } = JSON.parse((await runCli(['--json', '--hints-only', '--dir', over])).stdout) as JsonReport;
    expect(checks[0]).to.deep.include({
      reason: 'unreadable',
      message: `${path.join(over, 'package.json')} is larger than 65536 bytes, so the entry it names (main, or the start script's file) was not read from it.`,
    });
    expect(checks[2]!.status).to.equal('passed');
  });

  it('reports a symlink loop as a loop, not as a missing file', async () => {
    const dir = folder('loop', {});
    symlinkSync('server.js', path.join(dir, 'server.js'));
    expect(await readInFolder(dir, path.join(dir, 'server.js'), 1024)).to.deep.equal({ ok: false, why: 'loop' });
    const { checks } = JSON.parse((await runCli(['--json', '--hints-only', '--dir', dir])).stdout) as JsonReport;
    expect(checks[0]).to.deep.include({ reason: 'unreadable', message: `${path.join(dir, 'server.js')} is a link that leads back to itself (a loop of links), so it was not read.` });
    // A file that is simply not there is still told apart.
    rmSync(path.join(dir, 'server.js'));
    const missing = JSON.parse((await runCli(['--json', '--hints-only', '--dir', dir])).stdout) as JsonReport;
    expect(missing.checks[0]!.message).to.equal(`${path.join(dir, 'server.js')} does not exist.`);
  });
});
