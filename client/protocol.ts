/**
 * The wire protocol of the gateway's `GET /ws` (docs/protocol.md): the one set of its types.
 * The gateway builds its messages in them (gateway/protocol/server-messages.ts) and the SDK
 * reads them. This file imports nothing, so the client package carries it without any server
 * code.
 */

/** The subprotocol every Eventline socket offers; the gateway selects it whenever it is offered. */
export const EVENTLINE_SUBPROTOCOL = 'eventline';
/** A subprotocol `bearer.<token>` carries the token of an upgrade that cannot set headers (browsers). */
export const BEARER_SUBPROTOCOL_PREFIX = 'bearer.';

/** Codes of `{"op":"error"}` replies and refused upgrades; INTERNAL is a gateway bug (its message is generic). */
export const SERVER_ERROR_CODES = ['BAD_REQUEST', 'UNAUTHORIZED', 'TOKEN_EXPIRED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_COMMAND', 'RATE_LIMITED', 'UNAVAILABLE', 'INTERNAL'] as const;
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];

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

/**
 * The subscription is registered; its snapshot (views) or events follow. On an event stream
 * `version` is where it starts: every event after it follows, in order (the `fromVersion`
 * given, else the aggregate's latest version; absent only from a gateway without a database).
 */
export interface SubscribedMessage {
  readonly op: 'subscribed';
  readonly id: string;
  readonly stream: string;
  readonly key: string;
  readonly version?: number;
}

/**
 * Nothing more of stream + key follows on the socket: the answer to `unsubscribe` (`id` its
 * request's), or the gateway ended the subscription itself (`id` null, `code` and `message` say why).
 */
export interface UnsubscribedMessage {
  readonly op: 'unsubscribed';
  readonly id: string | null;
  readonly stream: string;
  readonly key: string;
  readonly code?: ServerErrorCode;
  readonly message?: string;
}

/** The `auth` op renewed the socket's token; `exp` is the new token's expiry (seconds since the epoch). */
export interface AuthenticatedMessage {
  readonly op: 'authenticated';
  readonly id: string;
  readonly exp: number;
}

/** The current state of a view key at `version`; version 0 and data null when the key has no row yet. */
export interface SnapshotMessage<T = unknown> {
  readonly op: 'snapshot';
  readonly stream: string;
  readonly key: string;
  readonly version: number;
  readonly data: T;
}

/** One change; versions strictly increase per stream + key. `ts` is ISO-8601. */
export interface EventMessage<T = unknown, N extends string = string> {
  readonly op: 'event';
  readonly stream: string;
  readonly key: string;
  readonly version: number;
  /** Record name: the event (`MessagePosted`), or a view's row record (`StoreStats`). */
  readonly name: N;
  readonly data: T;
  readonly ts: string;
}

export interface ErrorMessage {
  readonly op: 'error';
  /** The request answered; null when the frame had no usable id, or the error concerns the socket. */
  readonly id: string | null;
  readonly code: ServerErrorCode;
  readonly message: string;
  /** At most 20 bad fields for INVALID_COMMAND; empty otherwise. */
  readonly details: readonly FieldIssue[];
  /** INVALID_COMMAND, when `details` lists fewer problems than were found: how many there were. */
  readonly detailsTotal?: number;
}

export interface PongMessage {
  readonly op: 'pong';
  readonly id: string;
}

export type ServerMessage =
  | AckMessage
  | OutcomeMessage
  | SubscribedMessage
  | UnsubscribedMessage
  | AuthenticatedMessage
  | SnapshotMessage
  | EventMessage
  | ErrorMessage
  | PongMessage;

/** When the outcome is sent: once decided, or once every read model of the domain applied it (read-your-writes). */
export type CommandAwait = 'outcome' | 'projected';

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
  readonly await?: CommandAwait;
  /** W3C trace context: the gateway continues this trace through Kafka (docs/protocol.md). */
  readonly traceparent?: string;
  readonly tracestate?: string;
}

export interface SubscribeFrame {
  readonly op: 'subscribe';
  readonly id: string;
  readonly stream: string;
  readonly key: string;
  /** Event streams: resume after this version (the client has it). */
  readonly fromVersion?: number;
}

export interface UnsubscribeFrame {
  readonly op: 'unsubscribe';
  readonly id: string;
  readonly stream: string;
  readonly key: string;
}

/** A new token for the live socket, for the same user. */
export interface AuthFrame {
  readonly op: 'auth';
  readonly id: string;
  readonly token: string;
}

export interface PingFrame {
  readonly op: 'ping';
  readonly id: string;
}

export type ClientFrame = CommandFrame | SubscribeFrame | UnsubscribeFrame | AuthFrame | PingFrame;
