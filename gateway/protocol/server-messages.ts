/**
 * What the gateway sends: the server half of the wire protocol (docs/protocol.md). HTTP
 * answers with the same objects, so a client parses one set of shapes. The shapes are the
 * client SDK's (client/protocol.ts, which has no dependencies so that it can ship in the
 * client package); this file builds them.
 */
import type * as wire from '../../client/protocol';
import type { eventline } from '../../schemas';
import type { WireError } from './wire-errors';

export function ackMessage(id: string, partition: number, offset: string): wire.AckMessage {
  return { op: 'ack', id, partition, offset };
}

/** Lowercase status on the wire; a rejection carries only its reason. */
export function outcomeMessage(outcome: eventline.CommandOutcome): wire.OutcomeMessage {
  return outcome.status === 'ACCEPTED'
    ? { op: 'outcome', id: outcome.commandId, status: 'accepted', version: outcome.version, events: outcome.events }
    : { op: 'outcome', id: outcome.commandId, status: 'rejected', reason: outcome.reason ?? '' };
}

export function errorMessage(id: string | null, error: WireError): wire.ErrorMessage {
  const message: wire.ErrorMessage = { op: 'error', id, code: error.code, message: error.message, details: error.details };
  return error.detailsTotal === undefined ? message : { ...message, detailsTotal: error.detailsTotal };
}

export function pongMessage(id: string): wire.PongMessage {
  return { op: 'pong', id };
}

export function subscribedMessage(id: string, stream: string, key: string, version: number | undefined): wire.SubscribedMessage {
  return version === undefined ? { op: 'subscribed', id, stream, key } : { op: 'subscribed', id, stream, key, version };
}

export function unsubscribedMessage(id: string, stream: string, key: string): wire.UnsubscribedMessage {
  return { op: 'unsubscribed', id, stream, key };
}

/** The gateway ended the subscription itself, for `error`'s reason. */
export function endedMessage(stream: string, key: string, error: WireError): wire.UnsubscribedMessage {
  return { op: 'unsubscribed', id: null, stream, key, code: error.code, message: error.message };
}

export function authenticatedMessage(id: string, exp: number): wire.AuthenticatedMessage {
  return { op: 'authenticated', id, exp };
}

export function snapshotMessage(stream: string, key: string, version: number, data: unknown): wire.SnapshotMessage {
  return { op: 'snapshot', stream, key, version, data };
}

export function eventMessage(stream: string, key: string, version: number, name: string, data: unknown, at: Date): wire.EventMessage {
  return { op: 'event', stream, key, version, name, data, ts: at.toISOString() };
}
