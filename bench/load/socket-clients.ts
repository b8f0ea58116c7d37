/**
 * Load process: many WebSocket clients that send their opening frames (e.g. subscriptions),
 * then only read, counting frames, messages and bytes. With no opening frames the sockets
 * stay idle (idle-sockets). With `keys`, socket i puts `keys[i % keys.length]` where its
 * frames say `{key}`, so the sockets of each process spread evenly over the keys.
 */
import type WebSocket from 'ws';
import { serveLoad } from '../harness/load-child';
import { openSockets } from './open-sockets';
import { countMessages } from './wire-messages';

export interface SocketClientsParams {
  readonly url: string;
  readonly token?: string;
  readonly sockets: number;
  /** Frames each socket sends once open, in order; `{key}` stands for the socket's key. */
  readonly sendOnOpen?: readonly string[];
  /** The keys the sockets take turns with (e.g. what each subscribes to). */
  readonly keys?: readonly string[];
}

const KEY_PLACEHOLDER = '{key}';

serveLoad<SocketClientsParams>(async (params) => {
  const counters = { frames: 0, messages: 0, bytes: 0, closed: 0 };
  const count = (socket: WebSocket): void => {
    socket.on('message', (data: Buffer) => {
      counters.frames += 1;
      counters.messages += countMessages(data);
      counters.bytes += data.length;
    });
    socket.on('close', () => (counters.closed += 1));
  };
  const sockets = await openSockets({ url: params.url, token: params.token, count: params.sockets }, count);
  const { keys = [] } = params;
  sockets.forEach((socket, index) => {
    const key = keys.length === 0 ? undefined : keys[index % keys.length];
    for (const frame of params.sendOnOpen ?? []) socket.send(key === undefined ? frame : frame.replaceAll(KEY_PLACEHOLDER, key));
  });
  return {
    counters: () => ({ ...counters, open: sockets.length - counters.closed }),
    stop: async () => {
      for (const socket of sockets) socket.terminate();
    },
  };
});
