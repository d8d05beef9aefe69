// The kit's markdown-it, made in one place: one parser reads step files (their sections,
// their checks' text as plain text), and the lesson page renders a step with the same
// library and settings plus what a page needs (inline HTML, highlighted code).

import MarkdownIt from 'markdown-it';

type Markdown = InstanceType<typeof MarkdownIt>;

let reader: Markdown | undefined;

/**
 * The parser for reading step files: markdown-it's default preset, inline HTML read as
 * text. One instance, made on first use, shared by sections.ts and plain.ts.
 */
export function stepMarkdown(): Markdown {
  return (reader ??= new MarkdownIt());
}

/**
 * A renderer of step files as HTML, for the lesson page. Step files are the kit's own (they
 * carry code the checker runs), so their inline HTML, such as <dfn>, is kept; the page's
 * Content-Security-Policy still forbids any script in them. `highlight` gets a code block's
 * text and its language (the info string's first word).
 */
export function pageMarkdown(highlight: (code: string, lang: string) => string): Markdown {
  return new MarkdownIt({ html: true, highlight: (code, info) => highlight(code, info.trim().split(/\s+/)[0] ?? '') });
}
