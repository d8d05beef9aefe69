import type { Translate } from '../i18n/index.ts';
import type { CheckSection, FreeCodeCampFinding, Reason, Results, Status } from '../types.ts';
import { failureMessage } from './words.ts';

/** One check in the JSON contract (version 1, see README "Results as JSON"). */
export interface JsonCheck {
  n: number;
  section: CheckSection;
  text: string;
  passed: boolean;
  status: Status;
  reason?: Reason;
  message?: string;
  ms: number;
}

export interface JsonResults {
  version: 1;
  step: string;
  id: string;
  lang: string;
  target: string;
  /** For a folder: the file read as /_api/server.js. */
  entry?: string;
  /** The running app is older than its server.js on disk: restart it. */
  staleApp?: true;
  passed: boolean;
  /** Present when Ctrl-C stopped the run: `checks` then holds only those that finished. */
  interrupted?: true;
  checks: JsonCheck[];
  /** Whether freeCodeCamp's page could read each file the hints fetch (a running app, every file answered). */
  freeCodeCamp?: FreeCodeCampFinding;
}

export function toJson(results: Results, t: Translate): JsonResults {
  return {
    version: 1,
    step: results.step,
    id: results.id,
    lang: results.lang,
    target: results.target,
    ...(results.entry ? { entry: results.entry } : {}),
    ...(results.staleApp ? { staleApp: true as const } : {}),
    passed: results.passed,
    ...(results.interrupted ? { interrupted: true as const } : {}),
    checks: results.checks.map((check) => ({
      n: check.n,
      section: check.section,
      text: check.text,
      passed: check.status === 'passed',
      status: check.status,
      ...(check.failure ? { reason: check.failure.reason, message: failureMessage(check, t) } : {}),
      ms: check.ms,
    })),
    ...(results.freeCodeCamp
      ? { freeCodeCamp: { readable: results.freeCodeCamp.readable, files: results.freeCodeCamp.files.map(({ path, readable, preflight }) => ({ path, readable, preflight })) } }
      : {}),
  };
}

export function renderJson(results: Results, t: Translate): string {
  return JSON.stringify(toJson(results, t), null, 2);
}
