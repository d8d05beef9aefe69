// The checks' fetch (checker/run/fetch.ts over undici, checker/run/http.ts) at its limits,
// in-process against local servers: each rule with a case on each side, and each cap at
// its boundary (exactly the limit passes, one more byte or hop fails).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { CheckFailure } from '../checker/run/failure.ts';
import { createFetch, networkFailure, type FetchRecord } from '../checker/run/fetch.ts';
import { HttpFailure, keepAliveAgents } from '../checker/run/http.ts';
import { DEFAULT_LIMITS } from '../checker/run/limits.ts';

const MiB = 1024 * 1024;

interface Local {
  server: Server;
  port: number;
  origin: string;
  connections: () => number;
  stop: () => Promise<void>;
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Local> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer(handler);
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    origin: `http://127.0.0.1:${port}`,
    connections: () => connections,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A fetch as a check gets it, with a generous deadline: these tests are about caps and rules, not time. */
function checkFetch(log: FetchRecord[] = []) {
  const agents = keepAliveAgents();
  const net = createFetch({ limits: DEFAULT_LIMITS, signal: AbortSignal.timeout(20_000), log, agents });
  return { ...net, agents };
}

/** What a fetch failed with, as a check's result would show it. */
async function failureOf(promise: Promise<unknown>): Promise<{ reason: string; key: string; params: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(CheckFailure);
    const failure = err as CheckFailure;
    return { reason: failure.reason, key: failure.key, params: failure.params };
  }
  throw new Error('the fetch did not fail');
}

describe('the checks\' fetch at its limits', function () {
  this.timeout(30_000);
  const stops: (() => Promise<void>)[] = [];
  const fetches: ReturnType<typeof checkFetch>[] = [];
  const open = async (handler: Parameters<typeof serve>[0]) => {
    const local = await serve(handler);
    stops.push(local.stop);
    return local;
  };
  const fetcher = () => {
    const made = checkFetch();
    fetches.push(made);
    return made.fetch;
  };
  afterEach(async () => {
    for (const made of fetches.splice(0)) {
      made.close();
      await made.agents.destroy();
    }
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });

  describe('1 MiB per body, counted after decompression', () => {
    const exactly = Buffer.alloc(MiB, 'a');
    const oneMore = Buffer.alloc(MiB + 1, 'a');
    const encodings: [string, (body: Buffer) => Buffer][] = [
      ['identity', (body) => body],
      ['gzip', (body) => gzipSync(body)],
      ['deflate', (body) => deflateSync(body)],
      ['br', (body) => brotliCompressSync(body)],
    ];
    for (const [encoding, encode] of encodings) {
      it(`${encoding}: a body of exactly 1 MiB is read whole; 1 MiB + 1 byte is too-large`, async () => {
        const app = await open((req, res) => {
          const body = encode(req.url === '/exactly' ? exactly : oneMore);
          res.writeHead(200, encoding === 'identity' ? {} : { 'content-encoding': encoding }).end(body);
        });
        const fetch = fetcher();
        const res = await fetch(`${app.origin}/exactly`);
        expect((await res.arrayBuffer()).byteLength).to.equal(MiB);
        expect(await failureOf(fetch(`${app.origin}/one-more`))).to.deep.equal({ reason: 'too-large', key: 'too-large', params: { url: `${app.origin}/one-more`, limit: MiB } });
      });
    }

    it('an identity body that declares more than 1 MiB is refused before it is read', async () => {
      let written = 0;
      const app = await open((_req, res) => {
        res.writeHead(200, { 'content-length': 50 * MiB });
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const pump = () => {
          while (!res.destroyed && written < 50 * MiB) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
        };
        pump();
      });
      const failure = await failureOf(fetcher()(`${app.origin}/`));
      expect(failure.reason).to.equal('too-large');
      expect(written).to.be.below(10 * MiB);
    });

    it('a gzip bomb (50 MiB of spaces in about 50 KB) stops at the cap', async () => {
      const bomb = gzipSync(Buffer.alloc(50 * MiB, ' '), { level: 9 });
      const app = await open((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb));
      expect((await failureOf(fetcher()(`${app.origin}/`))).reason).to.equal('too-large');
    });
  });

  describe('decoding as browsers do', () => {
    const text = "socket.on('user count', (n) => console.log(n));\n";

    it('decodes raw deflate (no zlib header) as well as zlib deflate', async () => {
      // A raw stream whose first two bytes are a multiple of 31, as a zlib header's are
      // (0x0117 = 9 x 31), but not a zlib header (its method nibble is 1, not 8): one
      // stored block, final, of 23 bytes (LEN 0x0017, NLEN 0xffe8, little-endian).
      const rare = "socket.on('user count',";
      const stored = Buffer.concat([Buffer.from([0x01, 0x17, 0x00, 0xe8, 0xff]), Buffer.from(rare)]);
      const app = await open((req, res) => {
        const body = req.url === '/raw' ? deflateRawSync(text) : req.url === '/rare' ? stored : deflateSync(text);
        res.writeHead(200, { 'content-encoding': 'deflate' }).end(body);
      });
      const fetch = fetcher();
      expect(await (await fetch(`${app.origin}/raw`)).text()).to.equal(text);
      expect(await (await fetch(`${app.origin}/zlib`)).text()).to.equal(text);
      expect(await (await fetch(`${app.origin}/rare`)).text()).to.equal(rare);
    });

    it('a body that does not decode as its Content-Encoding says is unreachable, in words of its own', async () => {
      const app = await open((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end('this is not gzip at all'));
      expect(await failureOf(fetcher()(`${app.origin}/`))).to.deep.equal({
        reason: 'unreachable',
        key: 'http.bad-encoding',
        params: { url: `${app.origin}/`, encoding: 'gzip' },
      });
    });

    it('an encoding browsers do not decode is read as it came', async () => {
      const app = await open((_req, res) => res.writeHead(200, { 'content-encoding': 'x-custom' }).end(text));
      expect(await (await fetcher()(`${app.origin}/`)).text()).to.equal(text);
    });
  });

  describe('answers', () => {
    it('skips a 103 Early Hints before the answer', async () => {
      const app = await open((_req, res) => {
        res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
        res.writeHead(200, { 'content-type': 'application/javascript' }).end('let currentUsers = 0;');
      });
      const res = await fetcher()(`${app.origin}/`);
      expect(res.status).to.equal(200);
      expect(await res.text()).to.equal('let currentUsers = 0;');
    });

    it('follows a Location only on a redirect status: a 200 with one is read, a 302 without one is returned; ok is 200 to 299', async () => {
      const app = await open((req, res) => {
        if (req.url === '/moved') res.writeHead(200).end('moved here');
        else if (req.url === '/200') res.writeHead(200, { location: '/moved' }).end('let currentUsers = 0;');
        else res.writeHead(Number(req.url!.slice(1))).end('');
      });
      const fetch = fetcher();
      const read = async (p: string) => {
        const res = await fetch(`${app.origin}${p}`);
        return [res.status, res.ok, res.redirected, await res.text()];
      };
      expect(await read('/200')).to.deep.equal([200, true, false, 'let currentUsers = 0;']);
      expect(await read('/302')).to.deep.equal([302, false, false, '']);
      expect(await read('/299')).to.deep.equal([299, true, false, '']);
      expect(await read('/300')).to.deep.equal([300, false, false, '']);
    });

    it('an exchange aborted or timed out, by its own name or its cause, is a timeout', () => {
      const named = (name: string, cause?: { name: string }) => Object.assign(new Error('stopped', cause ? { cause } : {}), { name });
      const keys = [named('AbortError'), named('TimeoutError'), named('Error', { name: 'TimeoutError' }), named('Error', { name: 'AbortError' })].map((err) => {
        const failure = networkFailure(err, 'http://127.0.0.1:9/', DEFAULT_LIMITS);
        return [failure.reason, failure.key];
      });
      expect(keys).to.deep.equal([
        ['timeout', 'headers-timeout'],
        ['timeout', 'headers-timeout'],
        ['timeout', 'headers-timeout'],
        ['error', 'fetch-error'],
      ]);
    });

    it("a refused connection and a name that does not resolve (now or for a while) or a host out of reach are unreachable, naming the code; another socket error is not", () => {
      const coded = (code: string) => {
        const failure = networkFailure(Object.assign(new Error(`connect ${code}`), { code }), 'http://127.0.0.1:9/', DEFAULT_LIMITS);
        return [failure.reason, failure.key, failure.params.code];
      };
      expect(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'EACCES'].map(coded)).to.deep.equal([
        ['unreachable', 'unreachable', 'ECONNREFUSED'],
        ['unreachable', 'unreachable', 'ENOTFOUND'],
        ['unreachable', 'unreachable', 'EAI_AGAIN'],
        ['unreachable', 'unreachable', 'EHOSTUNREACH'],
        ['error', 'fetch-error', undefined],
      ]);
    });

    it('a connection reset, a broken pipe or a socket error is connection-lost with its code; any failure once the body has begun is too, named by its code or its words', () => {
      const lost = (code: string, phase: 'headers' | 'body' = 'headers') => {
        const cause = Object.assign(new Error(`socket ${code || 'closed'}`), code ? { code } : {});
        const failure = networkFailure(new HttpFailure(phase, cause), 'http://127.0.0.1:9/', DEFAULT_LIMITS);
        return [failure.reason, failure.key, failure.params.code];
      };
      expect([lost('ECONNRESET'), lost('EPIPE'), lost('UND_ERR_SOCKET'), lost('EPROTO'), lost('EPROTO', 'body'), lost('', 'body')]).to.deep.equal([
        ['unreachable', 'connection-lost', 'ECONNRESET'],
        ['unreachable', 'connection-lost', 'EPIPE'],
        ['unreachable', 'connection-lost', 'UND_ERR_SOCKET'],
        ['error', 'fetch-error', undefined],
        ['unreachable', 'connection-lost', 'EPROTO'],
        ['unreachable', 'connection-lost', 'socket closed'],
      ]);
    });

    it('a 204 and a 304 have no body, whatever the server sends after them', async () => {
      const app = await open((req, res) => res.writeHead(req.url === '/204' ? 204 : 304).end());
      for (const status of [204, 304]) {
        const res = await fetcher()(`${app.origin}/${status}`);
        expect([res.status, await res.text()]).to.deep.equal([status, '']);
      }
    });

    it('headers over the limit are too-large, in words of their own (not error)', async () => {
      const app = await open((req, res) => {
        const big = req.url === '/big';
        res.writeHead(200, { 'x-padding': 'p'.repeat(big ? 20_000 : 10_000) }).end('ok');
      });
      const fetch = fetcher();
      expect(await (await fetch(`${app.origin}/small`)).text()).to.equal('ok');
      const failure = await failureOf(fetch(`${app.origin}/big`));
      expect(failure.reason).to.equal('too-large');
      expect(failure.key).to.equal('http.headers-too-large');
    });

    it('an answer that is not HTTP is fetch-error, with the parser\'s first line as its message', async () => {
      const sockets: Socket[] = [];
      const raw = createNetServer((socket) => sockets.push(socket.on('error', () => {}).end('garbage\r\n\r\n')));
      await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
      stops.push(() => {
        for (const socket of sockets) socket.destroy();
        return new Promise<void>((resolve) => raw.close(() => resolve()));
      });
      const failure = await failureOf(fetcher()(`http://127.0.0.1:${(raw.address() as AddressInfo).port}/`));
      expect([failure.reason, failure.key]).to.deep.equal(['error', 'fetch-error']);
      expect(failure.params.message).to.match(/^Response does not match the HTTP\/1\.1 protocol \([^\n]+\)$/);
    });

    it('keeps connections alive between requests of one Agent', async () => {
      const app = await open((_req, res) => res.end('ok'));
      const fetch = fetcher();
      for (let i = 0; i < 6; i++) expect(await (await fetch(`${app.origin}/`)).text()).to.equal('ok');
      // One after another: a request that follows at once may find the first connection still
      // being checked by undici before its reuse, and take a second one; never more.
      expect(app.connections()).to.be.at.most(2);
    });
  });

  describe('time limits', () => {
    /** A fetch whose deadline is `ms` from now. */
    const timed = (ms: number) => {
      const agents = keepAliveAgents();
      const net = createFetch({ limits: { ...DEFAULT_LIMITS, timeoutMs: 60_000 }, signal: AbortSignal.timeout(ms), log: [], agents });
      fetches.push({ ...net, agents });
      return net.fetch;
    };

    it('an app that never answers: headers-timeout, naming the URL', async () => {
      const app = await open(() => {});
      const failure = await failureOf(timed(300)(`${app.origin}/_api/server.js`));
      expect(failure).to.deep.equal({ reason: 'timeout', key: 'headers-timeout', params: { url: `${app.origin}/_api/server.js`, ms: 60_000 } });
    });

    it('an app that starts answering and never finishes: body-timeout', async () => {
      const app = await open((_req, res) => {
        res.writeHead(200);
        res.write('// the rest never comes\n');
      });
      const failure = await failureOf(timed(300)(`${app.origin}/public/client.js`));
      expect(failure).to.deep.equal({ reason: 'timeout', key: 'body-timeout', params: { url: `${app.origin}/public/client.js`, ms: 60_000 } });
    });
  });

  it("refuses every port of the Fetch standard's bad-port list, as browsers do, without connecting", async () => {
    // The list as the Fetch standard writes it (fetch.spec.whatwg.org, "bad port").
    const BAD = [
      1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123,
      135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995,
      1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
    ];
    const fetch = fetcher();
    const refused: number[] = [];
    for (const port of BAD) if ((await failureOf(fetch(`http://127.0.0.1:${port}/`))).key === 'bad-port') refused.push(port);
    expect(refused).to.deep.equal(BAD);
  });

  describe('redirects', () => {
    /** `/hop/N` redirects to `/hop/N-1`; `/hop/0` answers. */
    const chain = (req: IncomingMessage, res: ServerResponse) => {
      const left = Number(req.url!.split('/')[2]);
      if (left > 0) return void res.writeHead(302, { location: `/hop/${left - 1}` }).end();
      res.end('arrived');
    };

    it('follows a chain of exactly 5 redirects, and refuses a 6th', async () => {
      const app = await open(chain);
      const fetch = fetcher();
      const res = await fetch(`${app.origin}/hop/5`);
      expect(await res.text()).to.equal('arrived');
      expect(res.redirected).to.equal(true);
      expect(await failureOf(fetch(`${app.origin}/hop/6`))).to.deep.equal({
        reason: 'redirect',
        key: 'too-many-redirects',
        params: { url: `${app.origin}/hop/6`, max: 5, last: `${app.origin}/hop/0` },
      });
    });

    it('keeps a POST and its body through 307 and 308; 303, and 301 or 302 after a POST, go on as a GET without a body', async () => {
      const app = await open((req, res) => {
        const status = Number(req.url!.slice(1));
        if (status >= 300) return void res.writeHead(status, { location: '/seen' }).end();
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => res.end(`${req.method} ${JSON.stringify(body)}`));
      });
      const fetch = fetcher();
      const seen = async (status: number, method: string) => (await fetch(`${app.origin}/${status}`, { method, body: method === 'POST' ? 'count=1' : undefined })).text();
      expect(await seen(307, 'POST')).to.equal('POST "count=1"');
      expect(await seen(308, 'POST')).to.equal('POST "count=1"');
      expect(await seen(303, 'POST')).to.equal('GET ""');
      expect(await seen(301, 'POST')).to.equal('GET ""');
      expect(await seen(302, 'POST')).to.equal('GET ""');
      // A 303 turns any method into a GET; a 301 or 302 of another method keeps it.
      expect(await seen(303, 'PUT')).to.equal('GET ""');
      expect(await seen(302, 'PUT')).to.equal('PUT ""');
    });

    it('follows a redirect to another port or scheme of the same host', async () => {
      const other = await open((_req, res) => res.end('other port'));
      const app = await open((_req, res) => res.writeHead(302, { location: `${other.origin}/file.js` }).end());
      expect(await (await fetcher()(`${app.origin}/`)).text()).to.equal('other port');
    });

    it('refuses a redirect to another host, naming where it pointed', async () => {
      const app = await open((req, res) => {
        if (req.url === '/away') return void res.writeHead(302, { location: `http://localhost:${app.port}/file.js` }).end();
        res.end('never');
      });
      const failure = await failureOf(fetcher()(`${app.origin}/away`));
      expect(failure).to.deep.equal({
        reason: 'redirect',
        key: 'http.redirect-other-host',
        params: { url: `${app.origin}/away`, location: `http://localhost:${app.port}/file.js` },
      });
      expect(app.connections()).to.equal(1);
    });

    it('refuses a redirect to an address with credentials (a user name and a password, or either alone), and never shows or sends them', async () => {
      const seen: (string | undefined)[] = [];
      const app = await open((req, res) => {
        seen.push(req.headers.authorization);
        const userinfo = { '/both': 'ana:s3cret@', '/user': 'ana@', '/password': ':s3cret@' }[req.url ?? ''];
        if (userinfo) return void res.writeHead(302, { location: `http://${userinfo}127.0.0.1:${app.port}/file.js` }).end();
        res.end('file');
      });
      for (const path of ['/both', '/user', '/password']) {
        const failure = await failureOf(fetcher()(`${app.origin}${path}`));
        expect([failure.reason, failure.key, failure.params.location], path).to.deep.equal(['redirect', 'http.redirect-credentials', `http://127.0.0.1:${app.port}/file.js`]);
        expect(JSON.stringify(failure), path).not.to.include('s3cret');
      }
      // Only the three first requests: no redirect was followed.
      expect(seen).to.deep.equal([undefined, undefined, undefined]);
    });
  });
});
