'use strict';

// ============================================================================
// THE KIT'S SUPPORT, not part of the lesson: you do not need to read or change
// this file. The lesson's files are server.js and public/ (with auth.js and
// routes.js, as in freeCodeCamp's boilerplate); kit/ holds what the kit adds.
// ============================================================================

// Logins that survive a save. nodemon restarts the app on every save; with a random
// secret and sessions in memory, each restart would log everyone out in the middle of
// the lesson. So the secret that signs the session cookie is generated once into
// data/session-secret (unless SESSION_SECRET is set), and the sessions are kept in
// data/sessions.json: a few small records, read and written whole, no database server.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { Store } = require('express-session');
const { DATA_DIR, writeFileAtomic } = require('./data');

const SECRET_FILE = path.join(DATA_DIR, 'session-secret');
const SECRET = /^[0-9a-f]{64}$/;

/** The secret that signs the session cookie: SESSION_SECRET, else the one kept in data/. */
function sessionSecret() {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  for (let attempt = 0; attempt < 2; attempt++) {
    let kept;
    try {
      kept = fs.readFileSync(SECRET_FILE, 'utf8').trim();
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'ENOENT') throw err;
    }
    if (kept !== undefined && SECRET.test(kept)) return kept;
    if (kept !== undefined) fs.rmSync(SECRET_FILE, { force: true }); // not a secret of ours: made again
    // Written aside, then linked into place: of two apps starting at once, one writes it and both use it.
    const secret = crypto.randomBytes(32).toString('hex');
    const temp = `${SECRET_FILE}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    fs.mkdirSync(DATA_DIR, { recursive: true });
    fs.writeFileSync(temp, secret + '\n', { mode: 0o600 });
    try {
      fs.linkSync(temp, SECRET_FILE);
      return secret;
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }
  throw new Error(`Could not keep a session secret in ${SECRET_FILE}`);
}

/** A session without an expiry of its own (a cookie kept until the browser closes) is kept this long after its last use. */
const IDLE_MS = 24 * 60 * 60 * 1000;
/** More sessions than a class's worth: the ones that expire first go. */
const MAX_SESSIONS = 1000;
/** A request that only touches a session rewrites the file when its expiry moved by more than this. */
const TOUCH_MS = 60 * 1000;

/** @typedef {import('express-session').SessionData} SessionData */
/** @typedef {{ expires: number, session: SessionData }} Entry */

/** @param {SessionData} session */
function expiryOf(session) {
  const expires = session.cookie && session.cookie.expires ? new Date(session.cookie.expires).getTime() : NaN;
  return Number.isFinite(expires) ? expires : Date.now() + IDLE_MS;
}

/** express-session's store, in one JSON file. Every call reads and writes it whole: a learner's app holds a handful. */
class FileStore extends Store {
  /** @param {{ file?: string, maxSessions?: number }} [options] */
  constructor(options = {}) {
    super();
    this.file = options.file || path.join(DATA_DIR, 'sessions.json');
    this.maxSessions = options.maxSessions || MAX_SESSIONS;
  }

  /** The live sessions on disk (none when the file is missing or unreadable: everyone logs in again). */
  read() {
    /** @type {Map<string, Entry>} */
    const live = new Map();
    let stored;
    try {
      stored = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch {
      return live;
    }
    if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return live;
    const now = Date.now();
    for (const [sid, entry] of Object.entries(stored)) {
      if (entry && typeof entry.expires === 'number' && entry.expires > now && entry.session && typeof entry.session === 'object') {
        live.set(sid, entry);
      }
    }
    return live;
  }

  /** @param {Map<string, Entry>} live */
  write(live) {
    const kept = [...live].sort(([, a], [, b]) => b.expires - a.expires).slice(0, this.maxSessions);
    writeFileAtomic(this.file, JSON.stringify(Object.fromEntries(kept)) + '\n');
  }

  /**
   * @param {string} sid
   * @param {(err: any, session?: SessionData | null) => void} callback
   */
  get(sid, callback) {
    let entry;
    try {
      entry = this.read().get(sid);
    } catch (err) {
      return callback(err);
    }
    callback(null, entry ? entry.session : null);
  }

  /**
   * @param {string} sid
   * @param {SessionData} session
   * @param {(err?: any) => void} [callback]
   */
  set(sid, session, callback) {
    try {
      const live = this.read();
      live.set(sid, { expires: expiryOf(session), session: JSON.parse(JSON.stringify(session)) });
      this.write(live);
    } catch (err) {
      return callback && callback(err);
    }
    if (callback) callback();
  }

  /**
   * @param {string} sid
   * @param {SessionData} session
   * @param {() => void} [callback]
   */
  touch(sid, session, callback) {
    try {
      const live = this.read();
      const entry = live.get(sid);
      const expires = expiryOf(session);
      if (entry && expires - entry.expires > TOUCH_MS) {
        live.set(sid, { ...entry, expires });
        this.write(live);
      }
    } catch {
      // Touching only extends a session: failing to, it simply ends when it would have.
    }
    if (callback) callback();
  }

  /**
   * @param {string} sid
   * @param {(err?: any) => void} [callback]
   */
  destroy(sid, callback) {
    try {
      const live = this.read();
      if (live.delete(sid)) this.write(live);
    } catch (err) {
      return callback && callback(err);
    }
    if (callback) callback();
  }
}

/** The store server.js gives express-session. */
function sessionStore() {
  return new FileStore();
}

module.exports = { sessionSecret, sessionStore, FileStore, MAX_SESSIONS };
