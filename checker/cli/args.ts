import { parseArgs } from 'node:util';
import { KitError } from '../errors.ts';
import { optionError } from './option-error.ts';
import { langArgument, langFromEnv, langOfCommand, parseLang } from '../i18n/index.ts';
import { isFolder } from '../paths.ts';
import { DEFAULT_URL, dirTarget, urlTarget } from '../target.ts';
import type { Lang, Shard, Target } from '../types.ts';


export interface CliOptions {
  target: Target;
  step?: string;
  lang: Lang;
  json: boolean;
  hintsOnly: boolean;
  timeoutMs: number;
  help: boolean;
  version: boolean;
  /** Re-check whenever what the app serves changes, until Ctrl-C. */
  watch: boolean;
  /** A class at once (see roster/): the roster file, and where its reports go. */
  roster?: string;
  concurrency?: number;
  csv?: string;
  junit?: string;
  /** The CSV report's field separator: `,` (default) or `;` for spreadsheets that expect it. */
  csvDelimiter: ',' | ';';
  shard?: Shard;
  /** `--merge FILE...`: class JSON reports of one roster's shards, to join into one class. */
  merge?: string[];
}

export const OPTIONS = {
  step: { type: 'string' },
  lang: { type: 'string' },
  json: { type: 'boolean' },
  'hints-only': { type: 'boolean' },
  timeout: { type: 'string' },
  dir: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  watch: { type: 'boolean' },
  roster: { type: 'string' },
  concurrency: { type: 'string' },
  csv: { type: 'string' },
  junit: { type: 'string' },
  'csv-delimiter': { type: 'string' },
  shard: { type: 'string' },
  merge: { type: 'boolean' },
} as const;

/** Options of a class run that --merge cannot honour: the reports already hold their runs (--csv, --junit, --csv-delimiter and --json go with it). */
const NOT_WITH_MERGE = ['roster', 'dir', 'watch', 'shard', 'concurrency', 'hints-only', 'timeout', 'step'] as const;

/** Options that only mean something for a class. */
const CLASS_ONLY = ['csv', 'junit', 'concurrency', 'csv-delimiter', 'shard'] as const;

/** The highest --concurrency accepted; the class run may still use fewer (see roster/class.ts). */
export const MAX_CONCURRENCY = 64;

/**
 * The language to speak before anything else is parsed, so that even an error
 * about another option comes in the learner's language.
 */
export function langOf(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  const value = langArgument(argv);
  if (value === null) return langFromEnv(env);
  if (value === undefined || value.startsWith('--')) throw new KitError('cli.missingValue', { option: '--lang' });
  const lang = parseLang(value);
  if (!lang) throw new KitError('cli.unknownLang', { lang: value });
  return lang;
}

/** The language for a message about the command line itself: a bad `--lang` falls back to the environment's. */
export function safeLangOf(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  return langOfCommand(argv, env);
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
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) throw new KitError('class.cli.badConcurrency', { value: raw, max: MAX_CONCURRENCY });
  return n;
}

function parseDelimiter(raw: string | undefined): ',' | ';' {
  if (raw === undefined || raw === ',') return ',';
  if (raw === ';') return ';';
  throw new KitError('class.cli.badDelimiter', { value: raw });
}

/** `K/N` with 1 <= K <= N. */
export function parseShard(raw: string | undefined): Shard | undefined {
  if (raw === undefined) return undefined;
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(raw.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count) throw new KitError('class.cli.badShard', { value: raw });
  return { index, count };
}

/**
 * `--timeout -5` as `--timeout=-5`: parseArgs takes a value starting with `-` for an option
 * of its own and would answer "needs a value"; a negative number is a value, and a wrong one.
 */
export function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.startsWith('--') ? argv[i]!.slice(2) : '';
    const next = argv[i + 1];
    if (OPTIONS[name as keyof typeof OPTIONS]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else {
      out.push(argv[i]!);
    }
  }
  return out;
}

/** Command line to options; every mistake is a KitError (exit 2). */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  const lang = langOf(argv, env);
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    const { key, option } = optionError(err);
    throw new KitError(key, { option });
  }
  const { values, positionals } = parsed;
  const help = values.help ?? false;
  const version = values.version ?? false;
  const merge = values.merge ?? false;
  if (!help && !version && merge) {
    const other = NOT_WITH_MERGE.find((name) => values[name] !== undefined);
    if (other) throw new KitError('daily.merge.notWith', { option: `--${other}` });
    if (positionals.length === 0) throw new KitError('daily.merge.noFiles');
  } else if (!help && !version) {
    if (positionals.length > 1) throw new KitError('cli.tooManyArgs', { count: positionals.length });
    if (positionals.length > 0 && values.dir !== undefined) throw new KitError('cli.urlAndDir');
    if (values.roster !== undefined && (positionals.length > 0 || values.dir !== undefined)) throw new KitError('class.cli.rosterAndTarget');
    if (values.roster !== undefined && values.watch) throw new KitError('cli.watchAndRoster');
    if (values.roster === undefined) {
      const classOnly = CLASS_ONLY.find((name) => values[name] !== undefined);
      if (classOnly) throw new KitError('class.cli.needsRoster', { option: `--${classOnly}` });
    }
  }
  let target: Target = { kind: 'url', url: `${DEFAULT_URL}/` };
  if (values.dir !== undefined) {
    if (!help && !version && !isFolder(values.dir)) throw new KitError('cli.noDir', { dir: values.dir });
    target = dirTarget(values.dir);
  } else if (!help && !version && !merge) {
    target = urlTarget(positionals[0] ?? DEFAULT_URL);
  }
  return {
    target,
    step: values.step,
    lang,
    json: values.json ?? false,
    hintsOnly: values['hints-only'] ?? false,
    timeoutMs: parseTimeout(values.timeout),
    help,
    version,
    watch: values.watch ?? false,
    roster: values.roster,
    concurrency: parseConcurrency(values.concurrency),
    csv: values.csv,
    junit: values.junit,
    csvDelimiter: parseDelimiter(values['csv-delimiter']),
    shard: parseShard(values.shard),
    ...(merge ? { merge: positionals } : {}),
  };
}
