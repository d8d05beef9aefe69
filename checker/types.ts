// The data that flows through the checker: step file -> Step -> run -> Results -> render.
import type { FailureKey } from './i18n/index.ts';
import { LANGS } from './i18n/locale.js';

export { LANGS };
export type Lang = (typeof LANGS)[number];

/**
 * The sections of a step file that hold checks: `hints` are freeCodeCamp's own checks;
 * `behaviour` checks drive real Socket.IO clients. (A step file's other `# --name--`
 * parts are MarkdownSections, see step/sections.ts.)
 */
export type CheckSection = 'hints' | 'behaviour';
export const CHECK_SECTIONS: readonly CheckSection[] = ['hints', 'behaviour'];

/** One check as written in a step file: a sentence (Markdown) and its code. */
export interface CheckSource {
  section: CheckSection;
  /** The sentence, as Markdown. */
  text: string;
  /** The sentence as plain text, for reports (`code` keeps its text, markup goes). */
  plain: string;
  code: string;
  /** 1-based line of the code block in the step file. */
  line: number;
}

export interface Step {
  file: string;
  id: string;
  title: string;
  dashedName: string;
  challengeType: number;
  forumTopicId?: number;
  /** Markdown of `# --description--` (and `# --instructions--` when present). */
  description: string;
  checks: CheckSource[];
}

/**
 * What is checked: a running app, or a folder read without running it. A folder's
 * `entry` is the file it serves as /_api/server.js (see run/folder.ts).
 */
export type Target = { kind: 'url'; url: string } | { kind: 'dir'; dir: string; entry?: string };

/**
 * Stable codes for why a check failed. Documented in docs/<lang>/learner.md;
 * new codes may be added, existing ones keep their meaning.
 */
export type Reason =
  | 'assertion'
  | 'unreachable'
  | 'http-status'
  | 'timeout'
  | 'too-large'
  | 'not-javascript'
  | 'empty-body'
  | 'redirect'
  | 'no-socket-io'
  | 'socket-rejected'
  | 'no-event'
  | 'unreadable'
  | 'error';

export type Params = Record<string, string | number | boolean | null | undefined>;

/** Why a check failed, as data: renderers turn `key` + `params` into words. */
export interface Failure {
  reason: Reason;
  /** Catalog key under `failures.` (the message) and `advice.` (what to do). */
  key: FailureKey;
  params: Params;
  /** An assertion's own message, as the check code wrote it (freeCodeCamp's text). */
  message?: string;
  /**
   * The words already said, when the failure was read back from a report (--merge): the
   * report holds the message in its language, not the key and parameters it came from.
   */
  said?: string;
  /** A hint's plain explanation as a report already said it (read back by --merge). */
  saidExplanation?: string;
}

/**
 * A remark on a passed check: what it could not look at (a behaviour check that judged
 * by value alone, say). `key` names `client.notes.<key>` in the catalogs.
 */
export interface Note {
  key: string;
  params: Params;
  /** The note as a report already said it (read back by --merge). */
  said?: string;
}

export type Status = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
  n: number;
  section: CheckSection;
  /** The check's sentence as plain text (the step file's Markdown without markup). */
  text: string;
  status: Status;
  /** Why a skipped check was not run: a folder is never run; the hints had to pass first (--watch). */
  skip?: 'folder' | 'hints-first';
  failure?: Failure;
  /** On a passed check: what it could not look at. */
  note?: Note;
  ms: number;
}

export interface Results {
  step: string;
  id: string;
  lang: Lang;
  /** A normalised URL (`http://localhost:3000/`) or an absolute folder path. */
  target: string;
  passed: boolean;
  checks: CheckResult[];
  /** For a folder: the file read as /_api/server.js (`server.js`, or the entry package.json names). */
  entry?: string;
  /** The running app serves a server.js that differs from the one its process loaded: it needs a restart. */
  staleApp?: true;
  /** Stopped by Ctrl-C: `checks` holds only those that finished; `notRun` more were due. */
  interrupted?: { notRun: number };
  /** Whether freeCodeCamp's page could read the files the hints fetch (URL targets; see submit/probe.ts). */
  freeCodeCamp?: FreeCodeCampFinding;
  /**
   * The step's check sections that ran (a check of theirs passed or failed), and those
   * that did not (--hints-only; a folder, never run; behaviour waiting for the hints).
   * Verdicts claim only what ran. Absent on results made before the field existed.
   */
  sectionsRun?: CheckSection[];
  sectionsNotRun?: CheckSection[];
}

/** One file a hint fetches, asked for as freeCodeCamp's page would ask (submit/probe.ts). */
export interface FreeCodeCampFile {
  /** The path, as the hint names it (`/public/client.js`). */
  path: string;
  /** The answer to a GET with freeCodeCamp's Origin allows that origin: its page may read it. */
  readable: boolean;
  /**
   * The preflight older Chrome versions sent before a public page reached this computer
   * (Private Network Access) was allowed. Informational: Chrome since 142 asks the
   * learner instead, and sends none.
   */
  preflight: boolean;
}

/** What freeCodeCamp's page would see; present only when every file answered. */
export interface FreeCodeCampFinding {
  /** Every file is readable. */
  readable: boolean;
  files: FreeCodeCampFile[];
}

/** One learner of a class and what their submission got. */
export interface LearnerResults {
  learner: string;
  /** 1-based line of the roster file. */
  line: number;
  results: Results;
}

/**
 * Why a roster line was not checked. `code` is stable (it is in the class JSON);
 * the words come from the catalog under `class.problems.<code>`.
 */
export type ProblemCode =
  | 'fields'
  | 'no-learner'
  | 'no-target'
  | 'bad-url'
  /** The address holds `user:password@` (words under `http.roster-credentials`). */
  | 'credentials'
  | 'duplicate'
  | 'unterminated-quote'
  | 'no-folder'
  /** Ctrl-C came before the learner's checks were all done. */
  | 'interrupted'
  /** The checker itself failed on this learner (a bug of the kit's): exit 2. */
  | 'error';

export interface RosterProblem {
  line: number;
  code: ProblemCode;
  params: Params;
  /** The message as a report already said it (read back by --merge). */
  said?: string;
}

/** A whole class: every roster line checked, or the reason it was not. */
export interface ClassResults {
  step: string;
  id: string;
  lang: Lang;
  /** In roster order, whatever order they finished in. */
  learners: LearnerResults[];
  problems: RosterProblem[];
  /** Wall time of the whole class, in ms. */
  ms: number;
  /** `--shard 2/5`: this report holds only the second of five slices of the roster. */
  shard?: { index: number; count: number };
  /** The roster file's SHA-256 (hex): shards of one roster have the same (see --merge). */
  rosterSha256?: string;
}
