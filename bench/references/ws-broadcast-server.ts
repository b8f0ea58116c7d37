/**
 * Load process: a bare `ws` broadcast server, the ceiling for the gateway's fan-out on this
 * machine. Once `startAtSockets` clients are connected it sends, as fast as the sockets
 * drain, the same frame to every socket: one message per frame, or several packed in a JSON
 * array as the gateway does under load. With `messagesPerFrame` 0 it only holds idle
 * sockets (the memory reference of idle-sockets).
 */
import { WebSocketServer } from 'ws';
import { serveLoad } from '../harness/load-child';
import { sampleEventMessage } from '../load/wire-messages';

export interface BroadcastServerParams {
  readonly messagesPerFrame: number;
  readonly startAtSockets: number;
}

export interface BroadcastServerInfo {
  readonly port: number;
}

/** A socket with more unsent bytes than this is skipped for the pass: a realtime server drops or closes slow readers, it never queues without bound. */
const SEND_HIGH_WATER_BYTES = 64 * 1024;
/** 10,000 clients connect in bursts; the default backlog of 511 would drop SYNs and stall them for a second. */
const LISTEN_BACKLOG = 4_096;

serveLoad<BroadcastServerParams>(async ({ messagesPerFrame, startAtSockets }) => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, backlog: LISTEN_BACKLOG, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => wss.once('listening', resolve).once('error', reject));
  const message = sampleEventMessage();
  const frame = messagesPerFrame === 1 ? message : `[${Array.from({ length: messagesPerFrame }, () => message).join(',')}]`;
  let framesSent = 0;
  let pumping = false;
  let stopped = false;

  const pump = (): void => {
    if (stopped) return;
    for (const socket of wss.clients) {
      if (socket.bufferedAmount > SEND_HIGH_WATER_BYTES) continue;
      socket.send(frame);
      framesSent += 1;
    }
    setImmediate(pump);
  };
  if (messagesPerFrame > 0) {
    wss.on('connection', () => {
      if (!pumping && wss.clients.size >= startAtSockets) {
        pumping = true;
        setImmediate(pump);
      }
    });
  }

  const address = wss.address();
  return {
    info: { port: typeof address === 'object' && address !== null ? address.port : 0 } satisfies BroadcastServerInfo,
    counters: () => ({ sockets: wss.clients.size, framesSent }),
    stop: async () => {
      stopped = true;
      for (const socket of wss.clients) socket.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
});
