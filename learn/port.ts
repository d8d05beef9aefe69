/** The learn page's port when LEARN_PORT is not set (the learner's app has 3000). */
export const DEFAULT_LEARN_PORT = 4000;

/** `LEARN_PORT` to a port number (0 lets the system pick one); undefined when it is not a port. */
export function parsePort(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return DEFAULT_LEARN_PORT;
  if (!/^\d{1,5}$/.test(raw.trim())) return undefined;
  const port = Number(raw.trim());
  return port <= 65535 ? port : undefined;
}
