// --shard K/N: N slices of a roster that together hold every line exactly once, and
// never split the lines that point at one app.

import path from 'node:path';
import { expect } from 'chai';
import { parseRoster, type Roster } from '../checker/roster/parse.ts';
import { shardRoster } from '../checker/roster/shard.ts';

const BASE = path.resolve('/class');

// 12 learners, three of them on one app (lines 3, 8, 12), two on one folder (5, 10), and
// three lines that cannot be checked (6, 9, 14).
const ROSTER = parseRoster(
  [
    'learner,target', // 1
    'ana,http://127.0.0.1:3001', // 2
    'bruno,http://127.0.0.1:3002', // 3
    'carla,http://127.0.0.1:3003', // 4
    'dario,subs/shared', // 5
    'just-a-name', // 6
    'eva,http://127.0.0.1:3005', // 7
    'fabio,http://127.0.0.1:3002/', // 8: bruno's app
    ',http://127.0.0.1:3009', // 9
    'gaia,subs/shared', // 10: dario's folder
    'ugo,http://127.0.0.1:3011', // 11
    'vera,http://127.0.0.1:3002/chat', // 12: bruno's app again, another path
    'zoe,subs/zoe', // 13
    'ana,http://127.0.0.1:3014', // 14: ana again
  ].join('\n'),
  BASE,
);

const linesOf = (roster: Roster) => ({ entries: roster.entries.map((e) => e.line), problems: roster.problems.map((p) => p.line) });

describe('shardRoster', () => {
  it('is read as the test expects: 10 learners, 3 problems', () => {
    expect(linesOf(ROSTER)).to.deep.equal({ entries: [2, 3, 4, 5, 7, 8, 10, 11, 12, 13], problems: [6, 9, 14] });
  });

  for (const count of [1, 2, 3, 4, 5]) {
    it(`cuts it into ${count}: every learner and every problem in exactly one shard, in roster order`, () => {
      const shards = Array.from({ length: count }, (_, at) => shardRoster(ROSTER, { index: at + 1, count }));
      const entries = shards.flatMap((shard) => shard.entries.map((e) => e.line));
      const problems = shards.flatMap((shard) => shard.problems.map((p) => p.line));
      expect([...entries].sort((a, b) => a - b)).to.deep.equal(ROSTER.entries.map((e) => e.line));
      expect([...problems].sort((a, b) => a - b)).to.deep.equal(ROSTER.problems.map((p) => p.line));
      for (const shard of shards) {
        const lines = shard.entries.map((e) => e.line);
        expect(lines).to.deep.equal([...lines].sort((a, b) => a - b));
      }
    });
  }

  it('keeps the lines on one app, and on one folder, in the same shard', () => {
    for (const count of [2, 3, 4, 5]) {
      for (let index = 1; index <= count; index++) {
        const lines = shardRoster(ROSTER, { index, count }).entries.map((e) => e.line);
        const bruno = [3, 8, 12].filter((line) => lines.includes(line));
        const shared = [5, 10].filter((line) => lines.includes(line));
        expect(bruno.length, `${index}/${count}: ${lines}`).to.be.oneOf([0, 3]);
        expect(shared.length, `${index}/${count}: ${lines}`).to.be.oneOf([0, 2]);
      }
    }
  });

  it('deals units round-robin in roster order, the same way every time', () => {
    // Units by first line: 2, 3(+8, 12), 4, 5(+10), 6, 7, 9, 11, 13, 14.
    expect(linesOf(shardRoster(ROSTER, { index: 1, count: 3 }))).to.deep.equal({ entries: [2, 5, 10], problems: [9, 14] });
    expect(linesOf(shardRoster(ROSTER, { index: 2, count: 3 }))).to.deep.equal({ entries: [3, 8, 11, 12], problems: [6] });
    expect(linesOf(shardRoster(ROSTER, { index: 3, count: 3 }))).to.deep.equal({ entries: [4, 7, 13], problems: [] });
    expect(shardRoster(ROSTER, { index: 2, count: 3 })).to.deep.equal(shardRoster(ROSTER, { index: 2, count: 3 }));
  });

  it('gives an empty slice, not an error, when there are more shards than units', () => {
    const small = parseRoster('ana,http://127.0.0.1:3001\n', BASE);
    expect(linesOf(shardRoster(small, { index: 1, count: 3 }))).to.deep.equal({ entries: [1], problems: [] });
    expect(linesOf(shardRoster(small, { index: 3, count: 3 }))).to.deep.equal({ entries: [], problems: [] });
  });
});
