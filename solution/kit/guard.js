'use strict';

// ============================================================================
// THE KIT'S SUPPORT, not part of the lesson: you do not need to read or change
// this file. The lesson's files are server.js and public/ (with auth.js and
// routes.js, as in freeCodeCamp's boilerplate); kit/ holds what the kit adds.
// ============================================================================

// Who may change things in the app, or listen to its chat. A page of another site must
// not log a visitor in (login CSRF) or register for them, and must not open the chat's
// Socket.IO connection. Requests that name no page at all (curl, the kit's checker and
// its test clients) are let through: only a browser says where a request comes from.

const views = require('./views');
const { fromRequest, say } = require('./locales');

/**
 * The URL of an Origin header, or undefined when it is not an http(s) page (`null`, junk).
 * @param {string} origin
 */
function pageUrl(origin) {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

const LOCALHOST = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The hosts this app answers as: its Host header, and the one a forwarding proxy (a
 * Codespaces or Gitpod port, say) names in X-Forwarded-Host. Another site's page cannot set
 * them: a form has no headers, and a fetch with one is preflighted, which the app refuses.
 * @param {import('node:http').IncomingHttpHeaders} headers
 */
function ownHosts(headers) {
  const forwarded = String(headers['x-forwarded-host'] || '').split(',')[0].trim();
  return [headers.host, forwarded].filter(Boolean);
}

/**
 * Lets a form through only from the app's own pages: `Sec-Fetch-Site` (every current
 * browser sends it) must say same-origin (or none: typed by the user); without it, an
 * `Origin` must name this host. Anything else gets a 403 page in the visitor's language.
 * @type {import('express').RequestHandler}
 */
function refuseCrossSite(req, res, next) {
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin');
  const own =
    site !== undefined ? site === 'same-origin' || site === 'none'
      : origin === undefined || ownHosts(req.headers).includes(pageUrl(origin)?.host);
  if (own) return next();
  res.status(403).set('Cache-Control', 'no-store').type('html').send(views.refused(fromRequest(req)));
}

/**
 * Socket.IO: a handshake whose Origin names a page that is neither the app's own nor on
 * localhost is refused (403), with a line in the terminal; one without an Origin is let
 * through. Any allowRequest the app already had still decides after this one.
 * @param {import('socket.io').Server} io
 */
function guardSockets(io) {
  const previous = io.engine.opts.allowRequest;
  io.engine.opts.allowRequest = (req, callback) => {
    const origin = req.headers.origin;
    const url = origin === undefined ? undefined : pageUrl(origin);
    if (origin !== undefined && !(url && (ownHosts(req.headers).includes(url.host) || LOCALHOST.has(url.hostname)))) {
      // Only printable characters, and not too many, from a header anyone can write.
      console.error(say('logSocketRefused', { origin: origin.replace(/[^\x20-\x7e]/g, '?').slice(0, 200) }));
      return callback('origin not allowed', false);
    }
    if (previous) return previous(req, callback);
    callback(null, true);
  };
}

module.exports = { refuseCrossSite, guardSockets };
