'use strict';

const crypto = require('node:crypto');
const passport = require('passport');
const { Strategy: LocalStrategy } = require('passport-local');

const users = require('./kit/users');
const { say } = require('./kit/locales');

/** The secret that signs the session cookie: SESSION_SECRET, or a random one for this run. */
function sessionSecret() {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  console.log(say('logRandomSecret'));
  return crypto.randomBytes(32).toString('hex');
}

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
