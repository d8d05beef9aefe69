'use strict';

const passport = require('passport');
const { Strategy: LocalStrategy } = require('passport-local');

const users = require('./kit/users');
// The secret that signs the session cookie: SESSION_SECRET, else one kept in data/, so that a restart keeps everyone logged in.
const { sessionSecret } = require('./kit/sessions');

function setUpPassport() {
  // A wrong password and an unknown user both end in `false`: the same answer.
  passport.use(
    new LocalStrategy((username, password, done) => {
      users.verify(String(username), String(password)).then((user) => done(null, user || false), done);
    })
  );

  // The session keeps only the user's id; each request looks the account up again.
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((/** @type {string} */ id, done) => done(null, users.findById(id) || false));
}

module.exports = { sessionSecret, setUpPassport };
