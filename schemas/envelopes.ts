/**
 * The envelopes every domain's records share, defined once: the command envelope (who asks
 * what of which aggregate), the event envelope (which version of which aggregate, caused by
 * which command) and the snapshot's `RecentCommand` window.
 *
 * Each `.avsc` stays self-contained (a consumer parses one file per schema id), so a domain's
 * files repeat these fields; this module is what they repeat. `eventline new domain` writes a
 * new domain's files from it, and a unit test checks that every registered domain's latest
 * command, event and snapshot versions carry exactly these fields.
 *
 * Nested records take the namespace of the file they sit in: the snapshot's window is
 * `eventline.orders.RecentCommand` in `OrderSnapshot`, `eventline.chat.RecentCommand` in
 * `ChatRoomSnapshot`. Avro binary carries no record names and every record is decoded with
 * the schema its id names, so the full name differs per domain without any effect on the
 * wire; the released files keep theirs.
 */

type AvroJson = Readonly<Record<string, unknown>>;

const timestamp = { type: 'long', logicalType: 'timestamp-millis' } as const;
const key = (doc: string): AvroJson => ({ type: 'string', doc, 'eventline.minLength': 1, 'eventline.maxLength': 128 });

/** What the latest version of every command starts with, in this order, before `data`. */
export function commandEnvelopeFields(aggregateDoc: string): readonly AvroJson[] {
  return [
    { name: 'commandId', ...key('Client-chosen unique id of this command; the idempotency key (a command id seen before gets its first outcome again).') },
    { name: 'aggregateId', ...key(aggregateDoc) },
    { name: 'userId', ...key('Acting user: the `sub` claim of the token, stamped by the gateway (clients cannot set it).') },
    {
      name: 'roles',
      type: { type: 'array', items: 'string' },
      default: [],
      doc: 'Business roles of the acting user (the token\'s roles claim, e.g. `staff`), stamped by the gateway; deciders use them for ownership rules.',
      'eventline.maxItems': 32,
      'eventline.itemMaxLength': 64,
    },
    { name: 'correlationId', type: ['null', 'string'], default: null, doc: 'Id tying this command to a wider workflow or request, when the client gave one.', 'eventline.maxLength': 128 },
    { name: 'issuedAt', type: timestamp, doc: 'When the gateway accepted the command.' },
  ];
}

/** What every event starts with, in this order, before `data`. */
export function eventEnvelopeFields(aggregateDoc: string): readonly AvroJson[] {
  return [
    { name: 'aggregateId', type: 'string', doc: aggregateDoc, 'eventline.minLength': 1 },
    { name: 'version', type: 'long', doc: 'Aggregate version this event creates: 1, 2, 3 … per aggregate, no gaps.', 'eventline.minimum': 1 },
    { name: 'commandId', type: 'string', doc: 'Id of the command that caused this event.', 'eventline.minLength': 1 },
    { name: 'userId', type: 'string', doc: 'User who issued that command (token `sub`).', 'eventline.minLength': 1 },
    { name: 'occurredAt', type: timestamp, doc: 'When the command handler decided the command.' },
  ];
}

/** The snapshot's window of decided commands (services/command-handler/aggregate.ts). */
export const RECENT_COMMAND_RECORD: AvroJson = Object.freeze({
  type: 'record',
  name: 'RecentCommand',
  doc: 'Outcome of a recently decided command, kept in the snapshot so a redelivered or retried command id gets its first outcome again.',
  fields: [
    { name: 'commandId', type: 'string', doc: 'Id of the decided command.', 'eventline.minLength': 1 },
    { name: 'commandName', type: 'string', doc: 'Record name of the command, e.g. `PlaceOrder`.', 'eventline.minLength': 1 },
    {
      name: 'status',
      type: { type: 'enum', name: 'CommandStatus', doc: 'Whether the command was accepted (events written) or rejected.', symbols: ['ACCEPTED', 'REJECTED'] },
      doc: 'Outcome of the command.',
    },
    { name: 'reason', type: ['null', 'string'], default: null, doc: 'Why the command was rejected; null when accepted.' },
    { name: 'version', type: 'long', doc: 'Aggregate version after the command.', 'eventline.minimum': 0 },
    { name: 'events', type: { type: 'array', items: 'string' }, doc: 'Names of the events the command produced, in order (empty when rejected).' },
    { name: 'eventsPartition', type: ['null', 'int'], default: null, doc: 'Partition of the events topic the events were written to; null when none.' },
    { name: 'firstEventOffset', type: ['null', 'long'], default: null, doc: 'Offset of the first event written; null when none.' },
    { name: 'lastEventOffset', type: ['null', 'long'], default: null, doc: 'Offset of the last event written; null when none.' },
  ],
});

/** The snapshot envelope around a domain's `state` record, in field order. */
export function snapshotFields(aggregateDoc: string, state: AvroJson): readonly AvroJson[] {
  return [
    { name: 'aggregateId', type: 'string', doc: aggregateDoc, 'eventline.minLength': 1 },
    { name: 'version', type: 'long', doc: 'Aggregate version the state reflects (0 = no events yet).', 'eventline.minimum': 0 },
    { name: 'state', type: state, doc: 'The aggregate state.' },
    { name: 'recentCommands', type: { type: 'array', items: RECENT_COMMAND_RECORD }, doc: 'Outcomes of the most recent commands, oldest first.' },
    { name: 'updatedAt', type: timestamp, doc: 'When the snapshot was written.' },
  ];
}

/** `RecentCommand` as avsc decodes it, the same in every domain. */
export interface RecentCommand {
  commandId: string;
  commandName: string;
  status: 'ACCEPTED' | 'REJECTED';
  reason: string | null;
  version: number;
  events: string[];
  eventsPartition: number | null;
  firstEventOffset: number | null;
  lastEventOffset: number | null;
}
