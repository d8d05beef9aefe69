import path from 'node:path';
import type { Params, Target } from '../types.ts';
import { parseCsv } from './csv.ts';

/** One learner to check, as a roster line names them. */
export interface RosterEntry {
  /** 1-based line of the roster file. */
  line: number;
  learner: string;
  target: Target;
}

/**
 * Why a roster line was not checked. `code` is stable (it is in the class JSON);
 * the words come from the catalog under `class.problems.<code>`.
 */
export type ProblemCode = 'fields' | 'no-learner' | 'no-target' | 'bad-url' | 'duplicate' | 'unterminated-quote' | 'no-folder';

export interface RosterProblem {
  line: number;
  code: ProblemCode;
  params: Params;
}

export interface Roster {
  entries: RosterEntry[];
  problems: RosterProblem[];
}

const HEADER = ['learner', 'target'];

/** `http://…` or `https://…` is a running app; anything with another scheme is a mistake. */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

function urlTarget(raw: string): Target | undefined {
  try {
    const url = new URL(raw);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) return { kind: 'url', url: url.href };
  } catch {
    // falls through: not a URL we can check
  }
  return undefined;
}

/**
 * A roster's text as learners to check and problems, in file order. Each record is
 * `learner,target`; the target is an http(s) URL or a folder, relative to `baseDir`
 * (the roster's own folder). An optional first `learner,target` line is a header.
 * Pure: whether a folder exists is checked by `readRoster`.
 */
export function parseRoster(text: string, baseDir: string): Roster {
  const { records, unterminatedAt } = parseCsv(text);
  const entries: RosterEntry[] = [];
  const problems: RosterProblem[] = [];
  const seen = new Map<string, number>();
  records.forEach((record, index) => {
    const fields = record.fields.map((field) => field.trim());
    const { line } = record;
    if (index === 0 && fields.length === 2 && fields.every((field, at) => field.toLowerCase() === HEADER[at])) return;
    if (fields.length !== 2) {
      problems.push({ line, code: 'fields', params: { count: fields.length } });
      return;
    }
    const [learner, given] = fields as [string, string];
    if (!learner) return void problems.push({ line, code: 'no-learner', params: {} });
    if (!given) return void problems.push({ line, code: 'no-target', params: { learner } });
    let target: Target | undefined;
    if (SCHEME.test(given)) {
      target = urlTarget(given);
      if (!target) return void problems.push({ line, code: 'bad-url', params: { learner, url: given } });
    } else {
      target = { kind: 'dir', dir: path.resolve(baseDir, given) };
    }
    const first = seen.get(learner);
    if (first !== undefined) return void problems.push({ line, code: 'duplicate', params: { learner, first } });
    seen.set(learner, line);
    entries.push({ line, learner, target });
  });
  if (unterminatedAt !== undefined) problems.push({ line: unterminatedAt, code: 'unterminated-quote', params: {} });
  return { entries, problems };
}
