// `npm run demo`: the whole lesson in one command. Starts the starter and the solution
// on free ports, checks both, prints both reports, stops both apps.
import { CheckPool, langFromEnv, loadStep, paintFor, renderText, run, translator, type Results } from '../checker/index.ts';
import { startApp, type RunningApp } from './start-app.ts';

const lang = langFromEnv(process.env);
const t = translator(lang);
const paint = paintFor(process.stdout, process.env);
const step = await loadStep(undefined, lang);
const pool = new CheckPool(2);
const apps: RunningApp[] = [];

/** What the demo promises: the starter fails the three hints, the solution passes everything. */
function asExpected(starter: Results, solution: Results): boolean {
  const hints = starter.checks.filter((check) => check.section === 'hints');
  return hints.length === 3 && hints.every((check) => check.status === 'failed') && solution.passed;
}

let code = 1;
try {
  const [starterApp, solutionApp] = await Promise.all([startApp('starter', { LANG: process.env.LANG }), startApp('solution', { LANG: process.env.LANG })]);
  apps.push(starterApp, solutionApp);
  const [starter, solution] = await Promise.all([
    run(step, { kind: 'url', url: starterApp.url }, { lang, pool }),
    run(step, { kind: 'url', url: solutionApp.url }, { lang, pool }),
  ]);
  for (const [label, results] of [['demo.starter', starter], ['demo.solution', solution]] as const) {
    process.stdout.write(`\n${paint.bold('== ' + t(label) + ' ==')}\n${renderText(results, t, paint, step.title)}\n`);
  }
  const ok = asExpected(starter, solution);
  process.stdout.write(`\n${ok ? paint.green(t('demo.ok')) : paint.red(t('demo.unexpected'))}\n`);
  code = ok ? 0 : 1;
} finally {
  await Promise.all(apps.map((app) => app.stop()));
  await pool.close();
}
process.exitCode = code;
