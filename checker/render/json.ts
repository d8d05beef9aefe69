import type { Translate } from '../i18n/index.ts';
import type { CheckSection, FreeCodeCampFinding, Reason, Results, Status } from '../types.ts';
import { failureMessage, hintExplanation } from './words.ts';

/** One check in the JSON contract (version 1, see README "Results as JSON"). */
export interface JsonCheck {
  n: number;
  section: CheckSection;
  text: string;
  passed: boolean;
  status: Status;
  reason?: Reason;
  message?: string;
  /** A hint that failed its regular expression: the kit's plain words for what the file lacks. */
  explanation?: string;
  /** That hint's regular expression, as freeCodeCamp wrote it (for authors; learners read `explanation`). */
  pattern?: string;
  /** On a passed check: what it could not look at, in the chosen language. */
  note?: string;
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
  /** The step's check sections that ran; `sectionsNotRun` those that did not (--hints-only, a folder). */
  sectionsRun?: CheckSection[];
  sectionsNotRun?: CheckSection[];
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
    ...(results.sectionsRun ? { sectionsRun: results.sectionsRun } : {}),
    ...(results.sectionsNotRun?.length ? { sectionsNotRun: results.sectionsNotRun } : {}),
    checks: results.checks.map((check) => {
      const lacks = check.failure ? hintExplanation(check.failure, t) : undefined;
      const pattern = check.failure?.key === 'assertion' || check.failure?.said !== undefined ? check.failure.params.pattern : undefined;
      return {
        n: check.n,
        section: check.section,
        text: check.text,
        passed: check.status === 'passed',
        status: check.status,
        ...(check.failure ? { reason: check.failure.reason, message: failureMessage(check, t) } : {}),
        ...(lacks ? { explanation: lacks } : {}),
        ...(typeof pattern === 'string' && pattern ? { pattern } : {}),
        ...(check.note ? { note: check.note.said ?? t(`client.notes.${check.note.key}`, check.note.params) } : {}),
        ms: check.ms,
      };
    }),
    ...(results.freeCodeCamp
      ? { freeCodeCamp: { readable: results.freeCodeCamp.readable, files: results.freeCodeCamp.files.map(({ path, readable, preflight }) => ({ path, readable, preflight })) } }
      : {}),
  };
}

export function renderJson(results: Results, t: Translate): string {
  return JSON.stringify(toJson(results, t), null, 2);
}
