// When do two roster lines point at the same submission? Lines that do are checked one
// after another (never side by side) and land in the same --shard, because the lesson's
// behaviour checks count the app's Socket.IO clients: two runs at once would mix counts.

import { targetName } from '../target.ts';
import type { Target } from '../types.ts';

/**
 * A submission's identity from its target's name: for an app, its origin (scheme, host,
 * port), since the test clients connect to the origin whatever the path; for a folder,
 * its absolute path.
 */
export function submissionKey(name: string): string {
  try {
    const url = new URL(name);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  } catch {
    // not a URL: a folder
  }
  return name;
}

export function targetKey(target: Target): string {
  try {
    return submissionKey(targetName(target));
  } catch {
    // A target the checker cannot name fails in its own run, where it is reported.
    return JSON.stringify(target);
  }
}

/** Indexes of `items` grouped by `key`, each group in item order, groups in order of their first item. */
export function groupIndexes<T>(items: readonly T[], key: (item: T) => string): number[][] {
  const groups = new Map<string, number[]>();
  items.forEach((item, at) => {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(at);
    else groups.set(k, [at]);
  });
  return [...groups.values()];
}

export interface SharedTarget {
  /** The app's origin, or the folder. */
  target: string;
  /** Roster lines of the learners that point at it, in order. */
  lines: number[];
}

/** Checked learners whose lines point at one submission: worth a look (a copied line, a shared app). */
export function sharedTargets(learners: readonly { line: number; results: { target: string } }[]): SharedTarget[] {
  return groupIndexes(learners, (learner) => submissionKey(learner.results.target))
    .filter((group) => group.length > 1)
    .map((group) => ({ target: submissionKey(learners[group[0]!]!.results.target), lines: group.map((at) => learners[at]!.line) }));
}
