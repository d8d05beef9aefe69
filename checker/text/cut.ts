// Cutting long texts: one rule for every place that shortens what an app, a roster or a
// catalog gave (failure parameters in the worker, a class's reports, the lesson page's
// answer, the terminal's lists). A cut never falls between the two halves of a surrogate
// pair, so an emoji at the edge stays whole or goes, and never leaves a lone half behind
// (which JSON would write as an escape and a terminal as a replacement character).

/** The cut's mark. */
export const ELLIPSIS = '…';

/**
 * `text` cut to at most `max` code points, the cut marked with `…` (which counts as one of
 * them). Looks at no more than 2·max + 2 UTF-16 units, whatever the text's size.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = [...text.slice(0, 2 * max + 2)];
  return points.length <= max ? text : points.slice(0, max - 1).join('') + ELLIPSIS;
}

/**
 * The first `units` UTF-16 units of `text`, one fewer when the last of them would be the
 * first half of a surrogate pair. For limits counted in units (what `.length` says).
 */
export function head(text: string, units: number): string {
  if (text.length <= units) return text;
  const last = text.charCodeAt(units - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? units - 1 : units);
}
