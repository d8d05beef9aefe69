// Types for `tsc -p tsconfig.apps.json` only: the learner apps stay plain JavaScript.
import type { io as socketIoClient } from 'socket.io-client';

declare global {
  // public/client.js runs after <script src="/socket.io/socket.io.js">, which defines `io`.
  const io: typeof socketIoClient;

  // What passport keeps in req.user (see users.js, `User`).
  namespace Express {
    interface User {
      id: string;
      username: string;
    }
  }
}

export {};
