// Starts one of the kit's commands from its compiled JavaScript in dist/. Before that, two
// things a learner cannot be expected to diagnose: a Node.js older than the kit needs
// (on Node 18 every check would fail with "File is not defined", blamed on their app),
// and a build older than its sources (an edited .ts file must never run stale code).
// Written for old Node versions too (no ?? or ?.), so that the first can be said at all.

import { existsSync, readFileSync, statSync } from 'node:fs';
import nodeModule from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { langOfCommand } from '../checker/i18n/locale.js';
import { runsChecks, startEarlyWorker } from '../checker/run/early-worker.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MANIFEST = path.join(ROOT, 'dist', 'build.json');

// Versions are compared here, not by semver: loading semver's lt and minVersion cost 7 and 19 ms
// of CPU in a cold process (2-core machine, Node 20.20), on every command; test/rules-table.test.ts
// holds these functions to semver's answers.

/**
 * `1.2.3` -> [1, 2, 3]; missing parts are 0.
 * @param {string} version
 */
function parts(version) {
  return String(version).replace(/^v/, '').split('.').map((n) => parseInt(n, 10) || 0).concat([0, 0, 0]).slice(0, 3);
}

/**
 * The lowest version `engines.node` allows, for ranges made of `>=X.Y.Z` or `^X.Y.Z`
 * alternatives (`^20.18.1 || ^22 || ^24 || ^26`); undefined for any other form.
 * @param {string | undefined} range
 * @returns {string | undefined}
 */
export function neededNode(range) {
  /** @type {string | undefined} */
  let lowest;
  const alternatives = String(range || '').split('||');
  for (let i = 0; i < alternatives.length; i++) {
    const match = /^\s*(?:>=|\^)\s*v?(\d+(?:\.\d+){0,2})\s*$/.exec(alternatives[i]);
    if (!match) return undefined;
    const version = parts(match[1]).join('.');
    if (lowest === undefined || older(version, lowest)) lowest = version;
  }
  return lowest;
}

/**
 * True when `found` is older than `needed`.
 * @param {string} found
 * @param {string} needed
 */
export function older(found, needed) {
  const a = parts(found);
  const b = parts(needed);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/**
 * A catalog text of the checker, filled with `params`.
 * @param {string} lang
 * @param {string} key
 * @param {Record<string, string>} params
 */
function say(lang, key, params) {
  let catalog;
  try {
    catalog = JSON.parse(readFileSync(path.join(ROOT, 'checker', 'i18n', `${lang}.json`), 'utf8'));
  } catch (err) {
    catalog = JSON.parse(readFileSync(path.join(ROOT, 'checker', 'i18n', 'en.json'), 'utf8'));
  }
  const text = key.split('.').reduce((/** @type {any} */ node, part) => (node && typeof node === 'object' ? node[part] : undefined), catalog);
  return String(text || key).replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/**
 * True when dist/ is missing or older than one of the files it was built from.
 * @param {string} [root]
 */
export function stale(root = ROOT) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(root, 'dist', 'build.json'), 'utf8'));
  } catch (err) {
    return true;
  }
  for (const input of manifest.inputs) {
    let info;
    try {
      info = statSync(path.join(root, input));
    } catch (err) {
      return true;
    }
    if (info.mtimeMs > manifest.builtAt) return true;
  }
  return false;
}

/**
 * Node.js 22.1 and newer keep V8's compiled code of the modules they load on disk
 * (module.enableCompileCache): the next command, and its worker threads, start faster.
 * Under dist/cache/compile, with the kit's other caches; NODE_COMPILE_CACHE chooses another
 * place, NODE_DISABLE_COMPILE_CACHE=1 none. On older lines this does nothing.
 */
export function enableCompileCache() {
  const enable = /** @type {any} */ (nodeModule).enableCompileCache;
  if (typeof enable !== 'function') return undefined;
  const result = enable(process.env.NODE_COMPILE_CACHE || path.join(ROOT, 'dist', 'cache', 'compile'));
  // Worker threads inherit the environment, not the setting.
  if (result && result.directory) process.env.NODE_COMPILE_CACHE = result.directory;
  return result && result.directory;
}

/**
 * Runs command `name` (an entry of bin/build.js) with the process's own arguments.
 * Exit status 2, with one line in the user's language, for an old Node.js or a build
 * that cannot be made.
 * @param {string} name
 */
export async function launch(name) {
  const lang = langOfCommand(process.argv.slice(2), process.env);
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const needed = neededNode(pkg.engines && pkg.engines.node);
  if (needed && older(process.versions.node, needed)) {
    process.stderr.write(`${name}: ${say(lang, 'cli.oldNode', { needed, found: process.versions.node })}\n`);
    process.exit(2);
  }
  if (stale()) {
    let build;
    try {
      build = (await import('./build.js')).build;
      await build();
    } catch (err) {
      const missing = !existsSync(MANIFEST);
      process.stderr.write(`${name}: ${say(lang, missing ? 'cli.notBuilt' : 'cli.rebuildFailed', { message: String((err && /** @type {Error} */ (err).message) || err).split('\n')[0] })}\n`);
      process.exit(2);
    }
  }
  enableCompileCache();
  // The check's worker boots on the other core while this thread loads the command (the pool takes it).
  if (name === 'check' && runsChecks(process.argv.slice(2))) startEarlyWorker(pathToFileURL(path.join(ROOT, 'dist', 'worker.js')));
  await import(pathToFileURL(path.join(ROOT, 'dist', `${name}.js`)).href);
}
