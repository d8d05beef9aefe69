'use strict';

// ============================================================================
// THE KIT'S SUPPORT, not part of the lesson: you do not need to read or change
// this file. The lesson's files are server.js and public/ (with auth.js and
// routes.js, as in freeCodeCamp's boilerplate); kit/ holds what the kit adds.
// ============================================================================

// The address printed when the app starts.

/**
 * `http://localhost:<port>` when the app listens on this computer only, else the HOST's own.
 * @param {string} host the HOST the app listens on
 * @param {import('net').AddressInfo | string | null} address what `http.address()` returned
 */
function appUrl(host, address) {
  const port = address && typeof address === 'object' ? address.port : '';
  const name = host === '127.0.0.1' || host === 'localhost' ? 'localhost' : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
}

module.exports = { appUrl };
