// The pieces of the Socket.IO helper on their own: the WebSocket frame meter that caps
// messages for every client version, the cut that keeps failure parameters short,
// and the clients loaded only when a behaviour check connects.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { eventWaitMs } from '../checker/run/limits.ts';
import { toFailure } from '../checker/run/diagnose.ts';
import { truncate } from '../checker/text/cut.ts';
import { bounded, CheckFailure } from '../checker/run/failure.ts';
import { FrameMeter } from '../checker/run/sockets/frames.ts';
import { saneHandshake } from '../checker/run/sockets/wires.ts';
import { Budget } from '../checker/run/budget.ts';
import { describeValue } from '../checker/run/describe.ts';
import { ROOT, type RunningApp } from './helpers/apps.ts';
import { startAll, startFixture, stopAll } from './helpers/fixture-apps.ts';

const MiB = 1024 * 1024;
const UPGRADED = Buffer.from('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');

/** A server-to-client frame header (unmasked) for a payload of `length` bytes. */
function frameHeader(length: number, { opcode = 1, fin = true } = {}): Buffer {
  const first = (fin ? 0x80 : 0) | opcode;
  if (length < 126) return Buffer.from([first, length]);
  if (length < 0x10000) {
    const header = Buffer.from([first, 126, 0, 0]);
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.alloc(10);
  header[0] = first;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

const frame = (payload: string, options?: { opcode?: number; fin?: boolean }) =>
  Buffer.concat([frameHeader(Buffer.byteLength(payload), options), Buffer.from(payload)]);

/** Feeds `bytes` to a meter in chunks of `size` bytes (1: byte by byte). */
function feed(meter: FrameMeter, bytes: Buffer, size = bytes.length) {
  let seen = meter.seen;
  for (let at = 0; at < bytes.length; at += size) seen = meter.push(bytes.subarray(at, at + size));
  return seen;
}

describe("an app's Engine.IO handshake, made safe before a client reads it (sockets/wires.ts)", () => {
  it('clamps ping timings to an hour, puts back the defaults for what is not a time, and keeps 16 upgrades at most, once each', () => {
    const data = { pingInterval: 1e12, pingTimeout: -1, upgrades: [...Array(80_000).fill('websocket'), 'webtransport'] };
    saneHandshake(data);
    expect(data).to.deep.equal({ pingInterval: 3_600_000, pingTimeout: 20_000, upgrades: ['websocket'] });
    const other = { pingInterval: Number.NaN, pingTimeout: 3_600_000, upgrades: Array.from({ length: 20 }, (_, i) => `t${i}`) };
    saneHandshake(other);
    expect(other).to.deep.equal({ pingInterval: 25_000, pingTimeout: 3_600_000, upgrades: Array.from({ length: 16 }, (_, i) => `t${i}`) });
    const none = { pingInterval: 0, upgrades: 'websocket' };
    saneHandshake(none);
    expect(none).to.deep.equal({ pingInterval: 0, pingTimeout: 20_000, upgrades: [] });
  });

  it('leaves alone a handshake that is not an object', () => {
    for (const data of ['0{"sid":1}', 42, null, undefined]) expect(() => saneHandshake(data as never)).to.not.throw();
  });
});

describe('the WebSocket frame meter', () => {
  it('lets Socket.IO-sized messages through, and reads the status of the upgrade', () => {
    const meter = new FrameMeter(MiB);
    const seen = feed(meter, Buffer.concat([UPGRADED, frame('0{"sid":"a"}'), frame('40'), frame('42["user count",1]')]));
    expect(seen).to.deep.equal({ status: 101 });
  });

  it('stops a 90 MiB message on its header alone, before any of its payload', () => {
    const meter = new FrameMeter(MiB);
    expect(feed(meter, Buffer.concat([UPGRADED, frame('40'), frameHeader(90 * MiB)]))).to.deep.equal({ status: 101, overBytes: 90 * MiB });
  });

  it('stops at one byte over the limit, not at the limit', () => {
    const exact = new FrameMeter(1000);
    expect(feed(exact, Buffer.concat([UPGRADED, frame('x'.repeat(1000))])).overBytes).to.equal(undefined);
    const over = new FrameMeter(1000);
    expect(feed(over, Buffer.concat([UPGRADED, frameHeader(1001)])).overBytes).to.equal(1001);
  });

  it('reads the same when every byte comes on its own', () => {
    const meter = new FrameMeter(1000);
    const bytes = Buffer.concat([UPGRADED, frame('x'.repeat(300)), frame('y'.repeat(900)), frameHeader(5000)]);
    expect(feed(meter, bytes, 1)).to.deep.equal({ status: 101, overBytes: 5000 });
  });

  it('adds up a message sent in fragments, control frames in between not counting', () => {
    const meter = new FrameMeter(1000);
    const fragments = Buffer.concat([
      UPGRADED,
      frame('a'.repeat(600), { fin: false }),
      frame('ping', { opcode: 9 }),
      frame('b'.repeat(600), { opcode: 0, fin: true }),
    ]);
    expect(feed(meter, fragments).overBytes).to.equal(1200);
    // Two whole messages of 600 bytes are two messages, each under the limit.
    const two = new FrameMeter(1000);
    expect(feed(two, Buffer.concat([UPGRADED, frame('a'.repeat(600)), frame('b'.repeat(600))])).overBytes).to.equal(undefined);
  });

  it('does not count a close frame (opcode 8) as a message, even one over the cap', () => {
    const meter = new FrameMeter(100);
    expect(feed(meter, Buffer.concat([UPGRADED, frame('a'.repeat(60)), frame('c'.repeat(120), { opcode: 8 })]))).to.deep.equal({ status: 101 });
  });

  it('counts once a single frame byte that came with the HTTP answer and is emitted again', () => {
    const bytes = Buffer.concat([frameHeader(900), Buffer.from('x'.repeat(900)), frameHeader(2000)]);
    const meter = new FrameMeter(1000);
    expect(meter.push(Buffer.concat([UPGRADED, bytes.subarray(0, 1)]))).to.deep.equal({ status: 101 });
    expect(meter.push(bytes.subarray(0, 1))).to.deep.equal({ status: 101 });
    expect(meter.push(bytes.subarray(1))).to.deep.equal({ status: 101, overBytes: 2000 });
  });

  it('counts once the frames that came with the HTTP answer, which the socket emits again for ws', () => {
    // The answer and the start of a 900-byte frame in one chunk; ws hands those frame
    // bytes back to the socket (unshift), which emits them again; then the rest, and a
    // second frame whose header says 2000.
    const first = Buffer.concat([UPGRADED, frameHeader(900), Buffer.from('x'.repeat(100))]);
    const replayed = first.subarray(UPGRADED.length);
    const rest = Buffer.concat([Buffer.from('x'.repeat(800)), frameHeader(2000)]);
    const meter = new FrameMeter(1000);
    expect(meter.push(first)).to.deep.equal({ status: 101 });
    expect(meter.push(replayed)).to.deep.equal({ status: 101 });
    expect(meter.push(rest)).to.deep.equal({ status: 101, overBytes: 2000 });
    // Without the replay (a client that does not hand the bytes back), the same count.
    const alone = new FrameMeter(1000);
    alone.push(first);
    expect(alone.push(rest)).to.deep.equal({ status: 101, overBytes: 2000 });
  });

  it('reads an HTTP head of up to 64 KiB before its end; past that, nothing more', () => {
    /** The first `size` bytes of a 101 answer's head, its blank line not yet come. */
    const headOf = (size: number) => {
      const start = 'HTTP/1.1 101 Switching Protocols\r\nX-Pad: ';
      return Buffer.from(start + 'a'.repeat(size - start.length));
    };
    const then = Buffer.concat([Buffer.from('\r\n\r\n'), frameHeader(2000)]);
    const atCap = new FrameMeter(1000);
    atCap.push(headOf(64 * 1024));
    expect(atCap.push(then)).to.deep.equal({ status: 101, overBytes: 2000 });
    const overCap = new FrameMeter(1000);
    overCap.push(headOf(64 * 1024 + 1));
    expect(overCap.push(then)).to.deep.equal({});
  });

  it('skips informational heads (103 Early Hints, 100) before the 101, in one chunk or byte by byte', () => {
    const hints = Buffer.from('HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n');
    const bytes = Buffer.concat([hints, UPGRADED, frame('40'), frameHeader(90 * MiB)]);
    expect(feed(new FrameMeter(MiB), bytes)).to.deep.equal({ status: 101, overBytes: 90 * MiB });
    expect(feed(new FrameMeter(MiB), bytes, 1)).to.deep.equal({ status: 101, overBytes: 90 * MiB });
    // A 1xx never counts as a refusal: without a final answer yet, no status at all.
    expect(feed(new FrameMeter(MiB), hints)).to.deep.equal({});
  });

  it("offers every frame's bytes (header and declared payload) to the budget, and stops when it says no", () => {
    const offered: number[] = [];
    let left = 20;
    const spend = (bytes: number) => {
      offered.push(bytes);
      left -= bytes;
      return left >= 0;
    };
    const meter = new FrameMeter(MiB, spend);
    // 2 + 2 bytes, 2 + 10, 2 + 1: 19 in all, within; then 2 + 1 more, two bytes over.
    expect(feed(meter, Buffer.concat([UPGRADED, frame('40'), frame('x'.repeat(10)), frame('4')]))).to.deep.equal({ status: 101 });
    expect(offered).to.deep.equal([4, 12, 3]);
    expect(feed(meter, frame('y'))).to.deep.equal({ status: 101, overBudget: true });
    expect(offered).to.deep.equal([4, 12, 3, 3]);
    // A message over its own cap is that, not the budget: it is never offered.
    const capped = new FrameMeter(MiB, spend);
    expect(feed(capped, Buffer.concat([UPGRADED, frameHeader(90 * MiB)]))).to.deep.equal({ status: 101, overBytes: 90 * MiB });
    expect(offered).to.have.length(4);
  });

  it('records a refused upgrade and does not read its body as frames', () => {
    const meter = new FrameMeter(1000);
    const refused = Buffer.concat([Buffer.from('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'), frameHeader(90 * MiB)]);
    expect(feed(meter, refused)).to.deep.equal({ status: 400 });
    // At the edge of the informational range: a 200 is an answer (a refusal), a 199 is not yet one.
    const ok = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi'), frameHeader(90 * MiB)]);
    expect(feed(new FrameMeter(1000), ok)).to.deep.equal({ status: 200 });
    expect(feed(new FrameMeter(1000), Buffer.from('HTTP/1.1 199 Whatever\r\n\r\n'))).to.deep.equal({});
  });
});

describe('failure parameters leaving the worker', () => {
  const huge = 'x'.repeat(125_000_000);

  it('are cut to 200 characters, the last one an ellipsis; numbers and short texts are kept', () => {
    const failure = bounded({ reason: 'socket-rejected', key: 'socket-rejected', params: { url: 'http://127.0.0.1:3000', message: huge, status: 403, ok: true } });
    expect(failure.params.message).to.equal(`${'x'.repeat(199)}…`);
    expect(failure.params).to.include({ url: 'http://127.0.0.1:3000', status: 403, ok: true });
  });

  it('never split a character made of two UTF-16 units', () => {
    const text = `${'x'.repeat(198)}😀😀😀`;
    expect(truncate(text, 200)).to.equal(`${'x'.repeat(198)}😀…`);
    expect(truncate('short', 200)).to.equal('short');
  });

  it('are cut on every way a check fails: a CheckFailure (what fail() throws), an assertion, any error', () => {
    const fromCheck = toFailure(new CheckFailure('assertion', 'count-not-number', { value: huge, type: 'string' }), []);
    expect(String(fromCheck.params.value)).to.have.length(200);
    const fromError = toFailure(new Error(huge), []);
    expect(fromError).to.deep.include({ reason: 'error', key: 'check-error' });
    expect(String(fromError.params.message)).to.have.length(200);
    const assertion = Object.assign(new Error(`expected '${huge}' to equal 1`), { name: 'AssertionError' });
    const fromAssertion = toFailure(assertion, []);
    expect(fromAssertion.message).to.have.length(1000);
    expect(String(fromAssertion.params.pattern)).to.have.length.at.most(200);
  });
});

describe('the Socket.IO clients are loaded only when a behaviour check connects', function () {
  this.timeout(60_000);
  let apps: Record<'v4' | 'v2', RunningApp>;

  before(async () => {
    apps = await startAll({ v4: () => startFixture('right'), v2: () => startFixture('right', 'socket.io-v2') });
  });
  after(() => stopAll(Object.values(apps ?? {})));

  /** The lesson's checks of one section, run in a child process: their outcomes and the client packages it loaded. */
  async function loadedBy(section: 'hints' | 'behaviour', url: string): Promise<{ outcomes: { passed: boolean }[]; loaded: string[] }> {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/helpers/loaded-clients.ts', section, url], { cwd: ROOT });
    return JSON.parse(stdout) as { outcomes: { passed: boolean }[]; loaded: string[] };
  }

  it('the hints alone load neither client, nor the page engine (QuickJS) nor the parser (acorn)', async () => {
    const { outcomes, loaded } = await loadedBy('hints', apps.v4.url);
    expect(outcomes.map((o) => o.passed)).to.deep.equal([true, true, true]);
    expect(loaded).to.deep.equal([]);
  });

  it('the behaviour checks on 4.x load the 4.x client (its ws), not the 2.x one', async () => {
    const { outcomes, loaded } = await loadedBy('behaviour', apps.v4.url);
    expect(outcomes.map((o) => o.passed), JSON.stringify(outcomes)).to.deep.equal([true, true, true, true]);
    expect(loaded).to.include('ws').and.not.include('socket.io-client-v2');
    expect(loaded).to.include.members(['acorn', 'quickjs']);
  });

  it('the behaviour checks on 2.x load the 2.x client only', async () => {
    const { outcomes, loaded } = await loadedBy('behaviour', apps.v2.url);
    expect(outcomes.map((o) => o.passed), JSON.stringify(outcomes)).to.deep.equal([true, true, true, true]);
    expect(loaded).to.deep.equal(['acorn', 'quickjs', 'socket.io-client-v2']);
  });
});

describe('what an app sent, described for a message (describeValue)', () => {
  it('is JSON.stringify for ordinary data', () => {
    for (const value of [1, 'one', '1', true, null, [1, 'a'], { count: 2, nested: { list: [1, 2] } }]) {
      expect(describeValue(value)).to.equal(JSON.stringify(value));
    }
    expect(describeValue(undefined)).to.equal('undefined');
  });

  it('stops at 20 levels of nesting, whatever the depth (200 000 here)', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`) as unknown;
    expect(describeValue(deep)).to.equal(`${'['.repeat(20)}[…]${']'.repeat(20)}`);
    // Twenty arrays deep is shown whole; the twenty-first is not opened.
    const twenty = JSON.parse(`${'['.repeat(20)}1${']'.repeat(20)}`) as unknown;
    expect(describeValue(twenty)).to.equal(`${'['.repeat(20)}1${']'.repeat(20)}`);
    const deeper = JSON.parse(`${'['.repeat(21)}1${']'.repeat(21)}`) as unknown;
    expect(describeValue(deeper)).to.equal(`${'['.repeat(20)}[…]${']'.repeat(20)}`);
  });

  it('shows a value of exactly 400 characters whole, and cuts one of 401 to 400 and an ellipsis', () => {
    const exactly = `"${'x'.repeat(398)}"`;
    expect(describeValue('x'.repeat(398))).to.equal(exactly);
    expect(describeValue('x'.repeat(399))).to.equal(`"${'x'.repeat(399)}…`);
    expect(describeValue([1, 'x'.repeat(394)])).to.equal(`[1,"${'x'.repeat(394)}"]`);
    expect(describeValue([1, 'x'.repeat(395)])).to.equal(`[1,"${'x'.repeat(395)}"…`);
    // Cut inside a nested value whose text ends exactly at 400: still cut, with its ellipsis.
    expect(describeValue([['x'.repeat(396)]])).to.equal(`[["${'x'.repeat(396)}"…`);
    expect(describeValue({ a: { b: 'x'.repeat(388) } })).to.equal(`{"a":{"b":"${'x'.repeat(388)}"…`);
  });

  it('stops after about 400 characters of a million elements, with an ellipsis', () => {
    const text = describeValue(Array(1_000_000).fill(7));
    expect(text.startsWith('[7,7,7')).to.equal(true);
    expect(text.endsWith('…')).to.equal(true);
    expect(text.length).to.be.within(400, 402);
  });

  it("never calls the value's own methods, and survives getters and proxies that throw", () => {
    const hostile = { toString: () => { throw new Error('no'); }, valueOf: 1 };
    expect(describeValue(hostile)).to.equal('{"toString":function,"valueOf":1}');
    const getter = Object.defineProperty({}, 'boom', { enumerable: true, get: () => { throw new Error('no'); } });
    expect(describeValue(getter)).to.equal('{"boom":"<unreadable>"}');
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error('no'); } });
    expect(describeValue(proxy)).to.equal('{}');
    expect(describeValue(Buffer.alloc(12))).to.equal('<12 bytes>');
  });
});

describe("a check's byte budget", () => {
  it('holds exactly its limit, and fails one byte past it, naming the URL and the limit', () => {
    const budget = new Budget({ maxTotalBytes: 100 });
    expect(budget.spend(60, 'http://a/')).to.equal(true);
    expect(budget.spend(40, 'http://a/')).to.equal(true);
    expect(budget.failure).to.equal(undefined);
    const heard: unknown[] = [];
    budget.onSpent((failure) => heard.push(failure.toFailure()));
    expect(budget.spend(1, 'http://b/')).to.equal(false);
    const failure = { reason: 'too-large', key: 'flood.budget', params: { url: 'http://b/', limit: 100 } };
    expect(budget.failure?.toFailure()).to.deep.equal(failure);
    expect(heard).to.deep.equal([failure]);
    // Spent stays spent; a listener added later hears it at once.
    expect(budget.spend(0, 'http://c/')).to.equal(false);
    budget.onSpent((f) => heard.push(f.toFailure()));
    expect(heard).to.have.length(2);
  });

  it('is 16 MiB unless the limits say otherwise', () => {
    expect(new Budget({}).limit).to.equal(16 * 1024 * 1024);
  });
});

describe("a behaviour check's wait for one event (eventWaitMs)", () => {
  it("is three tenths of the check's limit, never under 100 ms nor over 2000 ms", () => {
    expect([300, 334, 340, 5000, 6666, 6667, 10_000].map(eventWaitMs)).to.deep.equal([100, 100, 102, 1500, 1999, 2000, 2000]);
  });
});
