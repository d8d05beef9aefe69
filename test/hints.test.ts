import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { CheckPool, loadStep, run, type Step } from '../checker/index.ts';

// freeCodeCamp's verdict, computed from the spec's regular expressions written here as literals.
const SPEC = {
  server: [/currentUsers/s, /io.emit.*('|")user count('|").*currentUsers/s],
  client: [/socket.on.*('|")user count('|")/s],
};
function freeCodeCampVerdict(server: string, client: string): boolean[] {
  return [...SPEC.server.map((re) => re.test(server)), ...SPEC.client.map((re) => re.test(client))];
}

const STARTER_SERVER = `io.on('connection', (socket) => {\n  console.log('A user has connected');\n});\n`;
const CLIENT_OK = `const socket = io();\nsocket.on('user count', function (data) {\n  console.log(data);\n});\n`;
const CLIENT_NONE = `const socket = io();\n`;

/** Learner variants: the source of server.js and client.js, and the verdict we expect per hint. */
const VARIANTS: { name: string; server: string; client: string; expected: boolean[] }[] = [
  {
    name: 'the lesson as written',
    server: `let currentUsers = 0;\nio.on('connection', (socket) => {\n  ++currentUsers;\n  io.emit('user count', currentUsers);\n});\n`,
    client: CLIENT_OK,
    expected: [true, true, true],
  },
  {
    name: 'double quotes',
    server: `let currentUsers = 0;\nio.on("connection", (socket) => {\n  ++currentUsers;\n  io.emit("user count", currentUsers);\n});\n`,
    client: `const socket = io();\nsocket.on("user count", (data) => console.log(data));\n`,
    expected: [true, true, true],
  },
  {
    name: 'the emit split over lines',
    server: `let currentUsers = 0;\nio.on('connection', () => {\n  currentUsers += 1;\n  io.emit(\n    'user count',\n    currentUsers\n  );\n});\n`,
    client: `const socket = io();\nsocket.on(\n  'user count',\n  (n) => console.log(n)\n);\n`,
    expected: [true, true, true],
  },
  {
    name: 'the counter declared but never emitted',
    server: `let currentUsers = 0;\nio.on('connection', (socket) => {\n  ++currentUsers;\n});\n`,
    client: CLIENT_OK,
    expected: [true, false, true],
  },
  {
    name: 'the listener on another event name',
    server: `let currentUsers = 0;\nio.on('connection', () => {\n  ++currentUsers;\n  io.emit('user count', currentUsers);\n});\n`,
    client: `const socket = io();\nsocket.on('users', (data) => console.log(data));\n`,
    expected: [true, true, false],
  },
  {
    name: 'code only in a comment (the hints read text, so they pass)',
    server: `${STARTER_SERVER}// let currentUsers = 0; io.emit('user count', currentUsers);\n`,
    client: `${CLIENT_NONE}// socket.on('user count', console.log);\n`,
    expected: [true, true, true],
  },
  {
    name: 'the starter, unchanged',
    server: STARTER_SERVER,
    client: CLIENT_NONE,
    expected: [false, false, false],
  },
  {
    name: 'another variable emitted',
    server: `let currentUsers = 0;\nlet total = 0;\nio.on('connection', () => {\n  io.emit('user count', total);\n});\n`,
    client: CLIENT_OK,
    expected: [true, false, true],
  },
  {
    name: "any character where the regex has '.' (io_emit, socket_on)",
    server: `let currentUsers = 0;\nio_emit('user count', currentUsers);\n`,
    client: `socket_on('user count', f);\n`,
    expected: [true, true, true],
  },
  {
    name: 'mixed quotes still match the spec regex',
    server: `let currentUsers = 0;\nio.emit('user count", currentUsers);\n`,
    client: `socket.on("user count', f);\n`,
    expected: [true, true, true],
  },
  {
    name: "'user  count' with two spaces",
    server: `let currentUsers = 0;\nio.emit('user  count', currentUsers);\n`,
    client: `socket.on('user  count', f);\n`,
    expected: [true, false, false],
  },
];

describe("the lesson's hints give freeCodeCamp's verdicts", () => {
  let step: Step;
  let pool: CheckPool;
  let server: http.Server;
  let url: string;
  const files = { server: '', client: '' };

  before(async () => {
    step = await loadStep('communicate-by-emitting', 'en');
    pool = new CheckPool(2);
    server = http.createServer((req, res) => {
      const body = req.url === '/_api/server.js' ? files.server : req.url === '/public/client.js' ? files.client : undefined;
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/javascript' });
      res.end(body ?? 'Not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await pool.close();
    await new Promise((resolve) => server.close(resolve));
  });

  for (const variant of VARIANTS) {
    it(variant.name, async () => {
      expect(freeCodeCampVerdict(variant.server, variant.client), 'the table agrees with the spec regexes').to.deep.equal(variant.expected);
      files.server = variant.server;
      files.client = variant.client;
      const results = await run(step, { kind: 'url', url }, { lang: 'en', sections: ['hints'], pool });
      expect(results.checks.map((c) => c.status === 'passed')).to.deep.equal(variant.expected);
      for (const check of results.checks.filter((c) => c.status === 'failed')) {
        expect(check.failure?.reason).to.equal('assertion');
      }
    });
  }
});
