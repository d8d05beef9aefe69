'use strict';

const path = require('path');
const express = require('express');
const session = require('express-session');
const passport = require('passport');

const testRoutes = require('./test-routes');
const { sessionSecret, setUpPassport } = require('./auth');
const routes = require('./routes');
const { say } = require('./locales');

const app = express();
const http = require('http').createServer(app);
const io = require('socket.io')(http);

testRoutes(app); // lets the checker read this file: leave it first

app.use(
  session({
    secret: sessionSecret(),
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

let currentUsers = 0;
io.on('connection', (socket) => {
  console.log(say('logUserConnected'));
  ++currentUsers;
  io.emit('user count', currentUsers);
});

const PORT = process.env.PORT || 3000;

http.on('error', (/** @type {NodeJS.ErrnoException} */ err) => {
  if (err.code !== 'EADDRINUSE') throw err;
  console.error(say('logPortInUse', { port: PORT }));
  process.exit(1);
});

http.listen(PORT, () => {
  // With PORT=0 the system picks a free port: print the one actually used.
  const address = http.address();
  const port = address && typeof address === 'object' ? address.port : PORT;
  console.log(say('logListening', { url: `http://localhost:${port}` }));
});
