// The app a learner brings to this lesson has passed freeCodeCamp's previous one, "Set up the
// Environment". Its checks, written out here: a socket.io dependency, and four regular
// expressions over server.js and public/client.js. Both apps must pass them; each pattern
// also has a text it must not match, so that a pattern that matches anything is caught.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { ROOT } from './helpers/app-processes.ts';

interface PatternCheck {
  file: string;
  pattern: RegExp;
  /** A text that fails the check: how an app could get it wrong. */
  fails: string;
}

const PATTERNS: PatternCheck[] = [
  { file: 'server.js', pattern: /http.*=.*require.*('|")http\1/s, fails: "const http = require('node:http').createServer(app);" },
  {
    file: 'server.js',
    pattern: /io.*=.*require.*('|")socket.io\1.*http/s,
    fails: "const { Server } = require('socket.io');\nconst server = new Server();",
  },
  { file: 'server.js', pattern: /io.on.*('|")connection\1.*socket/s, fails: "io.on('connect', (socket) => {});" },
  { file: 'public/client.js', pattern: /socket.*=.*io/s, fails: 'const connection = io();' },
];

/** The previous lesson's package.json check: socket.io among the dependencies. */
function hasSocketIo(packageJson: string): boolean {
  const { dependencies } = JSON.parse(packageJson) as { dependencies?: Record<string, string> };
  return Object.hasOwn(dependencies ?? {}, 'socket.io');
}

const read = (app: string, file: string): string => readFileSync(join(ROOT, app, file), 'utf8');

describe('the previous lesson, "Set up the Environment"', () => {
  for (const app of ['starter', 'solution']) {
    it(`${app}/ passes its checks`, () => {
      expect(hasSocketIo(read(app, 'package.json')), `${app}/package.json`).to.equal(true);
      for (const { file, pattern } of PATTERNS) {
        expect(read(app, file), `${app}/${file}`).to.match(pattern);
      }
    });
  }

  it('each check fails on a text that gets it wrong', () => {
    expect(hasSocketIo('{ "dependencies": { "express": "^5.0.0" } }')).to.equal(false);
    expect(hasSocketIo('{ "devDependencies": { "socket.io": "^4.0.0" } }')).to.equal(false);
    for (const { pattern, fails } of PATTERNS) {
      expect(fails).not.to.match(pattern);
    }
  });

  it('the natural way to write it passes, line by line', () => {
    const server = [
      "const http = require('http').createServer(app);",
      "const io = require('socket.io')(http);",
      "io.on('connection', (socket) => {",
    ].join('\n');
    for (const { file, pattern } of PATTERNS.filter((check) => check.file === 'server.js')) {
      expect(server, file).to.match(pattern);
    }
    expect('let socket = io();').to.match(PATTERNS[3]!.pattern);
  });
});
