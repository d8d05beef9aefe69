'use strict';

// ============================================================================
// THE KIT'S SUPPORT, not part of the lesson: you do not need to read or change
// this file. The lesson's files are server.js and public/ (with auth.js and
// routes.js, as in freeCodeCamp's boilerplate); kit/ holds what the kit adds.
// ============================================================================

// The app's data/ folder (git-ignored, beside server.js; DATA_DIR moves it): accounts,
// sessions and the session secret, kept in files so they survive a restart without a
// database server.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const DATA_DIR = process.env.DATA_DIR || path.join(__dirname, '..', 'data');

/**
 * Writes a temporary file, then renames it over the old one: a crash never leaves half a
 * file. Only this computer's user may read it (mode 0600).
 * @param {string} file
 * @param {string} text
 */
function writeFileAtomic(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temp, text, { mode: 0o600 });
  fs.renameSync(temp, file);
}

module.exports = { DATA_DIR, writeFileAtomic };
