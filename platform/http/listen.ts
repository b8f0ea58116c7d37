/** Starts a server listening; a port already taken is a ConfigError naming the variable that chose it. */
import type { Server } from 'node:net';
import { ConfigError } from '../errors';

export async function listen(server: Server, port: number, host: string, variable: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void =>
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new ConfigError(variable, `cannot listen on ${host}:${port} (${error.code}): choose another port`) : error);
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : port;
}
