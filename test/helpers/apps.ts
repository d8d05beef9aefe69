import net from 'node:net';

export { ROOT, startApp, type RunningApp } from '../../scripts/start-app.ts';

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export { runCli, runCliProcess, type CliRun } from './cli.ts';
