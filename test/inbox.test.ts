// A test client's inbox (checker/run/sockets/inbox.ts): what the app sent and the check has
// not asked for yet. An app may replay a long backlog to every client before the count
// (test/fixtures/hostile-sockets, kind backlog, checks it end to end); here the queue itself.
import { expect } from 'chai';
import { COMPACT_AFTER, Inbox } from '../checker/run/sockets/inbox.ts';

/** Takes every queued `event` in order. */
function drain(inbox: Inbox, event: string): unknown[] {
  const taken: unknown[] = [];
  while (inbox.has(event)) taken.push(inbox.take(event));
  return taken;
}

describe('a test client\'s inbox', () => {
  it('keeps each event\'s data in arrival order, apart from the others', () => {
    const inbox = new Inbox();
    inbox.put('chat message', 'a');
    inbox.put('user count', 1);
    inbox.put('chat message', 'b');
    inbox.put('user count', 2);
    expect(drain(inbox, 'user count')).to.deep.equal([1, 2]);
    expect(drain(inbox, 'chat message')).to.deep.equal(['a', 'b']);
    expect(inbox.has('user count')).to.equal(false);
  });

  it('hands the next data straight to a wait, without queueing it', async () => {
    const inbox = new Inbox();
    const waited = inbox.wait('user count');
    inbox.put('user count', 3);
    expect(await waited).to.equal(3);
    expect(inbox.has('user count')).to.equal(false);
  });

  it('after stopWaiting, the data is queued for the next ask', () => {
    const inbox = new Inbox();
    void inbox.wait('user count');
    inbox.stopWaiting('user count');
    inbox.put('user count', 4);
    expect(drain(inbox, 'user count')).to.deep.equal([4]);
  });

  // The queue is compacted once 1024 items were taken and they are at least half of it:
  // on each side of that point, what is left comes out whole and in order.
  for (const taken of [1023, 1024, 1025]) {
    it(`${taken} taken of 2 100, then 5 more put: the rest in order`, () => {
      const inbox = new Inbox();
      for (let i = 0; i < 2100; i++) inbox.put('tick', i);
      for (let i = 0; i < taken; i++) expect(inbox.take('tick')).to.equal(i);
      for (let i = 2100; i < 2105; i++) inbox.put('tick', i);
      expect(drain(inbox, 'tick')).to.deep.equal(Array.from({ length: 2105 - taken }, (_, i) => taken + i));
    });
  }

  it('a backlog of 1 000 000 events goes in and out whole (each put and take costs the same, however long the queue)', async () => {
    // A queue copied on each put (as the first version did) would copy 5 x 10^11 items here
    // and never finish: the test's timeout ends it (the loop yields now and then, so the
    // timeout can fire). A constant cost takes well under a second.
    const inbox = new Inbox();
    const count = 1_000_000;
    for (let i = 0; i < count; i++) {
      inbox.put('chat message', i);
      if (i % 10_000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    inbox.put('user count', 1);
    expect(inbox.take('user count')).to.equal(1);
    let next = 0;
    while (inbox.has('chat message')) {
      if (inbox.take('chat message') !== next) break;
      next++;
    }
    expect(next).to.equal(count);
  });
});

describe("a test client's inbox: its memory", () => {
  /** An inbox holding `count` events, `taken` of them taken. */
  function after(count: number, taken: number): Inbox {
    const inbox = new Inbox();
    for (let i = 0; i < count; i++) inbox.put('e', i);
    for (let i = 0; i < taken; i++) inbox.take('e');
    return inbox;
  }

  it('drops the taken slots once 1 024 were taken and no more than that are left', () => {
    expect(COMPACT_AFTER).to.equal(1024);
    const compacted = after(2048, 1024);
    expect(compacted.held('e')).to.equal(1024);
    expect(compacted.take('e')).to.equal(1024);
  });

  it('keeps them one short of either boundary: 1 023 taken, or more left than taken', () => {
    expect(after(2046, 1023).held('e')).to.equal(2046);
    expect(after(2049, 1024).held('e')).to.equal(2049);
    const kept = after(2049, 1024);
    expect(drain(kept, 'e')).to.deep.equal(Array.from({ length: 1025 }, (_, i) => 1024 + i));
  });
});
