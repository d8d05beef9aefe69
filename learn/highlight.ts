// A tiny JavaScript highlighter: enough colour to tell keywords, strings, numbers and
// comments apart in a lesson's short snippets, with no dependency and nothing to download.

/** Every character that could start markup is escaped, so the result is safe inside HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const KEYWORDS = new Set([
  'async', 'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'default', 'delete',
  'do', 'else', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in',
  'instanceof', 'let', 'new', 'null', 'of', 'return', 'switch', 'this', 'throw', 'true', 'try',
  'typeof', 'undefined', 'var', 'void', 'while', 'yield',
]);

export type TokenKind = 'comment' | 'string' | 'number' | 'keyword' | 'plain';

export interface Token {
  kind: TokenKind;
  text: string;
}

// One alternation, tried at each position; the first group that matches names the kind.
// Template literals are taken whole (their `${}` parts stay string-coloured: fine for a lesson).
const PATTERN = new RegExp(
  [
    String.raw`(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))`, // 1 comment
    String.raw`('(?:[^'\\\n]|\\.)*'?|"(?:[^"\\\n]|\\.)*"?|\x60(?:[^\x60\\]|\\[\s\S])*\x60?)`, // 2 string
    String.raw`(\b(?:0[xX][\da-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?n?)\b)`, // 3 number
    String.raw`([A-Za-z_$][\w$]*)`, // 4 word: a keyword or a plain name
  ].join('|'),
  'g',
);

/** Cuts JavaScript source into coloured tokens; joined, their texts give the source back. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const push = (kind: TokenKind, text: string) => {
    if (!text) return;
    const last = tokens[tokens.length - 1];
    if (last && last.kind === kind && kind === 'plain') last.text += text;
    else tokens.push({ kind, text });
  };
  let at = 0;
  for (const match of source.matchAll(PATTERN)) {
    push('plain', source.slice(at, match.index));
    const [whole, comment, string, number] = match;
    if (comment !== undefined) push('comment', whole);
    else if (string !== undefined) push('string', whole);
    else if (number !== undefined) push('number', whole);
    else push(KEYWORDS.has(whole) ? 'keyword' : 'plain', whole);
    at = match.index + whole.length;
  }
  push('plain', source.slice(at));
  return tokens;
}

const JS_LANGS = new Set(['js', 'javascript', 'mjs', 'cjs', 'ts', 'typescript']);

/** HTML for a code block's content: coloured spans for JavaScript, escaped text otherwise. */
export function highlight(source: string, lang: string): string {
  if (!JS_LANGS.has(lang.toLowerCase())) return escapeHtml(source);
  return tokenize(source)
    .map(({ kind, text }) => (kind === 'plain' ? escapeHtml(text) : `<span class="tok-${kind}">${escapeHtml(text)}</span>`))
    .join('');
}
