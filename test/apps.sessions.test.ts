// The apps' session store (kit/sessions.js): sessions in one JSON file of data/, so a
// restart keeps everyone logged in. Its cap, its expiry, and what a damaged file does.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

const require = createRequire(import.meta.url);

interface Session {
  cookie: { expires?: string | null };
  user?: string;
}
type Callback<T> = (err: unknown, value?: T) => void;
interface Store {
  get(sid: string, callback: Callback<Session | null>): void;
  set(sid: string, session: Session, callback: (err?: unknown) => void): void;
  touch(sid: string, session: Session, callback: () => void): void;
  destroy(sid: string, callback: (err?: unknown) => void): void;
}
const { FileStore, MAX_SESSIONS } = require('../starter/kit/sessions.js') as {
  FileStore: new (options: { file: string; maxSessions?: number }) => Store;
  MAX_SESSIONS: number;
};

const get = (store: Store, sid: string) =>
  new Promise<Session | null | undefined>((resolve, reject) => store.get(sid, (err, value) => (err ? reject(err) : resolve(value))));
const set = (store: Store, sid: string, session: Session) =>
  new Promise<void>((resolve, reject) => store.set(sid, session, (err) => (err ? reject(err) : resolve())));
const destroy = (store: Store, sid: string) =>
  new Promise<void>((resolve, reject) => store.destroy(sid, (err) => (err ? reject(err) : resolve())));

const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

describe("the apps' session store (kit/sessions.js)", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kit-sessions-'));
    file = join(dir, 'sessions.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a session across two store objects (two runs of the app) until it is destroyed', async () => {
    await set(new FileStore({ file }), 'a', { cookie: { expires: inHours(1) }, user: 'ana' });
    const later = new FileStore({ file });
    expect((await get(later, 'a'))?.user).to.equal('ana');
    await destroy(later, 'a');
    expect(await get(new FileStore({ file }), 'a')).to.equal(null);
  });

  it('an expired session is gone; one without an expiry of its own is kept', async () => {
    const store = new FileStore({ file });
    await set(store, 'old', { cookie: { expires: inHours(-1) }, user: 'old' });
    await set(store, 'browser', { cookie: { expires: null }, user: 'browser' });
    expect(await get(store, 'old')).to.equal(null);
    expect((await get(store, 'browser'))?.user).to.equal('browser');
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).to.deep.equal(['browser']);
  });

  it(`keeps at most its cap (${MAX_SESSIONS} by default): at the cap all stay, past it the one that expires first goes`, async () => {
    const store = new FileStore({ file, maxSessions: 2 });
    await set(store, 'soon', { cookie: { expires: inHours(1) } });
    await set(store, 'late', { cookie: { expires: inHours(3) } });
    expect(await get(store, 'soon')).not.to.equal(null);
    await set(store, 'middle', { cookie: { expires: inHours(2) } });
    expect(await get(store, 'soon')).to.equal(null);
    expect(await get(store, 'late')).not.to.equal(null);
    expect(await get(store, 'middle')).not.to.equal(null);
  });

  it('a damaged or hostile file reads as no sessions, and a session named __proto__ stays data', async () => {
    const store = new FileStore({ file });
    for (const text of ['{ not json', '[1,2]', 'null', '{"x": {"expires": "soon", "session": {}}}']) {
      writeFileSync(file, text);
      expect(await get(store, 'x')).to.equal(null);
    }
    await set(store, '__proto__', { cookie: { expires: inHours(1) }, user: 'p' });
    expect((await get(store, '__proto__'))?.user).to.equal('p');
    expect(({} as Record<string, unknown>).user).to.equal(undefined);
  });
});

describe("the apps' own texts (kit/locales.js)", () => {
  const { messages } = require('../starter/kit/locales.js') as { messages: Record<'en' | 'pt-BR' | 'it', Record<string, string>> };
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  for (const lang of ['pt-BR', 'it'] as const) {
    it(`${lang}: the same keys and placeholders as en`, () => {
      expect(Object.keys(messages[lang]).sort()).to.deep.equal(Object.keys(messages.en).sort());
      for (const [key, text] of Object.entries(messages.en)) {
        expect(placeholders(messages[lang][key]!), key).to.deep.equal(placeholders(text));
      }
    });
  }

  it('the new texts are translated, not copied', () => {
    for (const key of ['notFoundTitle', 'notFoundText', 'refusedText', 'logSocketRefused', 'logPortInUse', 'logListening']) {
      expect(messages['pt-BR'][key], key).not.to.equal(messages.en[key]);
      expect(messages.it[key], key).not.to.equal(messages.en[key]);
    }
  });
});
