// `npm run compare [-- FROM TO] [--lang CODE]`: what the lesson changes, file by file,
// from starter/ to solution/ by default (or between any two folders, e.g. a learner's
// submission and solution/). Coloured on a terminal, plain when piped or with NO_COLOR.
import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compareDirs, langFromEnv, paintFor, parseLang, renderCompare, translator } from '../checker/index.ts';
import { ROOT } from './start-app.ts';

function main(argv: string[]): number {
  let values: { lang?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: { lang: { type: 'string' } }, allowPositionals: true, strict: true }));
  } catch (err) {
    process.stderr.write(`compare: ${(err as Error).message}\n`);
    return 2;
  }
  const lang = values.lang === undefined ? langFromEnv(process.env) : parseLang(values.lang);
  const t = translator(lang ?? 'en');
  if (!lang) {
    process.stderr.write(`compare: ${t('cli.unknownLang', { lang: values.lang })}\n`);
    return 2;
  }
  if (positionals.length !== 0 && positionals.length !== 2) {
    process.stderr.write(`compare: ${t('compare.usage')}\n`);
    return 2;
  }
  const [from, to] = positionals.length === 2 ? positionals.map((dir) => path.resolve(dir)) : [path.join(ROOT, 'starter'), path.join(ROOT, 'solution')];
  for (const dir of [from!, to!]) {
    const ok = (() => {
      try {
        return statSync(dir).isDirectory();
      } catch {
        return false;
      }
    })();
    if (!ok) {
      process.stderr.write(`compare: ${t('cli.noDir', { dir })}\n`);
      return 2;
    }
  }
  // Names as the instructor typed them (or starter/ and solution/), not absolute paths.
  const names = positionals.length === 2 ? { from: positionals[0]!, to: positionals[1]! } : { from: 'starter/', to: 'solution/' };
  const out = renderCompare(compareDirs(from!, to!), names, t, paintFor(process.stdout, process.env));
  process.stdout.write(out + '\n');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
