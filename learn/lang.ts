import express, { type Request } from 'express';
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
 * The browser's preferred language among ours: Express's `req.acceptsLanguages()` lists
 * what its Accept-Language asks for (`it-IT,it;q=0.9,en;q=0.8`), highest `q` first, ties
 * in header order, `q=0` left out; the first one that is ours wins (`it-IT` is it, any
 * `pt` is pt-BR); English when none is.
 */
export function langOfRequest(req: Pick<Request, 'acceptsLanguages'>): Lang {
  for (const tag of req.acceptsLanguages()) {
    const lang = parseLang(tag);
    if (lang) return lang;
  }
  return 'en';
}

/** The same from a header's text alone (a request that has only this header). */
export function langFromAcceptLanguage(header: string | undefined): Lang {
  const headers = header === undefined ? {} : { 'accept-language': header };
  return langOfRequest(Object.create(express.request, { headers: { value: headers } }) as Request);
}
