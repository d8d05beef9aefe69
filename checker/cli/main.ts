import { KitError } from '../errors.ts';
import { langFromEnv, translator, type Translate } from '../i18n/index.ts';
import { paintFor } from '../render/colour.ts';
import { renderJson } from '../render/json.ts';
import { renderText } from '../render/text.ts';
import { run } from '../run/run.ts';
import { courseSteps, loadStep } from '../step/course.ts';
import { langOf, parseCli } from './args.ts';
import { classMain } from './class-main.ts';
import { DEFAULT_CONCURRENCY } from '../roster/class.ts';

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** A KitError as one line: for a step file, every problem joined. */
export function describeError(err: KitError, t: Translate): string {
  if (err.problems.length === 0) return t(err.key, err.params);
  const problems = err.problems.map((p) => t('step.at', { line: p.line, problem: t(p.key, p.params) })).join('; ');
  return t(err.key, { ...err.params, problems });
}

function safeLang(argv: readonly string[], env: NodeJS.ProcessEnv) {
  try {
    return langOf(argv, env);
  } catch {
    return langFromEnv(env);
  }
}

/** The `check` command. Returns the exit status: 0 passed, 1 a check failed, 2 could not run. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const t = translator(safeLang(argv, io.env));
  try {
    const options = parseCli(argv, io.env);
    const tl = translator(options.lang);
    const step = await loadStep(options.step, options.lang);
    if (options.help) {
      io.stdout.write(tl('cli.help', { title: step.title, steps: courseSteps().join(', '), lang: options.lang, concurrency: DEFAULT_CONCURRENCY }) + '\n');
      return 0;
    }
    if (options.roster !== undefined) return await classMain(options, step, io);
    const results = await run(step, options.target, {
      lang: options.lang,
      limits: { timeoutMs: options.timeoutMs },
      sections: options.hintsOnly ? ['hints'] : undefined,
    });
    const out = options.json ? renderJson(results, tl) : renderText(results, tl, paintFor(io.stdout, io.env), step.title);
    io.stdout.write(out + '\n');
    return results.passed ? 0 : 1;
  } catch (err) {
    if (!(err instanceof KitError)) throw err;
    io.stderr.write(`check: ${describeError(err, t)}\n`);
    return 2;
  }
}
