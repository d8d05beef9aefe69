'use strict';

// ============================================================================
// THE KIT'S SUPPORT, not part of the lesson: you do not need to read or change
// this file. The lesson's files are server.js and public/ (with auth.js and
// routes.js, as in freeCodeCamp's boilerplate); kit/ holds what the kit adds.
// ============================================================================

// The last middlewares. An address without a page gets the app's own 404 page; whatever
// fails, the browser gets a short page in its language and never a stack trace (Express's
// own error page shows one unless NODE_ENV=production). The details go to the terminal,
// where the learner can read them.

const views = require('./views');
const { fromRequest, say } = require('./locales');

/**
 * The status a client error asked for (a 4xx, e.g. 413 for a too large form), else 500.
 * @param {unknown} err
 */
function statusOf(err) {
  const { status, statusCode } = /** @type {{ status?: unknown, statusCode?: unknown }} */ (Object(err));
  const code = Number(status ?? statusCode);
  return code >= 400 && code < 500 ? code : 500;
}

/**
 * After every route: an address the app has no page at gets the app's own page, in the
 * browser's language, instead of Express's English one; /favicon.ico gets an empty answer
 * (the app has no icon), so the browser's console shows no red 404 for it.
 * @type {import('express').RequestHandler}
 */
function notFound(req, res) {
  if (req.path === '/favicon.ico') return res.status(204).set('Cache-Control', 'public, max-age=86400').end();
  res.status(404).set('Cache-Control', 'no-store').type('html').send(views.notFound(fromRequest(req)));
}

/** @type {import('express').ErrorRequestHandler} */
function errorPage(err, req, res, next) {
  // Half an answer is already on its way: Express's own handler logs it and cuts the connection.
  if (res.headersSent) return next(err);
  const status = statusOf(err);
  if (status === 500) console.error(say('logRequestFailed', { method: req.method, url: req.originalUrl }), err);
  res.status(status).set('Cache-Control', 'no-store').type('html').send(views.error(fromRequest(req), status));
}

// server.js uses both, in this order: `app.use(errorPage)` after every route.
module.exports = [notFound, errorPage];
