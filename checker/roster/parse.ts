import { parseTarget } from '../target.ts';
import type { RosterProblem, Target } from '../types.ts';
import { parseCsv } from './csv.ts';

/** One learner to check, as a roster line names them. */
export interface RosterEntry {
  /** 1-based line of the roster file. */
  line: number;
  learner: string;
  target: Target;
}

export interface Roster {
  entries: RosterEntry[];
  problems: RosterProblem[];
}

const HEADER = ['learner', 'target'];

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
    let target: Target;
    try {
      target = parseTarget(given, baseDir);
    } catch {
      return void problems.push({ line, code: 'bad-url', params: { learner, url: given } });
    }
    const first = seen.get(learner);
    if (first !== undefined) return void problems.push({ line, code: 'duplicate', params: { learner, first } });
    seen.set(learner, line);
    entries.push({ line, learner, target });
  });
  if (unterminatedAt !== undefined) problems.push({ line: unterminatedAt, code: 'unterminated-quote', params: {} });
  return { entries, problems };
}
