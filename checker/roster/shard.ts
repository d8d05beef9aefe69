// `--shard K/N`: one of N slices of a roster, for N CI jobs that check a class together.

import type { RosterProblem, Shard } from '../types.ts';
import type { Roster } from './parse.ts';
import { groupIndexes, targetKey } from './targets.ts';

/**
 * The K-th of N slices. The roster is cut into units, in roster order: all the lines that
 * point at one submission form one unit (so they are never checked by two jobs at once,
 * see targets.ts), and each line that could not be read is a unit of its own. Unit u goes
 * to shard (u mod N) + 1. The same roster always gives the same slices, and the N slices
 * together hold every learner and every problem exactly once.
 */
export function shardRoster(roster: Roster, shard: Shard): Roster {
  type Unit = { first: number; entries: number[]; problem?: RosterProblem };
  const units: Unit[] = [
    ...groupIndexes(roster.entries, (entry) => targetKey(entry.target)).map((entries) => ({ first: roster.entries[entries[0]!]!.line, entries })),
    ...roster.problems.map((problem) => ({ first: problem.line, entries: [], problem })),
  ].sort((a, b) => a.first - b.first);
  const mine = units.filter((_, u) => u % shard.count === shard.index - 1);
  const entries = new Set(mine.flatMap((unit) => unit.entries));
  const problems = new Set(mine.flatMap((unit) => (unit.problem ? [unit.problem] : [])));
  return { ...roster, entries: roster.entries.filter((_, at) => entries.has(at)), problems: roster.problems.filter((problem) => problems.has(problem)) };
}
