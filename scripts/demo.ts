// `npm run demo`: the whole course in one command. Starts the kit's starter (made from
// solution/ and the steps' changes, so a learner's edits to starter/ do not count) and
// the solution on free ports, checks the starter on the first step and the solution on
// every step, prints the reports, stops both apps.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CheckPool, courseSteps, END_STATES_DIR, langFromEnv, loadStep, paintFor, renderText, run, translator, writeEndState, type Results, type Step } from '../checker/index.ts';
import { startApp, type RunningApp } from './start-app.ts';

const lang = langFromEnv(process.env);
const t = translator(lang);
const paint = paintFor(process.stdout, process.env);
const steps: Step[] = [];
for (const name of courseSteps()) steps.push(await loadStep(name, lang));
const pool = new CheckPool(2);
const apps: RunningApp[] = [];

/** What the demo promises: the starter fails the first step's three hints, the solution passes every step. */
function asExpected(starter: Results, solution: Results[]): boolean {
  const hints = starter.checks.filter((check) => check.section === 'hints');
  return hints.length === 3 && hints.every((check) => check.status === 'failed') && solution.every((results) => results.passed);
}

// Inside the kit, so that the copy finds the kit's node_modules.
mkdirSync(END_STATES_DIR, { recursive: true });
const starterDir = mkdtempSync(path.join(END_STATES_DIR, 'demo-starter-'));
let code = 1;
try {
  writeEndState(null, starterDir);
  const env = { LANG: process.env.LANG };
  const [starterApp, solutionApp] = await Promise.all([startApp(starterDir, env), startApp('solution', env)]);
  apps.push(starterApp, solutionApp);
  const target = (app: RunningApp) => ({ kind: 'url' as const, url: app.url });
  // Step by step on the solution: each step's checks leave the count where they found it only from step two on.
  const [starter, solution] = await Promise.all([
    // As --watch does: the starter's behaviour checks wait for its hints, which it fails (no waiting for events that never come).
    run(steps[0]!, target(starterApp), { lang, pool, behaviourAfterHints: true }),
    (async () => {
      const all: Results[] = [];
      for (const step of steps) all.push(await run(step, target(solutionApp), { lang, pool }));
      return all;
    })(),
  ]);
  const reports: [string, Step, Results][] = [['demo.starter', steps[0]!, starter], ...solution.map((results, i): [string, Step, Results] => ['demo.solution', steps[i]!, results])];
  for (const [label, step, results] of reports) {
    process.stdout.write(`\n${paint.bold('== ' + t(label, { title: step.title }) + ' ==')}\n${renderText(results, t, paint, step.title)}\n`);
  }
  const ok = asExpected(starter, solution);
  process.stdout.write(`\n${ok ? paint.green(t('demo.ok')) : paint.red(t('demo.unexpected'))}\n`);
  code = ok ? 0 : 1;
} finally {
  await Promise.all(apps.map((app) => app.stop()));
  await pool.close();
  rmSync(starterDir, { recursive: true, force: true });
}
process.exitCode = code;
