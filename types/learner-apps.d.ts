// Types for `tsc -p tsconfig.apps.json` only: the learner apps stay plain JavaScript.
import type { Server as HttpServer } from 'node:http';
import type { Server, ServerOptions } from '../node_modules/socket.io/dist/index.js';
import type { io as socketIoClient } from 'socket.io-client';

declare global {
  // public/client.js runs after <script src="/socket.io/socket.io.js">, which defines `io`.
  const io: typeof socketIoClient;

  // What passport keeps in req.user (see kit/users.js, `User`).
  namespace Express {
    interface User {
      id: string;
      username: string;
    }
  }
}

// server.js calls `require('socket.io')(http)`, as freeCodeCamp's lessons write it: Socket.IO's
// CommonJS export is that function, but its own types declare only the classes. So
// tsconfig.apps.json resolves 'socket.io' to this file, and this is the module's type.
declare function socketIo(srv?: HttpServer | number, opts?: Partial<ServerOptions>): Server;
declare namespace socketIo {
  export { Server };
}
export = socketIo;
