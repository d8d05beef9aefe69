// What only behaviour checks use: test clients (Socket.IO 2.x and 4.x, node:http and
// node:https underneath) and the page engine that runs the learner's client.js. The worker
// loads it with the first behaviour check (sandbox.ts), so a hints-only check never does.

export { Sockets } from './sockets.ts';
export { PAGE_LIMITS } from '../client/engine.ts';
export { createLearnerClient } from './learner-client.ts';
export { noteOf, SOURCE_ORDER } from '../client/source-order.ts';
