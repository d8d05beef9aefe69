// `npm run learn`: serves the lesson pages on 127.0.0.1 and runs the checker for them.
// Only wiring: the routes are in app.ts, the pages in render.ts.

import { createServer } from 'node:http';
import { CheckPool, langFromEnv, translator } from '../checker/index.ts';
import { createLearnApp } from './app.ts';
import { parsePort } from './port.ts';

const t = translator(langFromEnv(process.env));
const port = parsePort(process.env.LEARN_PORT);
if (port === undefined) {
  process.stderr.write(`learn: ${t('learn.badPort', { value: process.env.LEARN_PORT ?? '' })}\n`);
  process.exit(2);
}

// One pool for the server's life: workers start once, not for every press of Check.
const pool = new CheckPool(2);
let listening = port;
const app = createLearnApp({
  pool,
  port: () => listening,
  log: (line) => process.stdout.write(`${new Date().toLocaleTimeString()} ${line}\n`),
});
const server = createServer(app);

server.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EADDRINUSE' || err.code === 'EACCES') {
    process.stderr.write(`learn: ${t(err.code === 'EADDRINUSE' ? 'learn.portTaken' : 'learn.portDenied', { port, next: port + 1 })}\n`);
  } else {
    process.stderr.write(`learn: ${err.message}\n`);
  }
  void pool.close().finally(() => process.exit(1));
});

server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') listening = address.port;
  process.stdout.write(t('learn.listening', { url: `http://127.0.0.1:${listening}/` }) + '\n');
});

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections();
  await pool.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
