'use strict';

// ============================================================================
// THE KIT'S SUPPORT, not part of the lesson: you do not need to read or change
// this file. The lesson's files are server.js and public/ (with auth.js and
// routes.js, as in freeCodeCamp's boilerplate); kit/ holds what the kit adds.
// ============================================================================

// The address printed when the app starts, and the line when its port is taken.

const net = require('node:net');
const { say } = require('./locales');

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

/**
 * Whether nothing listens on `port` of `host`: bound, then released at once.
 * @param {number} port
 * @param {string} host
 * @returns {Promise<boolean>}
 */
function isFree(port, host) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** How many ports after the busy one are tried for a free one to suggest. */
const PORTS_TRIED = 20;

/**
 * Another program holds the port: one line naming the first free port after it (of the
 * next PORTS_TRIED), then exit with 1.
 * @param {string | number} port
 * @param {string} host
 */
async function portInUse(port, host) {
  const busy = Number(port);
  for (let next = busy + 1; next <= Math.min(busy + PORTS_TRIED, 65535); next++) {
    if (await isFree(next, host)) {
      console.error(say('logPortInUse', { port, free: next }));
      return process.exit(1);
    }
  }
  console.error(say('logPortInUseNoFree', { port }));
  process.exit(1);
}

module.exports = { appUrl, isFree, portInUse, PORTS_TRIED };
