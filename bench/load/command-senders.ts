/**
 * Load process: WebSocket clients that send PlaceOrder commands in a closed loop — each
 * socket keeps `inFlightPerSocket` commands unacknowledged, and sends the next as soon as
 * one is answered. Counts acks and errors (by code), and records the send → ack latency.
 */
import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import { encodeHistogram, latencyHistogram, recordMs } from '../harness/histogram';
import { serveLoad } from '../harness/load-child';
import { placeOrderFrame } from './command-frames';
import { openSockets } from './open-sockets';
import { countError, onReplies, type Reply } from './replies';

export interface CommandSendersParams {
  readonly url: string;
  readonly token: string;
  readonly sockets: number;
  readonly inFlightPerSocket: number;
}

/** Errors written to the log in full; the rest are only counted. */
const LOGGED_ERRORS = 5;

serveLoad<CommandSendersParams>(async (params) => {
  const counters: Record<string, number> = { sent: 0, acked: 0, errors: 0 };
  const ackLatency = latencyHistogram();
  const sentAt = new Map<string, number>();
  let sending = true;

  const sendCommand = (socket: WebSocket): void => {
    if (!sending) return;
    const id = randomUUID();
    sentAt.set(id, performance.now());
    socket.send(placeOrderFrame(id));
    counters.sent = (counters.sent ?? 0) + 1;
  };
  const answer = (socket: WebSocket, reply: Reply): void => {
    const started = typeof reply.id === 'string' ? sentAt.get(reply.id) : undefined;
    if (started === undefined) return; // an outcome, or an answer to nothing we sent
    sentAt.delete(reply.id as string);
    if (reply.op === 'ack') {
      counters.acked = (counters.acked ?? 0) + 1;
      recordMs(ackLatency, performance.now() - started);
    } else {
      countError(counters, reply);
      if ((counters.errors ?? 0) <= LOGGED_ERRORS) process.stderr.write(`command refused: ${JSON.stringify(reply)}\n`);
    }
    sendCommand(socket);
  };

  const sockets = await openSockets({ url: params.url, token: params.token, count: params.sockets }, (socket) => onReplies(socket, (reply) => answer(socket, reply)));
  for (const socket of sockets) for (let i = 0; i < params.inFlightPerSocket; i += 1) sendCommand(socket);
  return {
    counters: () => ({ ...counters }),
    histograms: () => {
      const encoded = encodeHistogram(ackLatency);
      ackLatency.reset();
      return { ackLatency: encoded };
    },
    stop: async () => {
      sending = false;
      for (const socket of sockets) socket.terminate();
    },
  };
});
