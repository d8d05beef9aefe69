// The kit's languages and a message's named values: what the catalogs are written in and
// filled with. Here, not in types.ts, so that i18n depends on nothing of the checker's
// (types.ts re-exports them for the data it describes). The list itself is locale.js's,
// which bin/launch.js reads before anything is built.

import { LANGS } from './locale.js';

export { LANGS };
export type Lang = (typeof LANGS)[number];

/** A message's named values: `{url}`, `{count}` in a catalog text. */
export type Params = Record<string, string | number | boolean | null | undefined>;
