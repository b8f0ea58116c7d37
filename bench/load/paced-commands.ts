/**
 * Load process: chat commands at a fixed rate (open loop: on a schedule, whatever the
 * answers), timed end to end from the *scheduled* send time, so a stall in the gateway or in
 * this process shows up in the figures instead of silently slowing the schedule (no
 * coordinated omission).
 *
 * Before the schedule starts it creates `rooms` chat rooms and subscribes to each room's
 * `chat.events` stream from sockets of its own (WS_MAX_SUBSCRIPTIONS rooms per socket). Then
 * command sockets take turns posting one message each into the rooms, round-robin, and every
 * message is timed three ways: to its `ack`, to its `outcome` (same socket), and to its
 * MessagePosted `event` on a subscriber socket — the end-to-end latency of docs/performance.md. One process,
 * one clock. The event's `ts` is when the handler decided it (its occurredAt, in ms), which
 * splits the end-to-end time in two: scheduled → decided (gateway, commands topic, waiting
 * for the handler's fetch) and decided → received (the transaction, its markers, the
 * gateway's fetch and fan-out). Same machine, so the clocks agree up to the ms truncation.
 *
 * Many rooms rather than a few: a room's state (and so every snapshot the handler writes)
 * holds its messages, so posting into few rooms would measure ever-growing snapshots.
 */
import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import { TimedOutError } from '../../platform/errors';
import { encodeHistogram, latencyHistogram, recordMs } from '../harness/histogram';
import { serveLoad } from '../harness/load-child';
import { createRoomFrame, postMessageFrame } from './command-frames';
import { openSockets } from './open-sockets';
import { countError, onReplies, type Reply } from './replies';

export interface PacedCommandsParams {
  readonly url: string;
  readonly token: string;
  /** Sockets the commands are sent from. */
  readonly sockets: number;
  readonly ratePerSec: number;
  /**
   * Chat rooms the messages go to, each followed by one subscriber: UUIDs, so that each can
   * double as the id of the command creating it (command ids are UUIDs). Their read-model rows
   * exist already (the gateway lets a socket follow a room only then).
   */
  readonly rooms: readonly string[];
  /** The gateway's WS_MAX_SUBSCRIPTIONS: rooms per subscriber socket. */
  readonly subscriptionsPerSocket: number;
}

/** The schedule is caught up on every timer tick; timers fire about once a millisecond at best. */
const TICK_MS = 1;
const SETUP_TIMEOUT_MS = 60_000;
const STREAM = 'chat.events';

interface EventReply extends Reply {
  readonly stream?: string;
  readonly data?: { readonly messageId?: unknown };
  readonly ts?: unknown;
}

/** Sends one frame per item over `sockets` (round-robin); resolves once the reply handlers removed every item from `pending`. */
function sendAndAwait(sockets: readonly WebSocket[], items: readonly string[], frame: (item: string) => string, pending: Set<string>, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimedOutError(`${pending.size} of ${items.length} ${what} unanswered after ${SETUP_TIMEOUT_MS} ms`)), SETUP_TIMEOUT_MS);
    const poll = setInterval(() => {
      if (pending.size > 0) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve();
    }, 20);
    items.forEach((item, index) => {
      pending.add(item);
      sockets[index % sockets.length]?.send(frame(item));
    });
  });
}

serveLoad<PacedCommandsParams>(async (params) => {
  const counters: Record<string, number> = { sent: 0, acked: 0, outcomes: 0, events: 0, errors: 0 };
  const histograms = { ack: latencyHistogram(), outcome: latencyHistogram(), event: latencyHistogram(), decided: latencyHistogram(), delivered: latencyHistogram() };
  const rooms = params.rooms;
  const setupPending = new Set<string>();
  /** Scheduled send time by command id, until the outcome (or an error) answers it. */
  const awaitingOutcome = new Map<string, number>();
  /** Scheduled send time by message id (= command id), until its event arrives. */
  const awaitingEvent = new Map<string, number>();

  const receiveCommandReply = (reply: Reply): void => {
    if (typeof reply.id !== 'string') return;
    if (setupPending.has(reply.id)) {
      // CreateRoom: any outcome will do (a rejection means the room exists); errors fail the setup by timing out.
      if (reply.op === 'outcome') setupPending.delete(reply.id);
      return;
    }
    const scheduled = awaitingOutcome.get(reply.id);
    if (scheduled === undefined) return;
    const latency = performance.now() - scheduled;
    if (reply.op === 'ack') {
      counters.acked = (counters.acked ?? 0) + 1;
      recordMs(histograms.ack, latency);
    } else if (reply.op === 'outcome') {
      counters.outcomes = (counters.outcomes ?? 0) + 1;
      recordMs(histograms.outcome, latency);
      awaitingOutcome.delete(reply.id);
    } else {
      countError(counters, reply);
      awaitingOutcome.delete(reply.id);
      awaitingEvent.delete(reply.id);
    }
  };
  const receiveSubscriberReply = (reply: EventReply): void => {
    if (reply.op === 'subscribed' && typeof reply.id === 'string') {
      setupPending.delete(reply.id);
    } else if (reply.op === 'event' && reply.stream === STREAM) {
      const messageId = reply.data?.messageId;
      const scheduled = typeof messageId === 'string' ? awaitingEvent.get(messageId) : undefined;
      if (scheduled === undefined) return;
      awaitingEvent.delete(messageId as string);
      counters.events = (counters.events ?? 0) + 1;
      const received = performance.now();
      recordMs(histograms.event, received - scheduled);
      const decided = typeof reply.ts === 'string' ? Date.parse(reply.ts) - performance.timeOrigin : Number.NaN;
      if (Number.isFinite(decided)) {
        // ts is truncated to the ms: a stage can come out up to 1 ms short, never below zero.
        recordMs(histograms.decided, Math.max(0, decided - scheduled));
        recordMs(histograms.delivered, Math.max(0, received - decided));
      }
    } else if (reply.op === 'error') {
      countError(counters, reply);
    }
  };

  const sockets = await openSockets({ url: params.url, token: params.token, count: params.sockets }, (socket) => onReplies(socket, receiveCommandReply));
  const subscribers = await openSockets(
    { url: params.url, token: params.token, count: Math.ceil(rooms.length / params.subscriptionsPerSocket) },
    (socket) => onReplies(socket, receiveSubscriberReply),
  );
  const closeAll = (): void => {
    for (const socket of [...sockets, ...subscribers]) socket.terminate();
  };
  try {
    await sendAndAwait(sockets, rooms, (room) => createRoomFrame(room, room), setupPending, 'CreateRoom commands');
    // Room i goes to subscriber socket i / subscriptionsPerSocket: each socket stays within its limit.
    await Promise.all(
      subscribers.map((socket, index) => {
        const own = rooms.slice(index * params.subscriptionsPerSocket, (index + 1) * params.subscriptionsPerSocket);
        return sendAndAwait([socket], own, (room) => JSON.stringify({ op: 'subscribe', id: room, stream: STREAM, key: room }), setupPending, 'subscriptions');
      }),
    );
  } catch (error) {
    closeAll();
    throw error;
  }

  const startedAt = performance.now();
  const intervalMs = 1000 / params.ratePerSec;
  let sent = 0;
  const tick = (): void => {
    const due = Math.floor((performance.now() - startedAt) / intervalMs);
    for (; sent < due; sent += 1) {
      const id = randomUUID();
      const scheduled = startedAt + sent * intervalMs;
      awaitingOutcome.set(id, scheduled);
      awaitingEvent.set(id, scheduled);
      sockets[sent % sockets.length]?.send(postMessageFrame(id, rooms[sent % rooms.length] as string));
    }
    counters.sent = sent;
  };
  const timer = setInterval(tick, TICK_MS);

  return {
    counters: () => ({ ...counters }),
    histograms: () => {
      const encoded = Object.fromEntries(Object.entries(histograms).map(([name, histogram]) => [name, encodeHistogram(histogram)]));
      for (const histogram of Object.values(histograms)) histogram.reset();
      return encoded;
    },
    stop: async () => {
      clearInterval(timer);
      closeAll();
    },
  };
});
