/**
 * The wire protocol of the gateway's `GET /ws` as a client sees it (DESIGN.md "Wire
 * protocol", docs/asyncapi.yaml). The SDK has no dependencies, so it states the shapes
 * itself; test/unit/client/protocol-drift.unit.spec.ts checks that every message the
 * gateway declares fits them.
 */

/** Codes of `{"op":"error"}` replies; INTERNAL is a gateway bug (its message is generic). */
export type ServerErrorCode = 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'INVALID_COMMAND' | 'RATE_LIMITED' | 'UNAVAILABLE' | 'INTERNAL';

/** One bad field of an INVALID_COMMAND error. */
export interface FieldIssue {
  /** Dotted path inside the command, e.g. `data.items.0.qty`. */
  readonly path: string;
  /** What the schema expects there, e.g. `int`. */
  readonly expected: string;
  readonly message: string;
}

/** The command is durably in Kafka. `offset` is a decimal string (Kafka offsets are int64). */
export interface AckMessage {
  readonly op: 'ack';
  readonly id: string;
  readonly partition: number;
  readonly offset: string;
}

export interface AcceptedOutcome {
  readonly op: 'outcome';
  readonly id: string;
  readonly status: 'accepted';
  /** The aggregate's version after the command. */
  readonly version: number;
  /** Names of the events the command produced. */
  readonly events: readonly string[];
}

/** A business answer, not an error: `reason` is for humans (never branch on it). */
export interface RejectedOutcome {
  readonly op: 'outcome';
  readonly id: string;
  readonly status: 'rejected';
  readonly reason: string;
}

export type OutcomeMessage = AcceptedOutcome | RejectedOutcome;

export interface SubscribedMessage {
  readonly op: 'subscribed';
  readonly id: string;
  readonly stream: string;
  readonly key: string;
}

/** Answers `unsubscribe`: nothing more of stream + key follows on the socket. */
export interface UnsubscribedMessage {
  readonly op: 'unsubscribed';
  readonly id: string;
  readonly stream: string;
  readonly key: string;
}

/** The current state of stream + key at `version`. */
export interface SnapshotMessage<T = unknown> {
  readonly op: 'snapshot';
  readonly stream: string;
  readonly key: string;
  readonly version: number;
  readonly data: T;
}

/** One change; versions strictly increase per stream + key. `ts` is ISO-8601. */
export interface EventMessage<T = unknown> {
  readonly op: 'event';
  readonly stream: string;
  readonly key: string;
  readonly version: number;
  /** Record name, e.g. `MessagePosted` or `StoreStats`. */
  readonly name: string;
  readonly data: T;
  readonly ts: string;
}

export interface ErrorMessage {
  readonly op: 'error';
  /** The request answered; null when the frame had no usable id. */
  readonly id: string | null;
  readonly code: ServerErrorCode;
  readonly message: string;
  /** Every bad field for INVALID_COMMAND; empty otherwise. */
  readonly details: readonly FieldIssue[];
}

export interface PongMessage {
  readonly op: 'pong';
  readonly id: string;
}

export type ServerMessage = AckMessage | OutcomeMessage | SubscribedMessage | UnsubscribedMessage | SnapshotMessage | EventMessage | ErrorMessage | PongMessage;

export interface CommandFrame {
  readonly op: 'command';
  /** The command id (a UUID): the idempotency key, so a resent command is decided once. */
  readonly id: string;
  readonly domain: string;
  readonly name: string;
  /** The aggregate id. */
  readonly key: string;
  readonly data: unknown;
  readonly correlationId?: string;
  /** `projected`: the outcome comes once the domain's read models have applied the command (read-your-writes). */
  readonly await?: 'outcome' | 'projected';
}

export interface SubscribeFrame {
  readonly op: 'subscribe';
  readonly id: string;
  readonly stream: string;
  readonly key: string;
  /** Resume after this version (the client has it) instead of starting from a snapshot. */
  readonly fromVersion?: number;
}

export interface UnsubscribeFrame {
  readonly op: 'unsubscribe';
  readonly id: string;
  readonly stream: string;
  readonly key: string;
}

export type ClientFrame = CommandFrame | SubscribeFrame | UnsubscribeFrame;
