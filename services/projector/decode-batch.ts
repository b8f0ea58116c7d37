/** One decode per record: a batch of `<domain>.events` → events, plus the records that are not events. */
import type { ConsumedRecord } from '../../platform/kafka';
import type { DomainModule, RecordedEvent } from '../../domains';
import { DecodeError } from '../../platform/errors';
import type { Codec } from '../../schemas';

/** An event with the record it came from (its offset orders it; the message is what a dead letter copies). */
export interface SourceEvent {
  readonly offset: number;
  readonly message: ConsumedRecord;
  readonly event: RecordedEvent;
}

export interface Undecodable {
  readonly offset: number;
  readonly message: ConsumedRecord;
  readonly error: unknown;
}

export interface DecodedBatch {
  readonly events: SourceEvent[];
  readonly undecodable: Undecodable[];
}

export function decodeBatch(codec: Codec, domain: DomainModule, messages: readonly ConsumedRecord[]): DecodedBatch {
  const events: SourceEvent[] = [];
  const undecodable: Undecodable[] = [];
  for (const message of messages) {
    // Offsets stay below 2^53 for centuries at any realistic rate; numbers keep comparisons cheap.
    const offset = Number(message.offset);
    try {
      if (!message.value) throw new DecodeError('event record has no value');
      const { subject, name, value } = codec.decode(message.value);
      if (subject !== `${domain.namespace}.${name}` || !domain.eventNames.includes(name)) {
        throw new DecodeError(`${subject} is not an event of ${domain.name}`, { context: { subject } });
      }
      events.push({ offset, message, event: { ...(value as object), type: name } as RecordedEvent });
    } catch (error) {
      undecodable.push({ offset, message, error });
    }
  }
  return { events, undecodable };
}
