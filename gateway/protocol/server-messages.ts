/**
 * What the gateway sends: the server half of the wire protocol (docs/protocol.md). HTTP
 * answers with the same objects, so a client parses one set of shapes.
 */
import type { FieldIssue } from '../../platform/errors';
import type { eventline } from '../../schemas';
import type { WireError } from './wire-errors';

/** The command is durably in Kafka at this position. `offset` is a decimal string (Kafka offsets are int64). */
export interface AckMessage {
  readonly op: 'ack';
  readonly id: string;
  readonly partition: number;
  readonly offset: string;
}

export type OutcomeMessage =
  | { readonly op: 'outcome'; readonly id: string; readonly status: 'accepted'; readonly version: number; readonly events: readonly string[] }
  | { readonly op: 'outcome'; readonly id: string; readonly status: 'rejected'; readonly reason: string };

export interface ErrorMessage {
  readonly op: 'error';
  /** The request the error answers; null when the frame had no usable id. */
  readonly id: string | null;
  readonly code: WireError['code'];
  readonly message: string;
  /** The bad fields for INVALID_COMMAND (at most 20); empty otherwise. */
  readonly details: readonly FieldIssue[];
  /** INVALID_COMMAND only, when `details` lists fewer problems than were found: how many there were. */
  readonly detailsTotal?: number;
}

export interface PongMessage {
  readonly op: 'pong';
  readonly id: string;
}

/**
 * The subscription is registered; its snapshot (views) or history (events) follows. On an
 * event stream, `version` is where it starts: every event after it follows, in order — the
 * `fromVersion` given, or the aggregate's latest version when none was (absent only on a
 * gateway without a database, whose event subscriptions start at the next live event).
 */
export interface SubscribedMessage {
  readonly op: 'subscribed';
  readonly id: string;
  readonly stream: string;
  readonly key: string;
  readonly version?: number;
}

/**
 * The subscription is gone: nothing more of stream + key follows on this socket. `id` is the
 * unsubscribe request's; null when the gateway ended it, with `code` and `message` saying why
 * (FORBIDDEN: a renewed token no longer grants it).
 */
export interface UnsubscribedMessage {
  readonly op: 'unsubscribed';
  readonly id: string | null;
  readonly stream: string;
  readonly key: string;
  readonly code?: WireError['code'];
  readonly message?: string;
}

/** The `auth` op renewed the socket's token; `exp` is the new token's expiry (seconds since the epoch). */
export interface AuthenticatedMessage {
  readonly op: 'authenticated';
  readonly id: string;
  readonly exp: number;
}

/** The state of a view key at `version`; version 0 with data null when the key has no row yet. */
export interface SnapshotMessage {
  readonly op: 'snapshot';
  readonly stream: string;
  readonly key: string;
  readonly version: number;
  readonly data: unknown;
}

/**
 * One change of stream + key: an event (name = event record, ts = occurredAt) or a view row
 * (name = view record, ts = when the projector published it). `data` is the event's data or
 * the view row without its version.
 */
export interface EventMessage {
  readonly op: 'event';
  readonly stream: string;
  readonly key: string;
  readonly version: number;
  readonly name: string;
  readonly data: unknown;
  readonly ts: string;
}

export type ServerMessage =
  | AckMessage
  | OutcomeMessage
  | ErrorMessage
  | PongMessage
  | SubscribedMessage
  | UnsubscribedMessage
  | AuthenticatedMessage
  | SnapshotMessage
  | EventMessage;

export function ackMessage(id: string, partition: number, offset: string): AckMessage {
  return { op: 'ack', id, partition, offset };
}

/** Lowercase status on the wire; a rejection carries only its reason. */
export function outcomeMessage(outcome: eventline.CommandOutcome): OutcomeMessage {
  return outcome.status === 'ACCEPTED'
    ? { op: 'outcome', id: outcome.commandId, status: 'accepted', version: outcome.version, events: outcome.events }
    : { op: 'outcome', id: outcome.commandId, status: 'rejected', reason: outcome.reason ?? '' };
}

export function errorMessage(id: string | null, error: WireError): ErrorMessage {
  const message: ErrorMessage = { op: 'error', id, code: error.code, message: error.message, details: error.details };
  return error.detailsTotal === undefined ? message : { ...message, detailsTotal: error.detailsTotal };
}

export function pongMessage(id: string): PongMessage {
  return { op: 'pong', id };
}

export function subscribedMessage(id: string, stream: string, key: string, version: number | undefined): SubscribedMessage {
  return version === undefined ? { op: 'subscribed', id, stream, key } : { op: 'subscribed', id, stream, key, version };
}

export function unsubscribedMessage(id: string, stream: string, key: string): UnsubscribedMessage {
  return { op: 'unsubscribed', id, stream, key };
}

/** The gateway ended the subscription itself, for `error`'s reason. */
export function endedMessage(stream: string, key: string, error: WireError): UnsubscribedMessage {
  return { op: 'unsubscribed', id: null, stream, key, code: error.code, message: error.message };
}

export function authenticatedMessage(id: string, exp: number): AuthenticatedMessage {
  return { op: 'authenticated', id, exp };
}

export function snapshotMessage(stream: string, key: string, version: number, data: unknown): SnapshotMessage {
  return { op: 'snapshot', stream, key, version, data };
}

export function eventMessage(stream: string, key: string, version: number, name: string, data: unknown, at: Date): EventMessage {
  return { op: 'event', stream, key, version, name, data, ts: at.toISOString() };
}
