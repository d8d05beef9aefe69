import { LANGS, parseLang, type Lang } from '../checker/index.ts';

/**
 * Each language names itself in the switch, whatever the page's language, so that a
 * learner who landed on the wrong one still finds their own.
 */
export const ENDONYMS: Record<Lang, string> = {
  en: 'English',
  'pt-BR': 'Português (Brasil)',
  it: 'Italiano',
};

/** A language code exactly as the page writes it in its URLs (`pt-BR`, not `pt_br`). */
export function exactLang(code: unknown): Lang | undefined {
  return LANGS.find((lang) => lang === code);
}

/**
 * The browser's preferred language among ours, from an `Accept-Language` header
 * (`it-IT,it;q=0.9,en;q=0.8`): highest `q` first, ties in header order; English when
 * none of them is ours.
 */
export function langFromAcceptLanguage(header: string | undefined): Lang {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      const weight = q === undefined ? 1 : Number(q);
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter(({ tag, weight }) => tag !== '' && tag !== '*' && weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    const lang = parseLang(tag);
    if (lang) return lang;
  }
  return 'en';
}
