// The little of socket.io-client 2.x (installed as `socket.io-client-v2`, which ships no
// types) that wires.ts uses.

declare module 'socket.io-client-v2' {
  import type { Agent } from 'node:http';

  namespace lookup {
    /** A decoded Socket.IO packet: type 2 is an event, 5 a binary event; `data` is `[name, ...args]`. */
    interface Packet {
      type: number;
      nsp: string;
      data?: unknown;
    }

    /** ws 7's WebSocket, with the private receiver whose limit wires.ts sets. */
    interface NodeWs {
      on(event: 'open', listener: () => void): NodeWs;
      on(event: 'error', listener: (err: unknown) => void): NodeWs;
      _receiver?: { _maxPayload: number };
    }

    /** The Engine.IO client socket under a manager. */
    interface Engine {
      on(event: 'handshake', listener: (data: { pingInterval?: unknown; pingTimeout?: unknown; upgrades?: unknown }) => void): Engine;
      transport?: { ws?: NodeWs };
    }

    interface Manager {
      on(event: 'packet', listener: (packet: Packet) => void): Manager;
      close(): void;
      engine?: Engine;
    }

    interface Socket {
      readonly io: Manager;
      readonly connected: boolean;
      once(event: 'connect', listener: () => void): Socket;
      once(event: 'connect_error', listener: (err: unknown) => void): Socket;
      once(event: 'connect_timeout', listener: () => void): Socket;
      once(event: 'error', listener: (data: unknown) => void): Socket;
      close(): Socket;
    }

    interface Options {
      forceNew?: boolean;
      reconnection?: boolean;
      timeout?: number;
      transports?: string[];
      agent?: Agent;
      perMessageDeflate?: false;
      forceNode?: boolean;
      upgrade?: boolean;
    }
  }

  function lookup(uri: string, options?: lookup.Options): lookup.Socket;

  export = lookup;
}
