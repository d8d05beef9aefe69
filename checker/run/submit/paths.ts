// The files a step's hints fetch from the app, read from the hints' code without running
// it: every string literal that is an absolute path (`new URL("/_api/server.js", url)`,
// `fetch(url + '/public/client.js')`, `$.get(getUserInput('url') + "/_api/server.js")`).

import type { CheckSource } from '../../types.ts';

/** More would be a step file's doing, not a lesson's: the probe stays small. */
export const MAX_PATHS = 8;

// A quoted absolute path of URL characters, not `//host` (that would be another site).
const PATH_LITERAL = /(["'`])(\/(?!\/)[A-Za-z0-9._~\-/]{1,200})\1/g;

/** The paths the hints fetch, in the order they first appear, at most MAX_PATHS. */
export function hintPaths(checks: readonly CheckSource[]): string[] {
  const paths = new Set<string>();
  for (const check of checks) {
    if (check.section !== 'hints') continue;
    for (const [, , path] of check.code.matchAll(PATH_LITERAL)) {
      if (paths.size >= MAX_PATHS) return [...paths];
      paths.add(path!);
    }
  }
  return [...paths];
}
