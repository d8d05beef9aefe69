// Text into HTML, for every page the learn server renders.

/** Every character that could start markup is escaped, so the result is safe inside HTML, attributes included. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
