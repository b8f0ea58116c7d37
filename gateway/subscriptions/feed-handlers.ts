/**
 * The fan-out: what the feed consumer does with each record of `<domain>.events` and
 * `views.*`. Per record, one map lookup finds the subscribers of its stream + key; when
 * there are any, the outgoing message is serialized ONCE and the same string is offered to
 * each of them (each subscription decides by version whether to send it). Per subscriber the
 * work is a version comparison and an array push: no JSON, no promise, no allocation.
 */
import type { Counter } from 'prom-client';
import type { EventMetadata, Versioned } from '../../domains';
import type { Logger } from '../../platform/logger';
import type { DeliveryTrace } from '../../platform/tracing';
import { rowProperties } from '../../read-models';
import type { FeedHandler } from '../fanout';
import { eventMessage } from '../protocol';
import type { FeedPositions } from './feed-positions';
import type { SubscriptionRegistry } from './registry';
import type { EventStream, StreamCatalog, ViewStream } from './streams';
import type { Subscription } from './subscription';

export interface FanoutContext {
  readonly catalog: StreamCatalog;
  readonly registry: SubscriptionRegistry;
  readonly positions: FeedPositions;
  /** Live messages handed to subscriptions, by stream kind. */
  readonly delivered: Counter<'kind'>;
  readonly logger: Logger;
}

type EventRecord = EventMetadata & { readonly data: unknown };

function offer(subscribers: ReadonlySet<Subscription>, version: number, text: string, trace: DeliveryTrace | undefined): void {
  const message = { version, text };
  for (const subscription of subscribers) subscription.offer(message);
  if (trace !== undefined) for (const subscription of subscribers) trace.delivered(subscription.stream.name, subscription.key);
}

export function eventsFeedHandler({ catalog, registry, positions, delivered, logger }: FanoutContext): FeedHandler {
  const counter = delivered.labels({ kind: 'events' });
  return ({ topic, partition, offset, record, trace }) => {
    positions.note(topic, partition, offset);
    const stream = catalog.ofTopic(topic) as EventStream;
    const event = record.value as unknown as EventRecord;
    const subscribers = registry.subscribers(stream, event.aggregateId);
    if (subscribers === undefined) return 0;
    const { domain } = stream;
    if (record.subject !== `${domain.namespace}.${record.name}` || !domain.eventNames.includes(record.name)) {
      logger.warn({ topic, partition, offset, subject: record.subject }, `skipping a record that is not an event of ${domain.name}`);
      return 0;
    }
    const { aggregateId, version, data, occurredAt } = event;
    offer(subscribers, version, JSON.stringify(eventMessage(stream.name, aggregateId, version, record.name, data, occurredAt)), trace);
    counter.inc(subscribers.size);
    return subscribers.size;
  };
}

export function viewsFeedHandler({ catalog, registry, delivered, logger }: FanoutContext): FeedHandler {
  const counter = delivered.labels({ kind: 'views' });
  return ({ topic, partition, offset, timestamp, record, trace }) => {
    const stream = catalog.ofTopic(topic) as ViewStream;
    if (record.subject !== stream.viewSubject) {
      logger.warn({ topic, partition, offset, subject: record.subject }, `skipping a record that is not a ${stream.viewSubject}`);
      return 0;
    }
    const row = record.value as Versioned<object>;
    const key = stream.model.keyOf(row);
    const subscribers = registry.subscribers(stream, key);
    if (subscribers === undefined) return 0;
    // The projector publishes a row right after committing it: the record's timestamp is when the change became visible.
    offer(subscribers, row.version, JSON.stringify(eventMessage(stream.name, key, row.version, record.name, rowProperties(stream.model, row), new Date(Number(timestamp)))), trace);
    counter.inc(subscribers.size);
    return subscribers.size;
  };
}
