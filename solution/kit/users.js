'use strict';

// ============================================================================
// THE KIT'S SUPPORT, not part of the lesson: you do not need to read or change
// this file. The lesson's files are server.js and public/ (with auth.js and
// routes.js, as in freeCodeCamp's boilerplate); kit/ holds what the kit adds.
// ============================================================================

// Accounts, kept in one JSON file so they survive a restart without a database server.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { promisify } = require('node:util');
const { DATA_DIR, writeFileAtomic } = require('./data');

const scrypt = /** @type {(password: string, salt: string, keylen: number) => Promise<Buffer>} */ (
  promisify(crypto.scrypt)
);

const FILE = path.join(DATA_DIR, 'users.json');
const KEY_LENGTH = 64;
const USERNAME = /^[A-Za-z0-9_.-]{3,30}$/;

/** @typedef {{ id: string, username: string }} User */
/** @typedef {User & { salt: string, hash: string, created: string }} Account */

/** @returns {Account[]} */
function readAll() {
  try {
    return JSON.parse(fs.readFileSync(FILE, 'utf8'));
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code === 'ENOENT') return [];
    throw err;
  }
}

/** @param {Account[]} accounts */
function writeAll(accounts) {
  writeFileAtomic(FILE, JSON.stringify(accounts, null, 2) + '\n');
}

/**
 * @param {Account} account
 * @returns {User}
 */
const publicPart = ({ id, username }) => ({ id, username });

/** @param {string} username */
const sameName = (username) => (/** @type {Account} */ a) => a.username.toLowerCase() === username.toLowerCase();

/**
 * Creates an account, or says which rule the input breaks.
 * @param {string} username
 * @param {string} password
 * @returns {Promise<{ user: User } | { error: 'usernameInvalid' | 'passwordInvalid' | 'usernameTaken' }>}
 */
async function create(username, password) {
  if (!USERNAME.test(username)) return { error: 'usernameInvalid' };
  if (password.length < 8 || password.length > 128) return { error: 'passwordInvalid' };
  if (readAll().some(sameName(username))) return { error: 'usernameTaken' };

  const salt = crypto.randomBytes(16).toString('hex');
  const hash = (await scrypt(password, salt, KEY_LENGTH)).toString('hex');

  // Read again after the slow hash: another registration may have finished meanwhile.
  const accounts = readAll();
  if (accounts.some(sameName(username))) return { error: 'usernameTaken' };
  const account = { id: crypto.randomUUID(), username, salt, hash, created: new Date().toISOString() };
  writeAll([...accounts, account]);
  return { user: publicPart(account) };
}

// Hashing even for an unknown name keeps both failures equally slow.
const DUMMY = { salt: crypto.randomBytes(16).toString('hex'), hash: '00'.repeat(KEY_LENGTH) };

/**
 * The user whose name and password match, or null.
 * @param {string} username
 * @param {string} password
 * @returns {Promise<User | null>}
 */
async function verify(username, password) {
  const account = readAll().find(sameName(username));
  const { salt, hash } = account || DUMMY;
  const given = await scrypt(password.slice(0, 1024), salt, KEY_LENGTH);
  const matches = crypto.timingSafeEqual(given, Buffer.from(hash, 'hex'));
  return account && matches ? publicPart(account) : null;
}

/**
 * @param {string} id
 * @returns {User | null}
 */
function findById(id) {
  const account = readAll().find((a) => a.id === id);
  return account ? publicPart(account) : null;
}

module.exports = { create, verify, findById };
