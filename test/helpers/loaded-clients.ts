// Run as a child process: `node --import tsx test/helpers/loaded-clients.ts hints|behaviour URL`.
// Runs the lesson's checks of that section in this thread (as a worker would) and prints,
// as JSON, their outcomes and which Socket.IO client packages got loaded on the way.

import { createRequire } from 'node:module';
import { engineLoaded } from '../../checker/client/engine.ts';
import { parserLoaded } from '../../checker/client/source-order.ts';
import { DEFAULT_LIMITS } from '../../checker/run/limits.ts';
import { runCheck } from '../../checker/run/sandbox.ts';
import { loadStep } from '../../checker/step/course.ts';
import type { CheckSection } from '../../checker/types.ts';

/** The client libraries and what only they load: CommonJS files, so require's cache lists them. */
const CLIENT_PACKAGES = /node_modules\/(socket\.io-client-v2|socket\.io-client|engine\.io-client|ws|xmlhttprequest-ssl)\//;

const [section, url] = process.argv.slice(2) as [CheckSection, string];
const step = await loadStep('communicate-by-emitting', 'en');
const outcomes = [];
for (const check of step.checks.filter((c) => c.section === section)) {
  // A long clock: the child compiles TypeScript as it goes (tsx), slow on a busy machine; what
  // is measured here is what got loaded (the event waits are at their longest, 2 s).
  outcomes.push(await runCheck({ code: check.code, section, target: { kind: 'url', url }, limits: { ...DEFAULT_LIMITS, timeoutMs: 30_000 } }));
}
const loaded = new Set<string>();
for (const file of Object.keys(createRequire(import.meta.url).cache)) {
  const match = CLIENT_PACKAGES.exec(file);
  if (match) loaded.add(match[1]);
}
// The page's engine (QuickJS) and the parser (acorn) are ES modules: they say themselves whether they loaded.
if (engineLoaded()) loaded.add('quickjs');
if (parserLoaded()) loaded.add('acorn');
process.stdout.write(JSON.stringify({ outcomes, loaded: [...loaded].sort() }));
