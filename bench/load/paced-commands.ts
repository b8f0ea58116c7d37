/**
 * Load process: WebSocket clients that send PlaceOrder commands at a fixed rate (open loop:
 * on a schedule, whatever the answers), round-robin over their sockets, and record each
 * command's latency to its ack and to its outcome. Latency counts from the *scheduled* send
 * time, so a stall in the gateway or in this process shows up in the figures instead of
 * silently slowing the schedule (no coordinated omission).
 */
import { randomUUID } from 'node:crypto';
import { encodeHistogram, latencyHistogram, recordMs } from '../harness/histogram';
import { serveLoad } from '../harness/load-child';
import { placeOrderFrame } from './command-frames';
import { openSockets } from './open-sockets';
import { countError, onReplies, type Reply } from './replies';

export interface PacedCommandsParams {
  readonly url: string;
  readonly token: string;
  readonly sockets: number;
  readonly ratePerSec: number;
}

/** The schedule is caught up on every timer tick; timers fire about once a millisecond at best. */
const TICK_MS = 1;

serveLoad<PacedCommandsParams>(async (params) => {
  const counters: Record<string, number> = { sent: 0, acked: 0, outcomes: 0, errors: 0 };
  const histograms = { ack: latencyHistogram(), outcome: latencyHistogram() };
  const scheduledAt = new Map<string, number>();
  const receive = (reply: Reply): void => {
    const scheduled = typeof reply.id === 'string' ? scheduledAt.get(reply.id) : undefined;
    if (scheduled === undefined) return;
    const latency = performance.now() - scheduled;
    if (reply.op === 'ack') {
      counters.acked = (counters.acked ?? 0) + 1;
      recordMs(histograms.ack, latency);
    } else if (reply.op === 'outcome') {
      counters.outcomes = (counters.outcomes ?? 0) + 1;
      recordMs(histograms.outcome, latency);
      scheduledAt.delete(reply.id as string);
    } else {
      countError(counters, reply);
      scheduledAt.delete(reply.id as string);
    }
  };
  const sockets = await openSockets({ url: params.url, token: params.token, count: params.sockets }, (socket) => onReplies(socket, receive));

  const startedAt = performance.now();
  const intervalMs = 1000 / params.ratePerSec;
  let sent = 0;
  const tick = (): void => {
    const due = Math.floor((performance.now() - startedAt) / intervalMs);
    for (; sent < due; sent += 1) {
      const id = randomUUID();
      scheduledAt.set(id, startedAt + sent * intervalMs);
      sockets[sent % sockets.length]?.send(placeOrderFrame(id));
    }
    counters.sent = sent;
  };
  const timer = setInterval(tick, TICK_MS);

  return {
    counters: () => ({ ...counters }),
    histograms: () => {
      const encoded = { ack: encodeHistogram(histograms.ack), outcome: encodeHistogram(histograms.outcome) };
      histograms.ack.reset();
      histograms.outcome.reset();
      return encoded;
    },
    stop: async () => {
      clearInterval(timer);
      for (const socket of sockets) socket.terminate();
    },
  };
});
