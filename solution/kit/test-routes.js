'use strict';

// ============================================================================
// TEST ROUTES, the kit's support, not part of the lesson: you do not need to
// read or change this file (kit/ holds what the kit adds to the lesson's app).
//
// They exist so that a checker (this kit's `npm run check`, or freeCodeCamp's
// own tests) can read this app's source while it runs:
//   GET /_api/server.js     the current text of server.js, with the header
//                           X-Loaded-Sha256: the SHA-256 of server.js as this
//                           process loaded it (they differ: restart the app)
//   GET /_api/package.json  (and /_api/routes.js, /_api/auth.js)
//   GET /_api/app-info      Node version, process id, what was loaded, response
//                           headers, middleware and routes
// plus CORS answers for https://freecodecamp.org (and its subdomains) and
// http://localhost:<port> pages, on the paths in CORS_PATHS only: every file a
// freeCodeCamp hint of the course fetches (its page runs the hints in the browser).
// Only the files named below are ever sent: no path is taken from the request.
// ============================================================================

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ALLOWED_ORIGINS = [/^https:\/\/([a-z0-9-]+\.)*freecodecamp\.org$/, /^http:\/\/localhost:\d+$/];

// Where CORS is answered (a path and everything under it): the test routes, and each file
// a hint fetches from the app itself. A step whose hints fetch another file adds it here.
const CORS_PATHS = ['/_api', '/public/client.js'];

/** The app's own folder (this file is in its kit/), where the files sent are read. */
const APP_DIR = path.join(__dirname, '..');

const SOURCES = {
  'server.js': 'application/javascript; charset=utf-8',
  'routes.js': 'application/javascript; charset=utf-8',
  'auth.js': 'application/javascript; charset=utf-8',
  // As text, as freeCodeCamp's boilerplate sends it: its older hints read it with jQuery's
  // $.get and JSON.parse the text (jQuery would hand them an object for a JSON type).
  'package.json': 'text/plain; charset=utf-8',
};

/**
 * The SHA-256 (lowercase hex) of server.js as it is now. server.js requires this module
 * while it starts, so this is the code the process runs, whatever is saved later.
 */
function loadedSha256() {
  const bytes = fs.readFileSync(path.join(APP_DIR, 'server.js'));
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

const LOADED = { 'server.js': loadedSha256() };

/**
 * CORS for CORS_PATHS: only the allowed origins, with credentials, and the
 * preflight (OPTIONS) a browser sends before a request it may not make directly.
 * @type {import('express').RequestHandler}
 */
function cors(req, res, next) {
  res.vary('Origin');
  const origin = req.get('origin');
  if (!origin || !ALLOWED_ORIGINS.some((allowed) => allowed.test(origin))) return next();
  res.set('Access-Control-Allow-Origin', origin);
  res.set('Access-Control-Allow-Credentials', 'true');
  res.set('Access-Control-Expose-Headers', 'X-Loaded-Sha256');
  if (req.method !== 'OPTIONS' || !req.get('access-control-request-method')) return next();

  res.vary('Access-Control-Request-Headers');
  res.set('Access-Control-Allow-Methods', 'GET, HEAD');
  const headers = req.get('access-control-request-headers');
  if (headers) res.set('Access-Control-Allow-Headers', headers);
  // Chrome asks before a public page (freecodecamp.org) may reach this computer.
  if (req.get('access-control-request-private-network') === 'true') {
    res.set('Access-Control-Allow-Private-Network', 'true');
  }
  res.set('Access-Control-Max-Age', '600');
  res.sendStatus(204);
}

/** @param {import('express').Express} app */
function testRoutes(app) {
  app.use(CORS_PATHS, cors);

  for (const [name, type] of Object.entries(SOURCES)) {
    app.get(`/_api/${name}`, async (req, res) => {
      if (name === 'server.js') res.set('X-Loaded-Sha256', LOADED['server.js']);
      try {
        // Read on every request: the checker must see the file as it is now.
        const text = await fs.promises.readFile(path.join(APP_DIR, name), 'utf8');
        res.set('Cache-Control', 'no-store').type(type).send(text);
      } catch {
        res.status(500).type('text/plain').send(`Could not read ${name}\n`);
      }
    });
  }

  app.get('/_api/app-info', (req, res) => {
    const headers = Object.fromEntries(
      Object.entries(res.getHeaders()).filter(([name]) => !name.startsWith('access-control-'))
    );
    const stack = app.router.stack.map((layer) => (layer.route ? `route ${layer.route.path}` : layer.name));
    res.set('Cache-Control', 'no-store').json({ node: process.version, pid: process.pid, loaded: LOADED, headers, stack });
  });
}

module.exports = Object.assign(testRoutes, { CORS_PATHS });
