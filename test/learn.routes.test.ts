// The lesson server's routes in-process, on port 0: the language's address sends to the
// course's first step, answers carry no ETag, a step file the kit cannot read is told
// in the language the page asked for, and requests the body reader or the router cannot read
// are refused as the client's.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { CheckPool, STEPS_DIR } from '../checker/index.ts';
import { createLearnApp } from '../learn/app.ts';

const FIRST = 'communicate-by-emitting';
const BROKEN = 'broken-step';

describe('learn server: routes', function () {
  this.timeout(20_000);
  let pool: CheckPool | undefined;
  let server: Server | undefined;
  let port = 0;
  let stepsDir: string | undefined;
  const url = (p: string) => `http://127.0.0.1:${port}${p}`;

  before(async () => {
    // The lesson's first step, then a step whose file has no front matter.
    stepsDir = mkdtempSync(path.join(tmpdir(), 'learn-routes-'));
    symlinkSync(path.join(STEPS_DIR, FIRST), path.join(stepsDir, FIRST));
    mkdirSync(path.join(stepsDir, BROKEN));
    for (const lang of ['en', 'pt-BR', 'it']) writeFileSync(path.join(stepsDir, BROKEN, `${lang}.md`), '# no front matter\n');
    writeFileSync(path.join(stepsDir, 'course.json'), JSON.stringify({ steps: [FIRST, BROKEN] }));
    pool = new CheckPool(1);
    server = createServer(createLearnApp({ pool, port: () => port, stepsDir }));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    server?.closeAllConnections();
    if (server) await new Promise((resolve) => server!.close(resolve));
    await pool?.close();
    if (stepsDir) rmSync(stepsDir, { recursive: true, force: true });
  });

  it("answers the browser's own request for /favicon.ico with 204 No Content: no icon, and no 404", async () => {
    const icon = await fetch(url('/favicon.ico'));
    expect([icon.status, await icon.text()]).to.deep.equal([204, '']);
  });

  it("sends the root to the course's first step in the browser's language, or the one ?lang= names", async () => {
    const root = await fetch(url('/'), { redirect: 'manual', headers: { 'accept-language': 'it-IT,it;q=0.9' } });
    expect([root.status, root.headers.get('location'), root.headers.get('vary')]).to.deep.equal([302, `/it/${FIRST}`, 'Accept-Language, Accept']);
    const asked = await fetch(url('/?lang=pt-BR'), { redirect: 'manual', headers: { 'accept-language': 'it' } });
    expect([asked.status, asked.headers.get('location')]).to.deep.equal([302, `/pt-BR/${FIRST}`]);
  });

  it("sends a language's address to the course's first step, and leaves an unknown language to the 404 page", async () => {
    const it = await fetch(url('/it'), { redirect: 'manual' });
    expect([it.status, it.headers.get('location')]).to.deep.equal([302, `/it/${FIRST}`]);
    const pt = await fetch(url('/pt-BR'), { redirect: 'manual' });
    expect([pt.status, pt.headers.get('location')]).to.deep.equal([302, `/pt-BR/${FIRST}`]);
    const other = await fetch(url('/fr'), { redirect: 'manual' });
    expect(other.status).to.equal(404);
  });

  it('answers without an ETag (each visit gets the page as it is now)', async () => {
    const page = await fetch(url('/en/no-such-step'));
    expect(page.status).to.equal(404);
    expect(page.headers.get('etag')).to.equal(null);
  });

  it("answers the page of a step file it cannot read with a 500 that names the file, in the browser's language", async () => {
    const page = await fetch(url(`/pt-BR/${BROKEN}`), { headers: { 'accept-language': 'it' } });
    const body = (await page.json()) as { error: { code: string; message: string } };
    expect([page.status, body.error.code]).to.deep.equal([500, 'failed']);
    expect(body.error.message).to.match(/^Il verificatore non è riuscito a partire: .*broken-step.pt-BR\.md non è un file di tappa valido: riga 1: /);
  });

  it('tells a step file it cannot read as a failed check request, in the language the page asked for', async () => {
    const res = await fetch(url('/api/check'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept-Language': 'it' },
      body: JSON.stringify({ url: 'http://127.0.0.1:9', lang: 'pt-BR', step: BROKEN }),
    });
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect([res.status, body.error.code]).to.deep.equal([500, 'failed']);
    expect(body.error.message).to.match(/^O verificador não conseguiu rodar: .*broken-step.pt-BR\.md não é um arquivo de etapa válido: linha 1: /);
  });

  it('answers an address whose %-escapes do not decode with the page for no page (400), not as a failed check', async () => {
    const res = await fetch(url('/en/%E0%A4%A'));
    expect([res.status, res.headers.get('content-type')]).to.deep.equal([400, 'text/html; charset=utf-8']);
    expect(await res.text()).to.include('There is no such page');
  });

  it("refuses a check request in a charset or an encoding the body reader does not know (415 not-json)", async () => {
    const unreadable: Record<string, string>[] = [{ 'Content-Type': 'application/json; charset=latin-9' }, { 'Content-Type': 'application/json', 'Content-Encoding': 'zstd2' }];
    for (const headers of unreadable) {
      const res = await fetch(url('/api/check'), { method: 'POST', headers: { ...headers, Origin: url('') }, body: '{}' });
      const body = (await res.json()) as { error: { code: string } };
      expect([res.status, body.error.code]).to.deep.equal([415, 'not-json']);
    }
  });
});
