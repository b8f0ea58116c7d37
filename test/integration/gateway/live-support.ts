/** Helpers for live-subscription tests: commands by WebSocket, what a client got of one stream + key, waiting. */
import { randomUUID } from 'node:crypto';
import type { EventMessage, ServerMessage, SnapshotMessage } from '../../../gateway/protocol';
import type { Orm } from '../../../platform/db';
import { inTransaction, upsertStatement } from '../../../read-models';
import { roomsReadModel } from '../../../domains/chat';
import type { TestClient } from './harness';

export type StreamMessage = SnapshotMessage | EventMessage;

export function shortId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** The snapshots and events `client` got for stream + key, in arrival order. */
export function streamMessages(client: TestClient, stream: string, key: string): StreamMessage[] {
  return client.messages.filter((message): message is StreamMessage => (message.op === 'event' || message.op === 'snapshot') && message.stream === stream && message.key === key);
}

export function eventVersions(client: TestClient, stream: string, key: string): number[] {
  return streamMessages(client, stream, key)
    .filter((message) => message.op === 'event')
    .map((message) => message.version);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

export async function until(probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Subscribes and resolves with the reply (`subscribed` or `error`). */
export async function subscribe(client: TestClient, stream: string, key: string, fromVersion?: number): Promise<ServerMessage> {
  const id = shortId('sub');
  client.send({ op: 'subscribe', id, stream, key, ...(fromVersion === undefined ? {} : { fromVersion }) });
  return client.reply(id);
}

export interface SentCommand {
  readonly id: string;
  readonly frame: Record<string, unknown>;
}

/** Sends a command frame and returns its id; `fields` may carry `await`. */
export function sendCommand(client: TestClient, domain: string, name: string, key: string, data: unknown, fields: Record<string, unknown> = {}): string {
  const id = randomUUID();
  client.send({ op: 'command', id, domain, name, key, data, ...fields });
  return id;
}

/** Resolves when every command has its ack; fails on an error reply. */
export async function acked(client: TestClient, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const reply = await client.reply(id, 60_000);
    if (reply.op !== 'ack') throw new Error(`command ${id} answered ${JSON.stringify(reply)}`);
  }
}

/** The outcome of command `id`. */
export function outcomeOf(client: TestClient, id: string, timeoutMs = 60_000): Promise<ServerMessage> {
  return client.next((message) => message.op === 'outcome' && message.id === id, timeoutMs);
}

/**
 * Creates the rooms and resolves once each is projected: only then may anyone subscribe (a
 * room that does not exist is refused like one that is not yours).
 */
export async function createRooms(writer: TestClient, roomIds: readonly string[], isPrivate = false): Promise<void> {
  const ids = roomIds.map((roomId) => sendCommand(writer, 'chat', 'CreateRoom', roomId, { title: roomId, private: isPrivate }, { await: 'projected' }));
  for (const id of ids) {
    const outcome = await outcomeOf(writer, id);
    if (outcome.op !== 'outcome' || outcome.status !== 'accepted') throw new Error(`CreateRoom ${id} answered ${JSON.stringify(outcome)}`);
  }
}

/** A public room's row, written straight to the read model: for tests that produce events themselves, with no projector running. */
export async function seedRoom(orm: Orm, roomId: string): Promise<void> {
  const at = new Date();
  const row = { roomId, title: roomId, createdBy: 'alice', private: false, createdAt: at, messageCount: 0, lastSeq: 0, updatedAt: at, version: 1 };
  await inTransaction(orm, async (session) => {
    await session.query(upsertStatement(roomsReadModel, [row], 'insert-new'));
  });
}

export const placeOrderData = (storeId: string, priceCents = 1250, qty = 2): Record<string, unknown> => ({
  storeId,
  customerId: 'customer-1',
  items: [{ sku: 'sku-1', qty, priceCents }],
  currency: 'EUR',
});
