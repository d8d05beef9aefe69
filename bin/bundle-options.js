// How the kit's TypeScript becomes plain JavaScript for Node, wherever it is bundled:
// bin/build.js for dist/, and the worker pool when it runs from source (checker/run/worker-source.ts).

import { fileURLToPath } from 'node:url';

/** @type {import('esbuild').BuildOptions} */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  // Optional native speed-ups of `ws`: absent is fine, it falls back to JavaScript.
  external: ['bufferutil', 'utf-8-validate'],
  // HTTP/2 is never spoken (see no-http2.cjs): undici's HTTP/2 client gets a stand-in.
  // `debug` is never turned on (see no-debug.cjs): the Socket.IO clients' logging is off.
  alias: {
    'node:http2': fileURLToPath(new URL('./no-http2.cjs', import.meta.url)),
    debug: fileURLToPath(new URL('./no-debug.cjs', import.meta.url)),
  },
  // CommonJS dependencies call require(); an ES module has none until given one.
  banner: { js: "import { createRequire as __kitRequire } from 'node:module'; const require = __kitRequire(import.meta.url);" },
};
