// What a test file's tests share (the check command's warm pool, test/helpers/cli.ts), ended
// after the file by the root hook of test/helpers/leaks.ts: with `--parallel`, root hooks run
// once per file in the worker process that ran it; alone, once after every file.

const enders = new Set<() => Promise<void>>();

/** `end` runs once the current test file is done. */
export function endAfterFile(end: () => Promise<void>): void {
  enders.add(end);
}

/** Ends what the file shared, whatever happens to each. */
export async function endFileScope(): Promise<void> {
  const all = [...enders];
  enders.clear();
  await Promise.allSettled(all.map((end) => end()));
}
