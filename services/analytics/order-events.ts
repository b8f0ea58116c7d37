/** The records of `orders.events` as the events projections and analytics compute with. */
import type { RecordedEvent } from '../../domains';
import { ordersDomain, type OrderEvent } from '../../domains/orders';
import { DecodeError } from '../../platform/errors';
import type { AnyDecodedRecord } from '../../schemas';

const ORDER_EVENT_SUBJECTS: ReadonlySet<string> = new Set(ordersDomain.eventNames.map((name) => `${ordersDomain.namespace}.${name}`));

/** The decoded record as a RecordedEvent (its record name as `type`); DecodeError for a record that is no orders event. */
export function toOrderEvent(record: AnyDecodedRecord): RecordedEvent<OrderEvent> {
  if (!ORDER_EVENT_SUBJECTS.has(record.subject)) {
    throw new DecodeError(`${record.subject} is not an orders event`, { context: { subject: record.subject, schemaId: record.schemaId } });
  }
  return { type: record.name, ...record.value } as RecordedEvent<OrderEvent>;
}
