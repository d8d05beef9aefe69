// undici's Agent and Client by their own files: the package's index loads fetch, caches,
// mocks and WebSocket as well (see http.ts). Their types are the ones the package declares.
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici';
  export = Agent;
}

declare module 'undici/lib/dispatcher/client.js' {
  import { Client } from 'undici';
  export = Client;
}
