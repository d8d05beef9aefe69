// `npm run solution [-- --step NAME]`: the kit's app at the end of a step of the course,
// restarting on every save (nodemon). The last step's end state is solution/ itself; an
// earlier step's is made again at every start in dist/apps/<step>/ (see checker/course/states.ts),
// a copy nobody edits by hand. The command's own arguments reach this script directly:
// an inner npm (`npm start --workspace ...`) would take `--step` as one of its own settings.

import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { courseSteps, describeError, END_STATES_DIR, KIT_ROOT, KitError, langFromEnv, loadStep, parseLang, SOLUTION_DIR, stepIndex, translator, writeEndState } from '../checker/index.ts';

/** Empties `dir` but for the app's own data (accounts made while trying it). */
function clearApp(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (name !== 'data') rmSync(path.join(dir, name), { recursive: true, force: true });
}

async function main(argv: string[]): Promise<number> {
  let t = translator(langFromEnv(process.env));
  try {
    let values: { step?: string; lang?: string; help?: boolean };
    try {
      ({ values } = parseArgs({ args: argv, options: { step: { type: 'string' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
    } catch {
      process.stderr.write(`solution: ${t('course.appUsage')}\n`);
      return 2;
    }
    if (values.lang !== undefined) {
      const lang = parseLang(values.lang);
      if (!lang) throw new KitError('cli.unknownLang', { lang: values.lang });
      t = translator(lang);
    }
    const lang = (values.lang !== undefined && parseLang(values.lang)) || langFromEnv(process.env);
    const steps = courseSteps();
    if (values.help) {
      process.stdout.write(t('course.appHelp', { steps: steps.join(', '), lang }) + '\n');
      return 0;
    }
    const step = values.step ?? steps.at(-1)!;
    const at = stepIndex(step);
    let dir = SOLUTION_DIR;
    if (at < steps.length - 1) {
      dir = path.join(END_STATES_DIR, step);
      clearApp(dir);
      writeEndState(step, dir);
      const { title } = await loadStep(step, lang);
      process.stdout.write(t('course.endState', { title, step, dir: path.relative(KIT_ROOT, dir) + path.sep }) + '\n');
    }
    const nodemon = createRequire(path.join(KIT_ROOT, 'package.json')).resolve('nodemon/bin/nodemon.js');
    const child = spawn(process.execPath, [nodemon, 'server.js'], { cwd: dir, stdio: 'inherit' });
    // Ctrl-C reaches nodemon from the terminal itself; a SIGTERM sent to this process alone is passed on.
    process.on('SIGINT', () => {});
    process.on('SIGTERM', () => child.kill('SIGTERM'));
    return await new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1))));
  } catch (err) {
    if (!(err instanceof KitError)) throw err;
    process.stderr.write(`solution: ${describeError(err, t)}\n`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
