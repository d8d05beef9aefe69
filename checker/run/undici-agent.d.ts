// undici's Agent by its own file: the package's index loads fetch, caches, mocks and
// WebSocket as well (see http.ts). Its type is the one the package declares.
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici';
  export = Agent;
}
