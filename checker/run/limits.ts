/** What one check may fetch, and how long it may take. */
export interface Limits {
  /** The whole check, in ms (`--timeout`, default 5000 as freeCodeCamp's). */
  timeoutMs: number;
  /** Largest body, counted after decompression. */
  maxBytes: number;
  maxRedirects: number;
  /**
   * Everything one check receives, all counted together: HTTP bodies, Socket.IO messages
   * (WebSocket frames and polling answers, binary attachments included, and so every
   * event queued for the check). Past it the check ends as `too-large`. Default
   * TOTAL_BYTES.
   */
  maxTotalBytes?: number;
}

/** The byte budget of one check (16 MiB): sixteen bodies at the cap, or a long event storm. */
export const TOTAL_BYTES = 16 * 1024 * 1024;

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

/** Socket.IO timings from an app's handshake above this are taken as this: a timer longer than 2^31-1 ms would fire at once (and Node would print a TimeoutOverflowWarning). */
export const MAX_SOCKET_TIMER_MS = 60 * 60 * 1000;

/**
 * Events of other names a test client may receive since it connected, or since it last had
 * what it waited for, before a wait that ends empty is the app flooding the check, not an
 * event that never came. The lesson's app sends one event per connection; a chat's history
 * is tens of messages; a correct app replaying a backlog of 20 000 events gets its count
 * through all the same, when it comes within the wait.
 */
export const FLOOD_EVENTS = 2000;
