// Which language a command speaks: the kit's one rule, for the checker's commands (through
// i18n/index.ts) and for bin/launch.js, which needs it before anything is built and on a
// Node.js too old for the kit, to say so. Hence plain JavaScript that old versions parse
// (no `?.`, no `??`) and no imports. The learner apps keep their own small copy in
// kit/check-node.js (they are self-contained); test/rules-table.test.ts feeds both the same table.

/** The kit's languages; English is the fallback. */
export const LANGS = /** @type {const} */ (['en', 'pt-BR', 'it']);

/** @typedef {(typeof LANGS)[number]} Lang */

/**
 * `pt-BR`, `pt_br`, `pt`, `pt-PT`, `it-IT`, `EN`... as one of LANGS; undefined for any other.
 * @param {string} code
 * @returns {Lang | undefined}
 */
export function parseLang(code) {
  const normal = String(code).trim().replace(/_/g, '-').toLowerCase();
  const base = normal.split('-')[0];
  for (let i = 0; i < LANGS.length; i++) if (LANGS[i].toLowerCase() === normal) return LANGS[i];
  if (base === 'pt') return 'pt-BR';
  for (let i = 0; i < LANGS.length; i++) if (LANGS[i] === base) return LANGS[i];
  return undefined;
}

/**
 * The language of the environment, as POSIX orders it: LC_ALL, then LC_MESSAGES, then
 * LANG (`pt_BR.UTF-8` is pt-BR, `it_IT` is it); English otherwise (C, POSIX, unset).
 * @param {NodeJS.ProcessEnv} env
 * @returns {Lang}
 */
export function langFromEnv(env) {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const code = locale.split(/[.@]/)[0];
  if (!code || code === 'C' || code === 'POSIX') return 'en';
  return parseLang(code) || 'en';
}

/**
 * What the command line gives `--lang` (`--lang X` or `--lang=X`): null when it is not
 * there, undefined when nothing follows it.
 * @param {readonly string[]} argv
 * @returns {string | null | undefined}
 */
export function langArgument(argv) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--lang') return argv[i + 1];
    if (argv[i].indexOf('--lang=') === 0) return argv[i].slice('--lang='.length);
  }
  return null;
}

/**
 * The language to speak before anything else is read: `--lang`'s when it names one of
 * ours, else the environment's (a bad `--lang` is for the command itself to report).
 * @param {readonly string[]} argv
 * @param {NodeJS.ProcessEnv} env
 * @returns {Lang}
 */
export function langOfCommand(argv, env) {
  const given = langArgument(argv);
  return (given && parseLang(given)) || langFromEnv(env);
}
