import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { FrameMeter } from './frames.ts';

/** What the agent tells its owner about a WebSocket connection. */
export interface AgentReport {
  /** The upgrade request was answered with this status instead of 101. */
  refused(status: number): void;
  /** A message passed the limit; the connection is already destroyed. */
  tooLarge(bytes: number): void;
  /** Offered every frame's bytes (header and declared payload): false when the check's budget is spent. */
  spend(bytes: number): boolean;
  /** The budget said no; the connection is already destroyed. */
  overBudget(): void;
  /** Bytes came from the app (the pool tells a thread busy reading them from one busy with the check's own code). */
  received(): void;
}

/**
 * The HTTP agent the test clients' WebSocket transports connect through (ws 7 for
 * socket.io-client 2.x, ws 8 for 4.x both take an `agent`). Every TCP socket they
 * open is made here, so the agent can meter what the app sends on it (see frames.ts)
 * and destroy every one of them when the check ends, whatever state the client is in:
 * a `ws` closing politely would wait up to 30 s for the app's answer.
 */
export class SocketAgent {
  readonly agent: http.Agent;
  private readonly open = new Set<Duplex>();
  private closed = false;

  constructor(secure: boolean, maxBytes: number, report: AgentReport) {
    // No keep-alive: a socket is either upgraded or closed after its one answer.
    const agent = secure ? new https.Agent({ keepAlive: false }) : new http.Agent({ keepAlive: false });
    const create = agent.createConnection.bind(agent);
    agent.createConnection = (options, callback) => {
      const socket = create(options, callback);
      if (!socket) return socket;
      if (this.closed) {
        socket.destroy();
        return socket;
      }
      this.open.add(socket);
      socket.once('close', () => this.open.delete(socket));
      const meter = new FrameMeter(maxBytes, report.spend);
      let refused = false;
      socket.on('data', (chunk: Buffer) => {
        report.received();
        const seen = meter.push(chunk);
        if (!refused && seen.status !== undefined && seen.status !== 101) {
          refused = true;
          report.refused(seen.status);
        }
        if (seen.overBytes !== undefined && !socket.destroyed) {
          // Before the client buffers the message: its header came first.
          socket.destroy();
          report.tooLarge(seen.overBytes);
        }
        if (seen.overBudget && !socket.destroyed) {
          socket.destroy();
          report.overBudget();
        }
      });
      return socket;
    };
    this.agent = agent;
  }

  /** Destroys every socket this agent opened; later ones are destroyed as they are made. */
  close(): void {
    this.closed = true;
    for (const socket of this.open) socket.destroy();
    this.open.clear();
    this.agent.destroy();
  }
}
