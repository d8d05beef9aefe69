import en from './en.json' with { type: 'json' };
import it from './it.json' with { type: 'json' };
import ptBR from './pt-BR.json' with { type: 'json' };
import { cleanText } from '../text/clean.ts';
import type { Lang, Params } from './langs.ts';

export { langArgument, langFromEnv, langOfCommand, parseLang } from './locale.js';

type Catalog = { [key: string]: string | Catalog };

export const CATALOGS: Record<Lang, Catalog> = { en, 'pt-BR': ptBR, it };

export type Translate = (key: string, params?: Params) => string;

/**
 * The catalog keys under `failures.` (and `advice.`), as the English catalog has them;
 * or `group.key` for a group's own (`flood.budget`: `flood.failures.budget`, `flood.advice.budget`;
 * likewise `http.`, `course.`, and `client.`: the learner's client, the newcomer
 * counted, what did arrive).
 */
export type FailureKey =
  | keyof typeof en.failures
  | `flood.${keyof typeof en.flood.failures}`
  | `http.${keyof typeof en.http.failures}`
  | `course.${keyof typeof en.course.failures}`
  | `client.${keyof typeof en.client.failures}`;

/** Where a failure's two sentences are in the catalogs: what went wrong, and what to do. */
export function failureKeys(key: string): { explanation: string; advice: string } {
  const dot = key.indexOf('.');
  if (dot < 0) return { explanation: `failures.${key}`, advice: `advice.${key}` };
  const group = key.slice(0, dot);
  const name = key.slice(dot + 1);
  return { explanation: `${group}.failures.${name}`, advice: `${group}.advice.${name}` };
}

export function lookup(catalog: Catalog, key: string): string | undefined {
  let node: string | Catalog | undefined = catalog;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** The `}` that closes the `{` at `open`, counting nested braces; -1 when none does. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** `one {# check} other {# checks}` as selector -> text, in order. */
function pluralOptions(body: string): Map<string, string> {
  const options = new Map<string, string>();
  let at = 0;
  for (;;) {
    const head = /^\s*(=\d+|[a-z]+)\s*\{/.exec(body.slice(at));
    if (!head) return options;
    const open = at + head[0].length - 1;
    const end = closing(body, open);
    if (end < 0) return options;
    options.set(head[1]!, body.slice(open + 1, end));
    at = end + 1;
  }
}

function value(params: Params, name: string): string | undefined {
  const found = params[name];
  return found === undefined || found === null ? undefined : cleanText(String(found));
}

/**
 * The plural category of `count` in `lang`. CLDR puts 0 with 1 in Portuguese ("one"),
 * which gives "0 verificação passou"; Brazilian Portuguese as written says
 * "0 verificações", so 0 is "other" there.
 */
export function pluralCategory(count: number, lang: Lang): string {
  if (lang === 'pt-BR' && count === 0) return 'other';
  return new Intl.PluralRules(lang).select(count);
}

// Not intl-messageformat: in a cold process (bundled as dist/ is, Node 20.20, 2 cores) it loaded
// in ~2 ms but its first format took ~25 ms against ~2 ms here, on the hints-only path's budget.
/**
 * Fills a catalog text. `{name}` is a parameter; `{name, plural, one {…} other {…}}`
 * picks the words for the number `name` by the language's plural rules (`=0 {…}`
 * matches exactly), with `#` standing for the number, as in ICU MessageFormat.
 * Parameter values are made one clean line (see clean.ts); a missing one stays visible as `{name}`.
 */
export function format(template: string, params: Params = {}, lang: Lang = 'en'): string {
  let out = '';
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('{', at);
    if (open < 0) break;
    const end = closing(template, open);
    if (end < 0) break;
    out += template.slice(at, open);
    const inner = template.slice(open + 1, end);
    const plural = /^\s*(\w+)\s*,\s*plural\s*,/.exec(inner);
    if (plural) {
      const count = Number(params[plural[1]!]);
      const options = pluralOptions(inner.slice(plural[0].length));
      const chosen = options.get(`=${count}`) ?? options.get(pluralCategory(count, lang)) ?? options.get('other') ?? '';
      out += format(chosen.replace(/#/g, String(Number.isFinite(count) ? count : params[plural[1]!])), params, lang);
    } else {
      out += /^\w+$/.test(inner) ? (value(params, inner) ?? `{${inner}}`) : `{${inner}}`;
    }
    at = end + 1;
  }
  return out + template.slice(at);
}

/** The parameters a catalog text uses, plain or as a plural's number, in its options too. */
export function placeholders(template: string): string[] {
  const names = new Set<string>();
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('{', at);
    const end = open < 0 ? -1 : closing(template, open);
    if (end < 0) break;
    const inner = template.slice(open + 1, end);
    const plural = /^\s*(\w+)\s*,\s*plural\s*,/.exec(inner);
    if (plural) {
      names.add(plural[1]!);
      for (const option of pluralOptions(inner.slice(plural[0].length)).values()) for (const name of placeholders(option)) names.add(name);
    } else if (/^\w+$/.test(inner)) {
      names.add(inner);
    }
    at = end + 1;
  }
  return [...names].sort();
}

/** A translator for one language; a string missing there falls back to English. */
export function translator(lang: Lang): Translate {
  return (key, params) => {
    const own = lookup(CATALOGS[lang], key);
    return own !== undefined ? format(own, params, lang) : format(lookup(CATALOGS.en, key) ?? key, params, 'en');
  };
}
