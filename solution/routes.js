'use strict';

const express = require('express');
const passport = require('passport');

const users = require('./kit/users');
const views = require('./kit/views');
const { fromRequest: langOf } = require('./kit/locales');
const { refuseCrossSite } = require('./kit/guard');

/** @typedef {import('express').Request} Request */
/** @typedef {import('express').Response} Response */
/** @typedef {import('express').NextFunction} NextFunction */

/**
 * Lets logged-in users through; sends everyone else to the home page.
 * @param {Request} req
 * @param {Response} res
 * @param {NextFunction} next
 */
function ensureAuthenticated(req, res, next) {
  if (req.isAuthenticated()) return next();
  res.redirect('/');
}

/** @param {import('express').Express} app */
module.exports = function routes(app) {
  const form = express.urlencoded({ extended: false, limit: '10kb' });

  app.get('/', (req, res) => {
    if (req.user) return res.redirect('/profile');
    res.send(views.home(langOf(req)));
  });

  // refuseCrossSite: only the app's own pages may register or log someone in.
  app.post('/register', refuseCrossSite, form, async (req, res, next) => {
    const username = String(req.body?.username ?? '').trim();
    const password = String(req.body?.password ?? '');
    const result = await users.create(username, password);
    if ('error' in result) {
      const status = result.error === 'usernameTaken' ? 409 : 400;
      return res.status(status).send(views.home(langOf(req), { registerError: result.error, username }));
    }
    req.login(result.user, (err) => (err ? next(err) : res.redirect('/profile')));
  });

  app.post('/login', refuseCrossSite, form, (req, res, next) => {
    passport.authenticate('local', (/** @type {unknown} */ err, /** @type {Express.User | false} */ user) => {
      if (err) return next(err);
      // The same page for an unknown user and a wrong password: it does not say which.
      if (!user) return res.status(401).send(views.home(langOf(req), { loginError: 'loginFailed' }));
      req.login(user, (err) => (err ? next(err) : res.redirect('/profile')));
    })(req, res, next);
  });

  app.get('/logout', (req, res, next) => {
    req.logout((err) => (err ? next(err) : res.redirect('/')));
  });

  app.get('/profile', ensureAuthenticated, (req, res) => {
    res.send(views.profile(langOf(req), /** @type {Express.User} */ (req.user)));
  });

  app.get('/chat', ensureAuthenticated, (req, res) => {
    res.send(views.chat(langOf(req), /** @type {Express.User} */ (req.user)));
  });
};
