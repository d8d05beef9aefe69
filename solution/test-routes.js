'use strict';

// ============================================================================
// TEST ROUTES: not part of the lesson; you do not need to change this file.
//
// They exist so that a checker (this kit's `npm run check`, or freeCodeCamp's
// own tests) can read this app's source while it runs:
//   GET /_api/server.js     the current text of server.js
//   GET /_api/package.json  (and /_api/routes.js, /_api/auth.js)
//   GET /_api/app-info      Node version, response headers, middleware and routes
// plus CORS answers for freecodecamp.org and http://localhost:<port> pages.
// Only the files named below are ever sent: no path is taken from the request.
// ============================================================================

const fs = require('node:fs/promises');
const path = require('node:path');

const ALLOWED_ORIGINS = [/^https?:\/\/([\w-]+\.)*freecodecamp\.org$/, /^http:\/\/localhost:\d+$/];

const SOURCES = {
  'server.js': 'application/javascript; charset=utf-8',
  'routes.js': 'application/javascript; charset=utf-8',
  'auth.js': 'application/javascript; charset=utf-8',
  'package.json': 'application/json; charset=utf-8',
};

/** @param {import('express').Express} app */
module.exports = function testRoutes(app) {
  app.use(function cors(req, res, next) {
    const origin = req.get('origin');
    if (origin && ALLOWED_ORIGINS.some((allowed) => allowed.test(origin))) {
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Access-Control-Allow-Credentials', 'true');
    }
    res.vary('Origin');
    next();
  });

  for (const [name, type] of Object.entries(SOURCES)) {
    app.get(`/_api/${name}`, async (req, res) => {
      try {
        // Read on every request: the checker must see the file as it is now.
        const text = await fs.readFile(path.join(__dirname, name), 'utf8');
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
    res.set('Cache-Control', 'no-store').json({ node: process.version, headers, stack });
  });
};
