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

    interface Manager {
      on(event: 'packet', listener: (packet: Packet) => void): Manager;
      close(): void;
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
    }
  }

  function lookup(uri: string, options?: lookup.Options): lookup.Socket;

  export = lookup;
}
