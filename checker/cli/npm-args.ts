// `npm run check --lang pt-BR` (without `--`): npm keeps the options for itself. It hands
// the script the bare values (`pt-BR`) and turns each option it does not know into an
// `npm_config_<name>` variable (`--watch` -> npm_config_watch=true; `--step=x` ->
// npm_config_step=x). Run that way the checker would check http://pt-br/ or ignore
// --watch; instead it names the command that was meant.

import { parseLang } from '../i18n/index.ts';
import type { Lang } from '../types.ts';
import { OPTIONS } from './args.ts';

export interface ForgottenDashes {
  /** The command that was meant, e.g. `npm run check -- --lang pt-BR`. */
  command: string;
  /** The language asked for, when a bare value was one (`pt-BR`): the message speaks it. */
  lang?: Lang;
}

/** A bare argument that is a language code, as `--lang pt-BR` leaves it: `pt-BR`, `it`, `en`, `pt_BR`. */
function langValue(arg: string): Lang | undefined {
  return /^[a-z]{2}(?:[-_][a-z]{2})?$/i.test(arg) ? parseLang(arg) : undefined;
}

/** Quoted for a POSIX shell when it holds anything a shell would read differently. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * What a command line run by npm without `--` meant, or undefined when nothing shows that
 * npm took the checker's options. Only under npm (`npm_lifecycle_event` is set): run
 * directly, `emitting-check it` has no npm to blame.
 */
export function forgottenDashes(argv: readonly string[], env: NodeJS.ProcessEnv): ForgottenDashes | undefined {
  const script = env.npm_lifecycle_event;
  if (!script) return undefined;
  const flags: string[] = [];
  const pending: string[] = [];
  for (const [name, option] of Object.entries(OPTIONS)) {
    const value = env[`npm_config_${name.replace(/-/g, '_')}`];
    if (value === undefined || value === '') continue;
    if (option.type === 'boolean' || value === 'true') {
      // `--timeout 3000`: npm saw a flag, and 3000 came to the script as a bare argument.
      (option.type === 'string' ? pending : flags).push(`--${name}`);
    } else {
      flags.push(`--${name}`, value);
    }
  }
  const rest: string[] = [];
  let lang: Lang | undefined;
  for (const arg of argv) {
    const asLang = lang === undefined && !argv.includes('--lang') ? langValue(arg) : undefined;
    if (asLang) {
      lang = asLang;
      flags.push('--lang', arg);
    } else {
      rest.push(arg);
    }
  }
  if (flags.length === 0 && pending.length === 0) return undefined;
  // A flag that took a value goes last, right before the bare values npm left, one of them its own.
  const words = [...flags, ...rest.filter((arg) => arg.startsWith('-')), ...pending, ...rest.filter((arg) => !arg.startsWith('-'))];
  return { command: ['npm', 'run', script, '--', ...words].map(shellWord).join(' '), ...(lang ? { lang } : {}) };
}
