// Polling with a deadline, for tests that wait on another process or thread (never sleeping
// a fixed time).

/** The first value `probe` gives other than undefined, asking every 20 ms; rejects after `ms`. */
export async function poll<T>(probe: () => T | undefined | Promise<T | undefined>, ms: number, what = 'the condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves once `condition` holds, asking every 20 ms; rejects after `ms`. */
export async function until(condition: () => boolean, ms = 10_000, what = 'the condition'): Promise<void> {
  await poll(() => (condition() ? true : undefined), ms, what);
}
