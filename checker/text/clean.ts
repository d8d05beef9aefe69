// Text from outside (an app's answers, a roster, a folder's file names) reaches terminals,
// which obey control sequences: ESC [ 2 J clears the screen, OSC sets the window title.
// Everything such text holds that a terminal could act on is removed here, in one place.

/**
 * C0 and C1 control characters, DEL, and the Unicode controls that reorder text on
 * screen (bidirectional overrides and isolates, as in "Trojan Source" tricks).
 */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const LINE_BREAKS = /[\t\n\r]+/g;

/** One line of printable text: line breaks and tabs become one space, other controls go. */
export function cleanText(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(CONTROLS, '');
}

/**
 * Text that keeps its line breaks and tabs (a CSV field quotes them) without anything else
 * a terminal or a spreadsheet viewer could act on: ESC, a bidirectional override (U+202E).
 */
export function stripControls(text: string): string {
  return text.replace(CONTROLS, (c) => (c === '\r' ? c : ''));
}

/** A line of a file as a terminal may show it: tabs kept for indentation, every other control removed. */
export function cleanLine(text: string): string {
  return text.replace(/[\n\r]+/g, ' ').replace(CONTROLS, '');
}
