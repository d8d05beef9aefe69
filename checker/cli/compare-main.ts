// `npm run compare [-- FROM TO | --step NAME [FOLDER]] [--lang CODE] [--help] [--version]`:
// what the course changes, file by file: by default from the kit's starter to solution/;
// with --step, that step's own change, or a folder (a learner's) against that step's end
// state; or between any two folders. The kit's starter and every end state come from
// solution/ and the steps' changes (course/states.ts), never from starter/, which the
// learner edits. Coloured on a terminal, plain when piped or with NO_COLOR. Injected
// streams, so tests run it in-process.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pkg from '../../package.json' with { type: 'json' };
import type { Io } from './io.ts';
import { optionError } from './option-error.ts';
import { langFromEnv, langOfCommand, parseLang, translator } from '../i18n/index.ts';
import { stepIndex, writeEndState } from '../course/states.ts';
import { describeError, KitError } from '../errors.ts';
import { isFolder } from '../paths.ts';
import { courseSteps } from '../step/course.ts';
import { paintFor } from '../render/colour.ts';
import { compareDirs } from '../compare/files.ts';
import { renderCompare } from '../compare/render.ts';

const OPTIONS = {
  lang: { type: 'string' },
  step: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/**
 * Returns the exit status: 0 compared (whatever differs), 2 could not compare (a wrong
 * option, language or folder), with one line on stderr.
 */
export function compareMain(argv: readonly string[], io: Io, root: string): number {
  // The language before anything else is read, so that every error speaks it; a bad --lang falls back to the environment's.
  const t = translator(langOfCommand(argv, io.env));
  const fail = (line: string) => {
    io.stderr.write(`compare: ${line}\n`);
    return 2;
  };
  let values: { lang?: string; step?: string; help?: boolean; version?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (err) {
    const { key, option } = optionError(err);
    return fail(t(key, { option }));
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
  const given = positionals.length;
  if (values.step === undefined ? given !== 0 && given !== 2 : given > 1) return fail(t('compare.usage'));
  for (const dir of positionals) if (!isFolder(path.resolve(dir))) return fail(t('cli.noDir', { dir: path.resolve(dir) }));
  if (values.step === undefined && given === 2) {
    // Names as the instructor typed them, not absolute paths.
    const [from, to] = positionals as [string, string];
    io.stdout.write(renderCompare(compareDirs(path.resolve(from), path.resolve(to)), { from, to }, t, paintFor(io.stdout, io.env)) + '\n');
    return 0;
  }
  const dirs = { stepsDir: path.join(root, 'steps'), solutionDir: path.join(root, 'solution') };
  const made: string[] = [];
  /** An end state (`null`: the kit's starter) written to a folder of its own, removed afterwards. */
  const endState = (step: string | null): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-compare-'));
    made.push(dir);
    writeEndState(step, dir, dirs);
    return dir;
  };
  try {
    const steps = courseSteps(dirs.stepsDir);
    let from: string;
    let to: string;
    let names: { from: string; to: string };
    if (values.step === undefined) {
      // The whole course: the kit's own starter (whatever the learner did to starter/) to solution/.
      [from, to, names] = [endState(null), dirs.solutionDir, { from: 'starter/', to: 'solution/' }];
    } else {
      const at = stepIndex(values.step, dirs.stepsDir);
      const before = at === 0 ? null : steps[at - 1]!;
      to = endState(values.step);
      [from, names] = given === 1 ? [path.resolve(positionals[0]!), { from: positionals[0]!, to: `${values.step}/` }] : [endState(before), { from: `${before ?? 'starter'}/`, to: `${values.step}/` }];
    }
    io.stdout.write(renderCompare(compareDirs(from, to), names, t, paintFor(io.stdout, io.env)) + '\n');
    return 0;
  } catch (err) {
    if (!(err instanceof KitError)) throw err;
    return fail(describeError(err, t));
  } finally {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  }
}
