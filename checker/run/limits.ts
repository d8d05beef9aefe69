/** What one check may fetch, and how long it may take. */
export interface Limits {
  /** The whole check, in ms (`--timeout`, default 5000 as freeCodeCamp's). */
  timeoutMs: number;
  /** Largest body, counted after decompression. */
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_LIMITS: Limits = {
  timeoutMs: 5000,
  maxBytes: 1024 * 1024,
  maxRedirects: 5,
};

/**
 * Time a check keeps for itself after its own fetches and event waits give up,
 * so that it can report which URL or event was too slow before the hard stop.
 */
export function graceMs(timeoutMs: number): number {
  // A fifth, up to half a second: enough for the report to reach the pool on a busy machine.
  return Math.min(500, Math.floor(timeoutMs / 5));
}

/** How long a behaviour check waits for one Socket.IO event or connection. */
export function eventWaitMs(timeoutMs: number): number {
  return Math.max(100, Math.min(2000, Math.floor(timeoutMs * 0.3)));
}
