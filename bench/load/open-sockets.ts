/**
 * Opens many client WebSockets to one server, a bounded number at a time: thousands of
 * simultaneous handshakes overflow the listen backlog and stall in SYN retries, which would
 * measure the kernel's back-off rather than the server.
 */
import WebSocket from 'ws';
import { UnavailableError } from '../../platform/errors';

export interface OpenSocketsOptions {
  readonly url: string;
  /** Sent as `Authorization: Bearer …` on the upgrade request. */
  readonly token?: string;
  readonly count: number;
  /** Handshakes in flight at once. */
  readonly concurrency?: number;
}

const DEFAULT_CONCURRENCY = 100;

function openOne(options: OpenSocketsOptions, setup: (socket: WebSocket) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(options.url, {
      perMessageDeflate: false,
      // The server's text is trusted here; validating it would cost the load generator CPU the server should get.
      skipUTF8Validation: true,
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    });
    setup(socket);
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => {
      socket.terminate();
      reject(new UnavailableError(`${options.url} refused the upgrade: HTTP ${response.statusCode}`));
    });
    // `on`, not `once`: a later error (the server went away) must not become an unhandled 'error' event.
    socket.on('error', (error) => reject(new UnavailableError(`${options.url}: ${error.message}`, { cause: error })));
  });
}

/** Resolves with every socket open; `setup` runs on each before it opens, so no message is missed. */
export async function openSockets(options: OpenSocketsOptions, setup: (socket: WebSocket) => void = () => undefined): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.count) {
      next += 1;
      sockets.push(await openOne(options, setup));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.count, options.concurrency ?? DEFAULT_CONCURRENCY) }, worker));
  } catch (error) {
    for (const socket of sockets) socket.terminate();
    throw error;
  }
  return sockets;
}
