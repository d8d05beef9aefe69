import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { KitError } from '../errors.ts';
import { langFromEnv, parseLang } from '../i18n/index.ts';
import { DEFAULT_URL, dirTarget, urlTarget } from '../target.ts';
import type { Lang, Target } from '../types.ts';

export interface CliOptions {
  target: Target;
  step?: string;
  lang: Lang;
  json: boolean;
  hintsOnly: boolean;
  timeoutMs: number;
  help: boolean;
  /** A class at once (see roster/): the roster file, and where its reports go. */
  roster?: string;
  concurrency?: number;
  csv?: string;
  junit?: string;
}

const OPTIONS = {
  step: { type: 'string' },
  lang: { type: 'string' },
  json: { type: 'boolean' },
  'hints-only': { type: 'boolean' },
  timeout: { type: 'string' },
  dir: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  roster: { type: 'string' },
  concurrency: { type: 'string' },
  csv: { type: 'string' },
  junit: { type: 'string' },
} as const;

/**
 * The language to speak before anything else is parsed, so that even an error
 * about another option comes in the learner's language.
 */
export function langOf(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  const at = argv.findIndex((arg) => arg === '--lang' || arg.startsWith('--lang='));
  if (at < 0) return langFromEnv(env);
  const value = argv[at].includes('=') ? argv[at].slice('--lang='.length) : argv[at + 1];
  if (value === undefined || value.startsWith('--')) throw new KitError('cli.missingValue', { option: '--lang' });
  const lang = parseLang(value);
  if (!lang) throw new KitError('cli.unknownLang', { lang: value });
  return lang;
}

function parseTimeout(raw: string | undefined): number {
  if (raw === undefined) return 5000;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 100 || ms > 600_000) throw new KitError('cli.badTimeout', { value: raw });
  return ms;
}

function parseConcurrency(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new KitError('class.cli.badConcurrency', { value: raw });
  return n;
}

/** Command line to options; every mistake is a KitError (exit 2). */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  const lang = langOf(argv, env);
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    const { code, message } = err as { code?: string; message: string };
    const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new KitError('cli.missingValue', { option });
    throw new KitError('cli.unknownOption', { option });
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new KitError('cli.tooManyArgs', { count: positionals.length });
  if (positionals.length > 0 && values.dir !== undefined) throw new KitError('cli.urlAndDir');
  if (values.roster !== undefined && (positionals.length > 0 || values.dir !== undefined)) throw new KitError('class.cli.rosterAndTarget');
  if (values.roster === undefined) {
    const classOnly = (['csv', 'junit', 'concurrency'] as const).find((name) => values[name] !== undefined);
    if (classOnly) throw new KitError('class.cli.needsRoster', { option: `--${classOnly}` });
  }
  let target: Target;
  if (values.dir !== undefined) {
    const isDir = (() => {
      try {
        return statSync(values.dir).isDirectory();
      } catch {
        return false;
      }
    })();
    if (!isDir) throw new KitError('cli.noDir', { dir: values.dir });
    target = dirTarget(values.dir);
  } else {
    target = urlTarget(positionals[0] ?? DEFAULT_URL);
  }
  return {
    target,
    step: values.step,
    lang,
    json: values.json ?? false,
    hintsOnly: values['hints-only'] ?? false,
    timeoutMs: parseTimeout(values.timeout),
    help: values.help ?? false,
    roster: values.roster,
    concurrency: parseConcurrency(values.concurrency),
    csv: values.csv,
    junit: values.junit,
  };
}
