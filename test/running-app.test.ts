// The running app against its files: --watch checks again when what it serves changes
// (a file saved, the app restarted), and a report says when the app runs an older
// server.js than the one on disk. Copies of the kit's apps, started with plain node.

import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import { main } from '../checker/cli/main.ts';
import { fingerprint } from '../checker/cli/watch.ts';
import { runCli, startApp, type RunningApp } from './helpers/apps.ts';
import { Capture, TEST_ENV } from './helpers/cli.ts';
import { copyApp, removeCopy } from './helpers/app-processes.ts';
import { until } from './helpers/wait.ts';

const LISTEN = "\nsocket.on('user count', function (data) {\n  console.log(data);\n});\n";

describe('check --watch', function () {
  this.timeout(40_000);
  let copy: string | undefined;
  let app: RunningApp | undefined;

  after(async () => {
    await app?.stop();
    removeCopy(copy);
  });

  it('checks again when a file changes and when the app comes back after a restart, and stops at Ctrl-C', async () => {
    copy = copyApp('starter');
    app = await startApp(copy);
    const port = app.port;
    const stdout = new Capture();
    const interrupt = new AbortController();
    const watching = main(['--watch', '--hints-only', app.url], { stdout, stderr: new Capture(), env: TEST_ENV }, interrupt.signal);
    try {
      const reports = () => stdout.text.split('Watching ').length - 1;
      await until(() => reports() === 1, 10_000, 'the first report');
      expect(stdout.text).to.include('0 of 3 checks passed.');
      // It runs again by itself: the closing sentence says to save, never to run it again.
      expect(stdout.text).to.include('Fix the first failing check and save: the checker runs again by itself.');
      expect(stdout.text).to.not.include('run the checker again');
      expect(stdout.text).to.include(': checks again when server.js or public/client.js changes, or the app restarts. Ctrl-C stops.');

      appendFileSync(path.join(copy, 'public/client.js'), LISTEN);
      await until(() => reports() === 2, 10_000, 'a report after client.js changed');
      expect(stdout.text.split('Watching ')[1]).to.include('1 of 3 checks passed.');

      await app.stop();
      await until(() => reports() === 3, 10_000, 'a report once the app stopped');
      expect(stdout.text.split('Watching ')[2]).to.include('Nothing answered: start your app (npm start in another terminal); the checker runs again as soon as it answers.');

      app = await startApp(copy, { PORT: String(port) });
      await until(() => reports() === 4, 10_000, 'a report once the app is back');
      expect(stdout.text.split('Watching ')[3]).to.include('1 of 3 checks passed.');
    } finally {
      interrupt.abort();
    }
    expect(await watching).to.equal(130);
  });
});

describe('an app that runs an older server.js than the one on disk', function () {
  this.timeout(30_000);
  let copy: string | undefined;
  let app: RunningApp | undefined;

  after(async () => {
    await app?.stop();
    removeCopy(copy);
  });

  it('is named as such once server.js changed without a restart, and not before', async () => {
    copy = copyApp('solution');
    app = await startApp(copy);
    const fresh = JSON.parse((await runCli(['--json', '--hints-only', app.url])).stdout) as { staleApp?: boolean };
    expect(fresh.staleApp).to.equal(undefined);

    const server = path.join(copy, 'server.js');
    writeFileSync(server, readFileSync(server, 'utf8').replace('let currentUsers = 0;', 'let currentUsers = 0; // saved, not restarted'));
    const stale = JSON.parse((await runCli(['--json', '--hints-only', app.url])).stdout) as { staleApp?: boolean; passed: boolean };
    expect(stale).to.include({ staleApp: true, passed: true });
    const text = await runCli(['--hints-only', app.url]);
    expect(text.stdout).to.include('Your app runs an older server.js than the one on disk: restart it (stop it with Ctrl-C, then npm start) and check again.');
  });
});

describe("check --watch's fingerprint of what the app serves", () => {
  // The same two files each time; only the digest of the server.js the app says it loaded
  // changes, as when the app restarts between two polls after server.js was saved.
  let loaded = 'a'.repeat(64);
  let server: Server | undefined;
  let url = '';

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/_api/server.js') res.setHeader('X-Loaded-Sha256', loaded);
      res.setHeader('Content-Type', 'application/javascript');
      res.end(req.url === '/_api/server.js' ? 'let currentUsers = 0;\n' : "socket.on('user count', () => {});\n");
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server?.closeAllConnections();
    if (server) await new Promise((resolve) => server!.close(resolve));
  });

  it('is the same while nothing changes, and changes with the loaded digest alone (a restart, the files unchanged)', async () => {
    const target = { kind: 'url' as const, url };
    const first = await fingerprint(target);
    expect(await fingerprint(target)).to.equal(first);
    loaded = 'b'.repeat(64);
    expect(await fingerprint(target)).to.not.equal(first);
  });
});
