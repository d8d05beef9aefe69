'use strict';

const path = require('path');
const express = require('express');
const session = require('express-session');
const passport = require('passport');

const testRoutes = require('./kit/test-routes');
const { sessionSecret, setUpPassport } = require('./auth');
const routes = require('./routes');
const errorPage = require('./kit/error-page');
const { appUrl, portInUse } = require('./kit/app-url');
const { sessionStore } = require('./kit/sessions');
const { guardSockets } = require('./kit/guard');
const { say } = require('./kit/locales');

const app = express();
const http = require('http').createServer(app);
const io = require('socket.io')(http);

testRoutes(app); // lets the checker read this file: leave it first
guardSockets(io); // other sites' pages may not open the chat's connection (the checker's clients may)

app.use(
  session({
    secret: sessionSecret(),
    store: sessionStore(), // kept in data/: a restart (on every save) keeps everyone logged in
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax' },
  })
);
app.use(passport.initialize());
app.use(passport.session());

app.use('/public', express.static(path.join(__dirname, 'public')));

setUpPassport();
routes(app);
app.use(errorPage); // after every route: a failing route answers a short page, never a stack trace

let currentUsers = 0;
io.on('connection', (socket) => {
  console.log(say('logUserConnected'));
  ++currentUsers;
  io.emit('user count', currentUsers);

  socket.on('disconnect', () => {
    --currentUsers;
    io.emit('user count', currentUsers);
  });
});

const PORT = process.env.PORT || 3000;
// Only this computer can open the app; HOST=0.0.0.0 opens it to the whole network.
const HOST = process.env.HOST || '127.0.0.1';

http.on('error', (/** @type {NodeJS.ErrnoException} */ err) => {
  if (err.code !== 'EADDRINUSE') throw err;
  portInUse(PORT, HOST); // one line naming a port that is free, then exit 1
});

http.listen(Number(PORT), HOST, () => {
  // With PORT=0 the system picks a free port: the address names the one actually used.
  console.log(say('logListening', { url: appUrl(HOST, http.address()) }));
});
