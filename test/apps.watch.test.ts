// `npm start` restarts the app on every save, also when the editor saves by writing a
// temporary file and renaming it over the old one (vim, JetBrains, gedit), which stops
// `node --watch` after the first save. Real processes: npm, nodemon, the app, on a copy of
// the app folder; a restart shows as a new process id whose loaded server.js is the new text.

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ROOT, cleanEnv, copyApp, printedUrls, removeCopy, run, stopAll, waitForUrl, type Proc } from './helpers/app-processes.ts';
import { poll } from './helpers/wait.ts';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

interface AppInfo {
  pid: number;
  loaded: { 'server.js': string };
}

/** The app-info of the app at the last address it printed, or undefined if it does not answer. */
async function currentInfo(proc: Proc): Promise<AppInfo | undefined> {
  const url = printedUrls(proc.stdout()).at(-1);
  if (!url) return undefined;
  try {
    const res = await fetch(new URL('/_api/app-info', url.replace('//localhost:', '//127.0.0.1:')));
    return res.ok ? ((await res.json()) as AppInfo) : undefined;
  } catch {
    return undefined;
  }
}

/** Waits until a process other than `before` answers, having loaded server.js with `text`. */
function restartedWith(proc: Proc, before: AppInfo, text: string): Promise<AppInfo> {
  return poll(
    async () => {
      const info = await currentInfo(proc);
      return info && info.pid !== before.pid && info.loaded['server.js'] === sha256(text) ? info : undefined;
    },
    15_000,
    'a restart with the saved server.js'
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${proc.output()}`);
  });
}

after(stopAll);

describe('npm start: a restart on every save, whatever the editor', function () {
  this.timeout(40_000);
  let copy: string | undefined;
  let dataDir: string | undefined;
  let app: Proc | undefined;

  before(() => {
    copy = copyApp('starter');
    dataDir = mkdtempSync(join(tmpdir(), 'kit-watch-data-'));
  });

  after(async () => {
    await app?.stop();
    removeCopy(copy);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('restarts after each of two saves that rename a temporary file over server.js', async () => {
    // DEBUG=nodemon: nodemon says on stderr when its file watcher is ready ("watch is complete").
    // It starts the app first and the watcher after, so on a busy machine the app can answer
    // before a save would be seen; a learner saves seconds later, when it long has been.
    app = run('npm', ['start'], { cwd: copy!, env: cleanEnv({ PORT: '0', DATA_DIR: dataDir!, SESSION_SECRET: 'test', DEBUG: 'nodemon' }) });
    await waitForUrl(app, 15_000);
    await poll(() => (app!.stderr().includes('watch is complete') ? true : undefined), 15_000, "nodemon's watcher ready");
    const serverJs = join(copy!, 'server.js');
    let text = readFileSync(serverJs, 'utf8');
    let info = await poll(() => currentInfo(app!), 10_000, 'the first app-info');
    expect(info.loaded['server.js']).to.equal(sha256(text));

    for (const save of [1, 2]) {
      text += `// save ${save}\n`;
      const temporary = join(copy!, `server.js.${save}.tmp`);
      writeFileSync(temporary, text);
      renameSync(temporary, serverJs);
      info = await restartedWith(app, info, text);
    }
    expect(app.stdout().match(/\[nodemon\] starting `node server\.js`/g)).to.have.length(3);
  });

  it('the first start ran the version check, then nodemon with the watch list of package.json', () => {
    const stdout = app!.stdout();
    expect(stdout).to.include('> node kit/check-node.js && nodemon server.js');
    expect(stdout).to.include('[nodemon] watching path(s): *.js');
    expect(stdout).to.include('[nodemon] watching extensions: js');
  });
});

describe("npm run solution at the kit's root", function () {
  let dataDir: string | undefined;
  let app: Proc | undefined;

  after(async () => {
    await app?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  // Only started and stopped: nothing in the repository's solution/ is changed.
  it('starts the solution under nodemon', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kit-watch-data-'));
    app = run('npm', ['run', 'solution'], { cwd: ROOT, env: cleanEnv({ PORT: '0', DATA_DIR: dataDir, SESSION_SECRET: 'test' }) });
    const url = await waitForUrl(app, 15_000);
    expect(url).to.match(/^http:\/\/localhost:\d+$/);
    expect(app.stdout()).to.include('[nodemon] starting `node server.js`');
    const info = await poll(() => currentInfo(app!), 10_000, 'app-info');
    expect(info.loaded['server.js']).to.equal(sha256(readFileSync(join(ROOT, 'solution/server.js'), 'utf8')));
  });
});
