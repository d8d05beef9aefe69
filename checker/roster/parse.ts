import { KitError } from '../errors.ts';
import { hideCredentials, parseTarget } from '../target.ts';
import type { RosterProblem, Target } from '../types.ts';
import { detectDelimiter, parseCsv, seenSeparator, type Delimiter } from './csv.ts';

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
  /** The separator the file uses, `,` or `;` (see csv.ts). */
  delimiter: Delimiter;
  /** The file's SHA-256 (hex), set by readRoster: what tells shards of one roster apart from others. */
  sha256?: string;
}

/**
 * Words a roster's first line may use as column names, in the kit's three languages and
 * the obvious variants (compared without case or accents): `learner,target`,
 * `aluno;endereço`, `studente;indirizzo`, `name,url`...
 */
const HEADER_WORDS = [
  new Set(['learner', 'student', 'name', 'aluno', 'aluna', 'estudante', 'nome', 'studente', 'studentessa', 'alunno', 'alunna', 'allievo', 'allieva']),
  new Set(['target', 'url', 'address', 'folder', 'path', 'app', 'endereco', 'pasta', 'destino', 'alvo', 'link', 'indirizzo', 'cartella', 'percorso']),
];

/** Lower case, accents gone (`Endereço` -> `endereco`), spaces around gone. */
const headerWord = (field: string) => field.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();

/** Whether the first record names the columns instead of a learner. */
export function isHeader(fields: readonly string[]): boolean {
  return fields.length === 2 && fields.every((field, at) => HEADER_WORDS[at]!.has(headerWord(field)));
}

/**
 * A roster's text as learners to check and problems, in file order. Each record is
 * `learner,target` (or `learner;target`, see detectDelimiter); the target is an http(s)
 * URL or a folder, relative to `baseDir` (the roster's own folder). An optional first
 * line of column names (`learner,target`, `aluno;endereço`, `studente;indirizzo`, see
 * HEADER_WORDS) is a header. Pure: whether a folder exists is checked by `readRoster`.
 */
export function parseRoster(text: string, baseDir: string, delimiter: Delimiter = detectDelimiter(text)): Roster {
  const { records, unterminatedAt } = parseCsv(text, delimiter);
  const entries: RosterEntry[] = [];
  const problems: RosterProblem[] = [];
  const seen = new Map<string, number>();
  records.forEach((record, index) => {
    const fields = record.fields.map((field) => field.trim());
    const { line } = record;
    if (index === 0 && isHeader(fields)) return;
    if (fields.length !== 2) {
      // One field: most often a line written with another separator (a tab, `;` for `,`).
      const seen = fields.length === 1 ? seenSeparator(record.fields[0]!, delimiter) : undefined;
      problems.push({ line, code: 'fields', params: { count: fields.length, sep: delimiter, ...(seen ? { seen } : {}) } });
      return;
    }
    const [learner, given] = fields as [string, string];
    if (!learner) return void problems.push({ line, code: 'no-learner', params: {} });
    if (!given) return void problems.push({ line, code: 'no-target', params: { learner } });
    let target: Target;
    try {
      target = parseTarget(given, baseDir);
    } catch (err) {
      if (err instanceof KitError && err.key === 'http.credentials') return void problems.push({ line, code: 'credentials', params: { learner } });
      return void problems.push({ line, code: 'bad-url', params: { learner, url: hideCredentials(given) } });
    }
    const first = seen.get(learner);
    if (first !== undefined) return void problems.push({ line, code: 'duplicate', params: { learner, first } });
    seen.set(learner, line);
    entries.push({ line, learner, target });
  });
  if (unterminatedAt !== undefined) problems.push({ line: unterminatedAt, code: 'unterminated-quote', params: {} });
  return { entries, problems, delimiter };
}
