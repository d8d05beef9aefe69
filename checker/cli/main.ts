import { describeError, KitError } from '../errors.ts';
import type { Io } from './io.ts';
import { langFromEnv, translator } from '../i18n/index.ts';
import { paintFor } from '../render/colour.ts';
import { renderJson } from '../render/json.ts';
import { renderText } from '../render/text.ts';
import { run } from '../run/run.ts';
import { courseSteps, loadStep } from '../step/course.ts';
import { langOf, parseCli } from './args.ts';
import { classMain } from './class-main.ts';
import { DEFAULT_CONCURRENCY } from '../roster/class.ts';

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
