'use strict';

// ============================================================================
// THE KIT'S SUPPORT, not part of the lesson: you do not need to read or change
// this file. The lesson's files are server.js and public/ (with auth.js and
// routes.js, as in freeCodeCamp's boilerplate); kit/ holds what the kit adds.
// ============================================================================

// The HTML pages, as plain strings. Every value put into a page goes through `escape`.

const { t } = require('./locales');

/** @typedef {import('./locales').Lang} Lang */
/** @typedef {import('./locales').Key} Key */
/** @typedef {import('./users').User} User */

/** @param {unknown} value */
function escape(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * @param {Lang} lang
 * @param {string} title
 * @param {string} body HTML, already escaped
 * @param {string} [scripts] HTML, already escaped
 */
function page(lang, title, body, scripts = '') {
  return `<!doctype html>
<html lang="${escape(lang)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escape(title)}</title>
  <link rel="stylesheet" href="/public/style.css">
  <link rel="icon" href="data:,">
</head>
<body>
<main>
${body}
</main>
${scripts}</body>
</html>
`;
}

/**
 * @param {Lang} lang
 * @param {User} user
 */
function nav(lang, user) {
  return `<nav>
  <span>${escape(t(lang, 'chatAs', { name: user.username }))}</span>
  <a href="/profile">${escape(t(lang, 'toProfile'))}</a>
  <a href="/chat">${escape(t(lang, 'openChat'))}</a>
  <a href="/logout">${escape(t(lang, 'logout'))}</a>
</nav>`;
}

/**
 * @param {Lang} lang
 * @param {Key | undefined} error
 */
function alert(lang, error) {
  return error ? `<p class="error" role="alert">${escape(t(lang, error))}</p>` : '';
}

/**
 * The home page: a login form and a registration form.
 * @param {Lang} lang
 * @param {{ loginError?: Key, registerError?: Key, username?: string }} [state]
 */
function home(lang, state = {}) {
  const { loginError, registerError, username = '' } = state;
  const body = `<h1>${escape(t(lang, 'homeTitle'))}</h1>
<p>${escape(t(lang, 'homeIntro'))}</p>
<div class="forms">
<form method="post" action="/login">
  <h2>${escape(t(lang, 'loginHeading'))}</h2>
  ${alert(lang, loginError)}
  <label for="login-username">${escape(t(lang, 'usernameLabel'))}</label>
  <input id="login-username" name="username" autocomplete="username" required>
  <label for="login-password">${escape(t(lang, 'passwordLabel'))}</label>
  <input id="login-password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">${escape(t(lang, 'loginButton'))}</button>
</form>
<form method="post" action="/register">
  <h2>${escape(t(lang, 'registerHeading'))}</h2>
  ${alert(lang, registerError)}
  <label for="register-username">${escape(t(lang, 'usernameLabel'))}</label>
  <input id="register-username" name="username" value="${escape(username)}" autocomplete="username"
    required minlength="3" maxlength="30" pattern="[A-Za-z0-9_.\\-]+" aria-describedby="username-hint">
  <small id="username-hint">${escape(t(lang, 'usernameHint'))}</small>
  <label for="register-password">${escape(t(lang, 'passwordLabel'))}</label>
  <input id="register-password" name="password" type="password" autocomplete="new-password"
    required minlength="8" maxlength="128" aria-describedby="password-hint">
  <small id="password-hint">${escape(t(lang, 'passwordHint'))}</small>
  <button type="submit">${escape(t(lang, 'registerButton'))}</button>
</form>
</div>`;
  return page(lang, t(lang, 'homeTitle'), body);
}

/**
 * @param {Lang} lang
 * @param {User} user
 */
function profile(lang, user) {
  const body = `${nav(lang, user)}
<h1>${escape(t(lang, 'profileGreeting', { name: user.username }))}</h1>
<p>${escape(t(lang, 'profileText'))}</p>
<p><a class="button" href="/chat">${escape(t(lang, 'openChat'))}</a></p>`;
  return page(lang, t(lang, 'profileTitle'), body);
}

/**
 * The chat page; public/client.js talks to the server through Socket.IO.
 * @param {Lang} lang
 * @param {User} user
 */
function chat(lang, user) {
  const body = `${nav(lang, user)}
<h1>${escape(t(lang, 'chatTitle'))}</h1>
<ul id="messages" aria-live="polite"></ul>
<form id="chat-form">
  <label for="m">${escape(t(lang, 'messageLabel'))}</label>
  <input id="m" name="m" autocomplete="off" maxlength="500">
  <button type="submit">${escape(t(lang, 'sendButton'))}</button>
</form>`;
  const scripts = `<script src="/socket.io/socket.io.js"></script><script src="/public/client.js"></script>\n`;
  return page(lang, t(lang, 'chatTitle'), body, scripts);
}

/**
 * The page for a request that failed: what happened, in a sentence, and no details.
 * @param {Lang} lang
 * @param {number} status 500, or the 4xx a client error asked for
 */
function error(lang, status) {
  const text = status === 500 ? t(lang, 'errorServer') : t(lang, 'errorRequest', { status });
  const body = `<h1>${escape(t(lang, 'errorTitle'))}</h1>
<p>${escape(text)}</p>
<p><a href="/">${escape(t(lang, 'errorHome'))}</a></p>`;
  return page(lang, t(lang, 'errorTitle'), body);
}

/**
 * The page for an address the app has no page at.
 * @param {Lang} lang
 */
function notFound(lang) {
  const body = `<h1>${escape(t(lang, 'notFoundTitle'))}</h1>
<p>${escape(t(lang, 'notFoundText'))}</p>
<p><a href="/">${escape(t(lang, 'errorHome'))}</a></p>`;
  return page(lang, t(lang, 'notFoundTitle'), body);
}

/**
 * The page for a form sent from another site (kit/guard.js).
 * @param {Lang} lang
 */
function refused(lang) {
  const body = `<h1>${escape(t(lang, 'errorTitle'))}</h1>
<p>${escape(t(lang, 'refusedText'))}</p>
<p><a href="/">${escape(t(lang, 'errorHome'))}</a></p>`;
  return page(lang, t(lang, 'errorTitle'), body);
}

module.exports = { escape, home, profile, chat, error, notFound, refused };
