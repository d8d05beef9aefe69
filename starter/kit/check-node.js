'use strict';

// ============================================================================
// THE KIT'S SUPPORT, not part of the lesson: you do not need to read or change
// this file. The lesson's files are server.js and public/ (with auth.js and
// routes.js, as in freeCodeCamp's boilerplate); kit/ holds what the kit adds.
// ============================================================================

// `npm start` runs this first (see package.json). On a Node.js older than the one
// package.json's `engines.node` asks for, it prints one line in the terminal's language
// and exits with status 2, instead of letting a dependency fail with a cryptic error.
// Old Node.js versions must be able to read this file: no `?.`, no `??`, nothing newer.

const MESSAGES = {
  en: 'This app needs Node.js {needed} or newer; this is Node.js {found}. Install a newer Node.js (https://nodejs.org) and run npm start again.',
  'pt-BR':
    'Este app precisa do Node.js {needed} ou mais recente, mas este computador está com o Node.js {found}. Instale uma versão mais nova (https://nodejs.org) e rode npm start de novo.',
  it: "Questa app richiede Node.js {needed} o una versione successiva, ma qui c'è Node.js {found}. Installa una versione più recente (https://nodejs.org), poi esegui di nuovo npm start.",
};

/**
 * The lowest version a `>=X`, `>=X.Y` or `>=X.Y.Z` range allows, as `X.Y.Z`; null for any
 * other range, which is then not checked.
 * @param {unknown} range
 * @returns {string | null}
 */
function minimumOf(range) {
  const found = /^\s*>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(String(range || ''));
  if (!found) return null;
  return [found[1], found[2] || '0', found[3] || '0'].map(Number).join('.');
}

/**
 * True when version `a` (`X.Y.Z`) comes before version `b`.
 * @param {string} a
 * @param {string} b
 */
function isOlder(a, b) {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const difference = (left[i] || 0) - (right[i] || 0);
    if (difference !== 0) return difference < 0;
  }
  return false;
}

/**
 * The terminal's language, from the first locale variable set: `pt_BR.UTF-8` gives pt-BR.
 * @param {NodeJS.ProcessEnv} env
 * @returns {keyof typeof MESSAGES}
 */
function langOf(env) {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const primary = locale.toLowerCase().split(/[-_.@]/)[0];
  if (primary === 'pt') return 'pt-BR';
  if (primary === 'it') return 'it';
  return 'en';
}

/**
 * The line to print when Node.js `found` (e.g. `16.20.2`) is older than `range` allows,
 * else null.
 * @param {string} found
 * @param {unknown} range e.g. `>=18.0.0`
 * @param {NodeJS.ProcessEnv} env
 * @returns {string | null}
 */
function tooOld(found, range, env) {
  const needed = minimumOf(range);
  if (!needed || !isOlder(found.replace(/^v/, ''), needed)) return null;
  return MESSAGES[langOf(env)].replace('{needed}', needed).replace('{found}', found.replace(/^v/, ''));
}

if (require.main === module) {
  const engines = require('../package.json').engines || {};
  const line = tooOld(process.versions.node, engines.node, process.env);
  if (line) {
    console.error(line);
    process.exit(2);
  }
}

module.exports = { minimumOf, isOlder, langOf, tooOld };
