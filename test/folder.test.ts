// `--dir` reads what the app would serve, and only that: the entry package.json names
// (learners rename server.js to app.js or index.js), regular files inside the folder,
// never a FIFO (which would block a thread forever) or a link leading out of it.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { entryOf, readInFolder } from '../checker/run/folder.ts';
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
    expect(report.checks.map((check) => check.status)).to.deep.equal(['passed', 'passed', 'passed', 'skipped', 'skipped']);
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

  it('refuses a file over the cap without reading it', async () => {
    const dir = folder('huge', { 'server.js': 'x'.repeat(1024 * 1024 + 1) });
    const { checks } = JSON.parse((await runCli(['--json', '--hints-only', '--dir', dir])).stdout) as JsonReport;
    expect(checks[0]!.reason).to.equal('too-large');
  });
});
