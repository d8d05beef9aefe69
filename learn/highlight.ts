// Code colouring for the lesson and the checks: highlight.js with JavaScript only (its
// core does not load the ~190 other languages). Its output is escaped HTML with
// `hljs-*` classes; public/code.css colours them for light and dark pages.

import hljs from 'highlight.js/lib/core';
import javascript from 'highlight.js/lib/languages/javascript';
import { escapeHtml } from './html.ts';

hljs.registerLanguage('javascript', javascript);

/** HTML for a code block's content: coloured spans for JavaScript (and its aliases: js, mjs, cjs), escaped text otherwise. */
export function highlight(source: string, lang: string): string {
  const known = lang !== '' && hljs.getLanguage(lang) !== undefined;
  // ignoreIllegals: a lesson's half-written snippet is still shown, coloured as far as it goes.
  return known ? hljs.highlight(source, { language: lang, ignoreIllegals: true }).value : escapeHtml(source);
}
