import en from './en.json' with { type: 'json' };
import it from './it.json' with { type: 'json' };
import ptBR from './pt-BR.json' with { type: 'json' };
import { LANGS, type Lang, type Params } from '../types.ts';

type Catalog = { [key: string]: string | Catalog };

export const CATALOGS: Record<Lang, Catalog> = { en, 'pt-BR': ptBR, it };

export type Translate = (key: string, params?: Params) => string;

function lookup(catalog: Catalog, key: string): string | undefined {
  let node: string | Catalog | undefined = catalog;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Fills `{name}` placeholders; a missing parameter stays visible as `{name}`. */
export function format(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

/** A translator for one language; a string missing there falls back to English. */
export function translator(lang: Lang): Translate {
  return (key, params) => format(lookup(CATALOGS[lang], key) ?? lookup(CATALOGS.en, key) ?? key, params);
}

/** `pt-BR`, `pt_br`, `pt`, `it-IT`, `EN`... to a supported language, or undefined. */
export function parseLang(code: string): Lang | undefined {
  const normal = code.trim().replace(/_/g, '-').toLowerCase();
  const exact = LANGS.find((lang) => lang.toLowerCase() === normal);
  if (exact) return exact;
  const base = normal.split('-')[0];
  if (base === 'pt') return 'pt-BR';
  return LANGS.find((lang) => lang === base);
}

/**
 * The language of the environment, as POSIX orders it: LC_ALL, then LC_MESSAGES,
 * then LANG (`pt_BR.UTF-8` is pt-BR, `it_IT` is it); English otherwise.
 */
export function langFromEnv(env: NodeJS.ProcessEnv): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const code = locale.split(/[.@]/)[0];
  if (!code || code === 'C' || code === 'POSIX') return 'en';
  return parseLang(code) ?? 'en';
}
