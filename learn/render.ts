// A step as an HTML page: the lesson text, and its checks as a checklist the page's
// script fills in. Pure: data in, a string out; the server only sends it.

import path from 'node:path';
import { DEFAULT_URL, LANGS, pageMarkdown, type CheckSection, type CheckSource, type Lang, type Step, type Translate } from '../checker/index.ts';
import { highlight } from './highlight.ts';
import { escapeHtml } from './html.ts';
import { ENDONYMS } from './lang.ts';

/** A code block: highlight.js's spans inside the page's own frame (markdown-it uses it as is, since it starts with <pre). */
function codeBlock(code: string, lang: string): string {
  const cls = lang ? ` class="hljs language-${escapeHtml(lang)}"` : ' class="hljs"';
  return `<pre class="code"><code${cls}>${highlight(code, lang)}</code></pre>`;
}

// The kit's markdown-it (checker/step/markdown.ts), with the step files' inline HTML kept.
const md = pageMarkdown(codeBlock);

/** Seconds between re-checks when the learner asks the page to re-check by itself. */
export const RECHECK_SECONDS = 5;

export interface StepLink {
  name: string;
  title: string;
}

export interface PageInput {
  step: Step;
  /** The step's name in the course (its folder), used in URLs and check requests. */
  name: string;
  lang: Lang;
  t: Translate;
  /** Every step of the course, in order, for the step list (shown when there are several). */
  steps: StepLink[];
}

/** The page's address for a step in a language: the language is the first part of the path. */
export function stepPath(lang: Lang, name: string): string {
  return `/${encodeURIComponent(lang)}/${encodeURIComponent(name)}`;
}

/** The language a step file is written in, from its name (`pt-BR.md`): it may have fallen back to English. */
function fileLang(step: Step, wanted: Lang): Lang {
  const base = path.basename(step.file, '.md');
  return LANGS.find((lang) => lang === base) ?? wanted;
}

function sentenceHtml(markdown: string): string {
  // One paragraph renders inline so it sits beside its mark; more keep their paragraphs.
  return /\n\s*\n/.test(markdown) ? md.render(markdown) : md.renderInline(markdown);
}

function checkItem(check: CheckSource, n: number, t: Translate): string {
  return `<li class="check" id="check-${n}" data-n="${n}" data-status="pending">
  <span class="mark" aria-hidden="true">○</span>
  <div class="body">
    <p class="sentence"><span class="status-label">${escapeHtml(t('learn.status.pending'))}:</span> ${sentenceHtml(check.text)}</p>
    <div class="outcome" hidden></div>
    <details class="code"><summary>${escapeHtml(t('learn.showCode'))}</summary>${codeBlock(check.code, 'js')}</details>
  </div>
</li>`;
}

function checklist(step: Step, t: Translate): string {
  const parts: string[] = [];
  let section: CheckSection | undefined;
  step.checks.forEach((check, i) => {
    if (check.section !== section) {
      if (section !== undefined) parts.push('</ol>');
      section = check.section;
      parts.push(`<h3 id="section-${section}">${escapeHtml(t(`report.sections.${section}`))}</h3>`);
      parts.push(`<ol class="checklist" start="${i + 1}" aria-labelledby="section-${section}">`);
    }
    parts.push(checkItem(check, i + 1, t));
  });
  if (section !== undefined) parts.push('</ol>');
  return parts.join('\n');
}

function languageSwitch(current: Lang, name: string, t: Translate): string {
  const links = LANGS.map((lang) => {
    const here = lang === current ? ' aria-current="page"' : '';
    return `<li><a href="${stepPath(lang, name)}" lang="${lang}" hreflang="${lang}"${here}>${escapeHtml(ENDONYMS[lang])}</a></li>`;
  });
  return `<nav class="langs" aria-label="${escapeHtml(t('learn.languages'))}"><ul>${links.join('')}</ul></nav>`;
}

function stepList(input: PageInput): string {
  if (input.steps.length < 2) return '';
  const items = input.steps.map(({ name, title }) => {
    const here = name === input.name ? ' aria-current="page"' : '';
    return `<li><a href="${stepPath(input.lang, name)}"${here}>${escapeHtml(title)}</a></li>`;
  });
  return `<nav class="steps" aria-label="${escapeHtml(input.t('learn.steps'))}"><ol>${items.join('')}</ol></nav>`;
}

/** Links to the step before and the step after this one in the course, when there are. */
function pager(input: PageInput): string {
  const at = input.steps.findIndex((step) => step.name === input.name);
  if (at < 0) return '';
  const link = (step: StepLink | undefined, rel: 'prev' | 'next', key: string) =>
    step ? `<a class="${rel}" rel="${rel}" href="${stepPath(input.lang, step.name)}">${escapeHtml(input.t(key, { title: step.title }))}</a>` : '';
  const links = [link(input.steps[at - 1], 'prev', 'course.learn.previous'), link(input.steps[at + 1], 'next', 'course.learn.next')].filter(Boolean);
  return links.length === 0 ? '' : `<nav class="pager" aria-label="${escapeHtml(input.t('course.learn.pager'))}">${links.join('')}</nav>`;
}

/** Strings the page's script needs, handed over as data (the CSP allows no inline script). */
function scriptStrings(tr: Translate): Record<string, string> {
  return {
    checking: tr('learn.checking'),
    serverDown: tr('learn.serverDown'),
    passed: tr('learn.status.passed'),
    failed: tr('learn.status.failed'),
    skipped: tr('learn.status.skipped'),
    pending: tr('learn.status.pending'),
    reason: tr('learn.reason'),
    fccSays: tr('learn.fccSays'),
    stale: tr('learn.stale'),
    staleApp: tr('daily.learn.staleApp'),
  };
}

/** The whole page for one step in one language. */
export function renderStepPage(input: PageInput): string {
  const { step, lang, name } = input;
  const tr = input.t;
  const lessonLang = fileLang(step, lang);
  const fallbackNote = lessonLang === lang ? '' : `<p class="note">${escapeHtml(tr('learn.untranslated'))}</p>`;
  const strings = JSON.stringify(scriptStrings(tr)).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(tr('learn.pageTitle', { title: step.title }))}</title>
<link rel="stylesheet" href="/static/learn.css">
<link rel="stylesheet" href="/static/code.css">
<script src="/static/learn.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${escapeHtml(tr('learn.skip'))}</a>
<header>
<p class="kit">${escapeHtml(tr('learn.kit'))}</p>
${languageSwitch(lang, name, tr)}
</header>
${stepList(input)}
<main id="main">
<div class="lesson-column">
<a class="to-checks" href="#checks">${escapeHtml(tr('learn.checksHeading'))}<span aria-hidden="true"> ↓</span></a>
<h1>${escapeHtml(step.title)}</h1>
${fallbackNote}
<article class="lesson" lang="${lessonLang}">
${md.render(step.description)}
</article>
${pager(input)}
</div>
<section class="checks" id="checks" tabindex="-1" aria-labelledby="checks-heading">
<h2 id="checks-heading">${escapeHtml(tr('learn.checksHeading'))}</h2>
<p>${md.renderInline(tr('learn.checksIntro'))}</p>
<form id="check-form" data-step="${escapeHtml(name)}" data-lang="${lang}" novalidate>
<div class="field">
<label for="app-url">${escapeHtml(tr('learn.appUrl'))}</label>
<input id="app-url" name="url" type="url" value="${escapeHtml(DEFAULT_URL)}" required spellcheck="false" autocomplete="url" aria-describedby="app-url-hint">
<p id="app-url-hint" class="hint">${escapeHtml(tr('learn.appUrlHint', { url: DEFAULT_URL }))}</p>
</div>
<div class="actions">
<button type="submit" id="check-button">${escapeHtml(tr('learn.check'))}</button>
<label class="auto"><input type="checkbox" id="auto-check" data-seconds="${RECHECK_SECONDS}"> ${escapeHtml(tr('learn.recheck', { seconds: RECHECK_SECONDS }))}</label>
</div>
</form>
<noscript><p class="note">${md.renderInline(tr('learn.noScript'))}</p></noscript>
<div id="check-status" class="status" role="status" aria-live="polite" aria-atomic="true"></div>
<p id="check-error" class="error" role="alert" hidden></p>
<p id="stale-app" class="warning" hidden></p>
<div id="results" class="results">
<p class="stale-note" hidden>${escapeHtml(tr('learn.staleNote'))}</p>
${checklist(step, tr)}
</div>
</section>
</main>
<script type="application/json" id="learn-strings">${strings}</script>
</body>
</html>
`;
}

/** A short page for an address that names no language or step of the course. */
export function renderNotFound(lang: Lang, t: Translate, home: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t('learn.notFoundTitle'))}</title>
<link rel="stylesheet" href="/static/learn.css">
</head>
<body>
<main id="main">
<h1>${escapeHtml(t('learn.notFoundTitle'))}</h1>
<p><a href="${escapeHtml(home)}">${escapeHtml(t('learn.notFoundLink'))}</a></p>
</main>
</body>
</html>
`;
}
