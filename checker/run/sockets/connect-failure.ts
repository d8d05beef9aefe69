import { CheckFailure } from '../failure.ts';
import { endpoint, engineError, SERVER_V2, SERVER_V4, UNSUPPORTED_PROTOCOL, type Protocol } from './engine-io.ts';
import type { ConnectError } from './wires.ts';

/** What one client's transports recorded on the way, to explain a failed connection. */
export interface Findings {
  /** The WebSocket upgrade was answered with this status instead of 101. */
  wsStatus?: number;
  /** A polling request was answered with an error status. */
  polling?: { status: number; body: string };
  /** A polling request failed (too slow, cut off): the fetch's own failure. */
  pollFailure?: CheckFailure;
}

export const serverName = (eio: 3 | 4) => (eio === 3 ? SERVER_V2 : SERVER_V4);

/**
 * Why a connection attempt failed, in the checker's terms, or `retry` when the probe
 * could not tell the version and the other client should try.
 */
export function connectFailure(error: ConnectError, protocol: Protocol, eio: 3 | 4, origin: string, waitMs: number, findings: Findings): CheckFailure | 'retry' {
  const url = endpoint(origin);
  switch (error.kind) {
    case 'timeout':
      return new CheckFailure('timeout', 'connect-timeout', { url: origin, ms: waitMs });
    case 'refused':
      return new CheckFailure('socket-rejected', 'socket-rejected', { url: origin, message: error.message, server: serverName(eio) });
    case 'v2-server':
      return eio === 4 && protocol.guessed ? 'retry' : new CheckFailure('socket-rejected', 'socket-version', { url, message: error.message });
    case 'transport':
      break;
  }
  if (findings.pollFailure) return findings.pollFailure;
  if (findings.polling) {
    const { status, body } = findings.polling;
    const refusal = engineError(body);
    if (status === 400 && refusal?.code === UNSUPPORTED_PROTOCOL) {
      return new CheckFailure('socket-rejected', 'socket-version', { url, message: refusal.message });
    }
    if (status === 404) return new CheckFailure('no-socket-io', 'no-socket-io', { url });
    return new CheckFailure('socket-rejected', 'socket-refused-status', { url, status, ...(refusal?.message ? { message: refusal.message } : {}) });
  }
  if (findings.wsStatus !== undefined) {
    if (protocol.guessed) return eio === 4 ? 'retry' : new CheckFailure('socket-rejected', 'socket-refused-status', { url, status: findings.wsStatus });
    if (eio === 3) return new CheckFailure('socket-rejected', 'socket-websocket-refused', { url, status: findings.wsStatus });
    if (findings.wsStatus === 404) return new CheckFailure('no-socket-io', 'no-socket-io', { url });
    return new CheckFailure('socket-rejected', 'socket-refused-status', { url, status: findings.wsStatus });
  }
  // The connection broke with nothing said: reset, or garbage where packets should be.
  return new CheckFailure('unreachable', 'connection-lost', { url, code: '' });
}
