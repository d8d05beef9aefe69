// `npm run compare [-- FROM TO] [--lang CODE] [--help] [--version]`: what the lesson
// changes, file by file, from starter/ to solution/ by default (or between any two
// folders, e.g. a learner's submission and solution/). Coloured on a terminal, plain when
// piped or with NO_COLOR. Injected streams, so tests run it in-process.

import path from 'node:path';
import { parseArgs } from 'node:util';
import pkg from '../../package.json' with { type: 'json' };
import type { Io } from '../cli/io.ts';
import { langFromEnv, parseLang, translator } from '../i18n/index.ts';
import { isFolder } from '../paths.ts';
import { paintFor } from '../render/colour.ts';
import { compareDirs } from './files.ts';
import { renderCompare } from './render.ts';

const OPTIONS = {
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** The language before anything else is read, so that every error speaks it; a bad --lang falls back to the environment's. */
function langOf(argv: readonly string[], env: NodeJS.ProcessEnv) {
  const at = argv.findIndex((arg) => arg === '--lang' || arg.startsWith('--lang='));
  const value = at < 0 ? undefined : argv[at]!.includes('=') ? argv[at]!.slice('--lang='.length) : argv[at + 1];
  return (value !== undefined && parseLang(value)) || langFromEnv(env);
}

/**
 * Returns the exit status: 0 compared (whatever differs), 2 could not compare (a wrong
 * option, language or folder), with one line on stderr.
 */
export function compareMain(argv: readonly string[], io: Io, root: string): number {
  const t = translator(langOf(argv, io.env));
  const fail = (line: string) => {
    io.stderr.write(`compare: ${line}\n`);
    return 2;
  };
  let values: { lang?: string; help?: boolean; version?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (err) {
    const { code, message } = err as { code?: string; message: string };
    const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
    return fail(t(code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? 'cli.missingValue' : 'cli.unknownOption', { option }));
  }
  if (values.lang !== undefined && !parseLang(values.lang)) return fail(t('cli.unknownLang', { lang: values.lang }));
  const lang = values.lang !== undefined ? parseLang(values.lang)! : langFromEnv(io.env);
  if (values.help) {
    io.stdout.write(t('compare.help', { lang }) + '\n');
    return 0;
  }
  if (values.version) {
    io.stdout.write(t('compare.version', { version: pkg.version, node: process.versions.node }) + '\n');
    return 0;
  }
  if (positionals.length !== 0 && positionals.length !== 2) return fail(t('compare.usage'));
  const [from, to] = positionals.length === 2 ? positionals.map((dir) => path.resolve(dir)) : [path.join(root, 'starter'), path.join(root, 'solution')];
  for (const dir of [from!, to!]) if (!isFolder(dir)) return fail(t('cli.noDir', { dir }));
  // Names as the instructor typed them (or starter/ and solution/), not absolute paths.
  const names = positionals.length === 2 ? { from: positionals[0]!, to: positionals[1]! } : { from: 'starter/', to: 'solution/' };
  const text = renderCompare(compareDirs(from!, to!), names, t, paintFor(io.stdout, io.env));
  // The kit's own folders are read as they are on disk: a learner who edited starter/ sees
  // their edits here too, and is told so rather than shown "the lesson" unawares.
  const [heading, ...rest] = text.split('\n');
  io.stdout.write((positionals.length === 2 ? text : [heading, t('daily.compareOnDisk'), ...rest].join('\n')) + '\n');
  return 0;
}
