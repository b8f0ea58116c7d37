/**
 * Typed clients: a schema says, per domain, each command's `data`, and per stream what it
 * carries, so that `new EventlineClient<EventlineSchema>(…)` checks command data and
 * `subscribe('chat.events', …)` hands out events whose `data` narrows by `name`. Eventline's
 * own schema is generated (generated/, from the Avro catalog and the read models); without
 * one the client is untyped: any stream, `data: unknown`.
 */
import type { CommandAwait, EventMessage, SnapshotMessage } from './protocol.js';

/** `<domain>.events`: event name → its data. */
export type EventStreamShape<Events extends Record<string, unknown> = Record<string, unknown>> = {
  readonly kind: 'events';
  readonly events: Events;
};

/** `views.<view>`: rows of record `name`, as JSON carries them (no version inside). */
export type ViewStreamShape<Name extends string = string, Row = unknown> = {
  readonly kind: 'view';
  readonly name: Name;
  readonly row: Row;
};

/** Any stream, nothing known of its data. */
export type UntypedStreamShape = { readonly kind: 'untyped' };

export type ClientSchema = {
  /** Domain → command name → data. */
  readonly commands: Record<string, Record<string, unknown>>;
  /** Wire stream name → what it carries. */
  readonly streams: Record<string, EventStreamShape | ViewStreamShape | UntypedStreamShape>;
};

/** The default: every domain, command and stream, data unknown. */
export type UntypedSchema = {
  readonly commands: Record<string, Record<string, unknown>>;
  readonly streams: Record<string, UntypedStreamShape>;
};

export type StreamName<S extends ClientSchema> = keyof S['streams'] & string;

/** The events a stream's subscribers get: for an event stream a union discriminated by `name`. */
export type StreamEvent<S extends ClientSchema, N extends StreamName<S>> =
  S['streams'][N] extends EventStreamShape<infer Events>
    ? { [Name in keyof Events & string]: EventMessage<Events[Name], Name> }[keyof Events & string]
    : S['streams'][N] extends ViewStreamShape<infer Name, infer Row>
      ? EventMessage<Row, Name>
      : EventMessage;

/** The snapshots a stream's subscribers get: views only; `data` is null while the key has no row. */
export type StreamSnapshot<S extends ClientSchema, N extends StreamName<S>> =
  S['streams'][N] extends ViewStreamShape<string, infer Row> ? SnapshotMessage<Row | null> : S['streams'][N] extends EventStreamShape ? never : SnapshotMessage;

/** A command to send. */
export interface CommandInput<D = unknown, Domain extends string = string, Name extends string = string> {
  readonly domain: Domain;
  /** The command's record name, e.g. `PlaceOrder`. */
  readonly name: Name;
  /** The aggregate id (order id, room id). */
  readonly key: string;
  readonly data: D;
  /** The command id, a UUID; generated when absent. Pass the same id to retry a command safely. */
  readonly id?: string;
  readonly correlationId?: string;
  /**
   * When the outcome comes: `outcome` (default) as soon as the command is decided;
   * `projected` once every read model of the domain has applied it, so a REST read or a
   * subscription made after it sees the change (read-your-writes).
   */
  readonly await?: CommandAwait;
  /**
   * W3C trace context of the caller's span (`00-<trace id>-<span id>-<flags>`, e.g. from
   * OpenTelemetry's `propagation.inject`): the command's spans through the gateway, Kafka, the
   * handler, the projector and the fan-out join that trace. Without it a traced gateway starts one.
   */
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/** Every command of the schema, as a union discriminated by `domain` and `name`. */
export type SchemaCommand<S extends ClientSchema> = {
  [Domain in keyof S['commands'] & string]: {
    [Name in keyof S['commands'][Domain] & string]: CommandInput<S['commands'][Domain][Name], Domain, Name>;
  }[keyof S['commands'][Domain] & string];
}[keyof S['commands'] & string];
