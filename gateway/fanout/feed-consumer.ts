/**
 * The gateway's one Kafka consumer: it owns the consumer, decodes every record once and
 * hands it to the handler registered for its topic's kind: `<domain>.outcomes` (outcome
 * routing), `<domain>.events` and `views.*` (live subscriptions, gateway/subscriptions).
 *
 * Every gateway instance must see every partition (a socket's command may be decided on
 * any of them, a subscriber may follow any key), so each instance uses its own consumer
 * group. The group starts at the end of every topic: the end offsets are read before it
 * joins and every partition is sought there during the join, before the first fetch; the
 * gateway takes commands and subscriptions only after the join, so no outcome of a command
 * it took, and no record after a subscription began, can be missed. (kafkajs's
 * admin.setOffsets would cost one throwaway consumer and one fetch wait per topic.) A later
 * join (a rebalance, a session that expired) seeks every partition to where this process
 * stopped, so the group's committed offsets are never needed: none are committed, the group
 * is deleted on close, and one that a killed gateway left behind is deleted by the others
 * (group-sweeper.ts).
 *
 * A record that cannot be decoded is counted, logged and skipped (the writers' own
 * consumers dead-letter such records; the gateway only reads). A handler that throws is
 * logged; it never stops the consumer.
 */
import { setImmediate } from 'node:timers/promises';
import type { ConsumedRecord, KafkaAdmin, KafkaClient, KafkaConsumer } from '../../platform/kafka';
import { InternalError, UnavailableError } from '../../platform/errors';
import { ConsumerLag, type DomainTopicKind } from '../../platform/kafka';
import type { Logger } from '../../platform/logger';
import { traceDelivery, type DeliveryTrace } from '../../platform/tracing';
import type { AnyDecodedRecord, Codec } from '../../schemas';
import type { GatewayMetrics } from '../metrics';

export type FeedKind = DomainTopicKind | 'views';

export interface FeedTopic {
  readonly topic: string;
  readonly kind: FeedKind;
  /** The domain of a domain topic; undefined for `views.*`. */
  readonly domain: string | undefined;
}

export interface FeedRecord {
  readonly topic: string;
  readonly kind: FeedKind;
  readonly domain: string | undefined;
  readonly partition: number;
  readonly offset: string;
  /** Kafka record timestamp, epoch milliseconds as a decimal string. */
  readonly timestamp: string;
  /** Raw Kafka key (the aggregate or view key); decode it only if needed. */
  readonly key: Buffer | null;
  readonly record: AnyDecodedRecord;
  /** The record's trace (it carried a trace context and tracing is on): handlers note each socket they queue it to. */
  readonly trace?: DeliveryTrace;
}

/**
 * Runs on the consumer's loop: keep it quick and synchronous. Returns how many messages it
 * queued for sockets (0 for none), which paces the consumer (see MESSAGES_PER_TURN).
 */
export type FeedHandler = (record: FeedRecord) => number;

export interface FeedConsumerOptions {
  readonly kafka: KafkaClient;
  /** Used at start to position the group and at close to delete it; the caller owns it. */
  readonly admin: KafkaAdmin;
  /** Unique per gateway instance. */
  readonly groupId: string;
  readonly topics: readonly FeedTopic[];
  /** One handler per kind that `topics` uses. */
  readonly handlers: Readonly<Partial<Record<FeedKind, FeedHandler>>>;
  readonly codec: Codec;
  readonly metrics: Pick<GatewayMetrics, 'undecodableRecords' | 'consumerLag'>;
  readonly logger: Logger;
  /** Longest a fetch waits for records when there are none; bounds how long close waits. Default 250 ms. */
  readonly maxWaitTimeInMs?: number;
  /** The group's session timeout and heartbeat interval (GROUP_SESSION_TIMEOUT_MS, GROUP_HEARTBEAT_INTERVAL_MS). */
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
}

interface Route {
  readonly topic: FeedTopic;
  readonly handler: FeedHandler;
}

/**
 * Messages the records of one turn may queue for sockets before the consumer yields a turn:
 * the tick-flusher then writes them out, and other sockets' traffic (acks, pings) gets its
 * turn. Counted in messages, not records: a fetch of records for many keys with few subscribers
 * each stays in one turn, so its messages share frames (a busy gateway fetches bigger batches
 * and packs more messages per frame: frames, not bytes, are what a WebSocket server runs out
 * of). No socket's frame grows with it: a connection sends a full frame at once
 * (gateway/ws/connection.ts). 100,000 packed ~10 messages per frame at saturation, in both
 * bench shapes; 400,000 packs 20–180 (docs/performance.md).
 */
const MESSAGES_PER_TURN = 400_000;

/**
 * Most bytes one fetch takes from a partition (kafkajs's default is 1 MiB; its 10 MiB per fetch
 * still bounds the whole). A gateway that falls behind catches up by fetching bigger batches,
 * which pack more messages per frame; with one partition per topic (the default) 1 MiB capped
 * that at ~4,000 records per fetch, and fan-out to many keys delivered a third less.
 */
const MAX_BYTES_PER_PARTITION = 8 * 1024 * 1024;


export class FeedConsumer {
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly consumer: KafkaConsumer,
    private readonly options: FeedConsumerOptions,
    private readonly lag: ConsumerLag,
  ) {}

  /** Resolves once the consumer has joined its group, positioned at the end of every topic. */
  static async start(options: FeedConsumerOptions): Promise<FeedConsumer> {
    const routes = routesOf(options);
    const { kafka, admin, groupId } = options;
    const ends = await Promise.all(options.topics.map(async ({ topic }) => ({ topic, partitions: await endOffsets(admin, topic) })));
    const consumer = kafka.consumer({
      groupId,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      ...(options.sessionTimeoutMs === undefined ? {} : { sessionTimeout: options.sessionTimeoutMs }),
      ...(options.heartbeatIntervalMs === undefined ? {} : { heartbeatInterval: options.heartbeatIntervalMs }),
      maxWaitTimeInMs: options.maxWaitTimeInMs ?? 250,
      maxBytesPerPartition: MAX_BYTES_PER_PARTITION,
    });
    const lag = new ConsumerLag({ kafka, gauge: options.metrics.consumerLag, consumer: 'gateway-fanout', logger: options.logger });
    lag.followSkippedFetches(consumer);
    const feed = new FeedConsumer(consumer, options, lag);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics.map(({ topic }) => topic) });
      // Where this process is in every partition: the end read above, then past each batch.
      const positions = new Map<string, { topic: string; partition: number; offset: string }>();
      for (const { topic, partitions } of ends) for (const { partition, high } of partitions) positions.set(`${topic}:${partition}`, { topic, partition, offset: high });
      // The listener runs inside every join, before the next fetch: every partition continues
      // where this process was (the end above at the first join).
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        lag.assigned(payload.memberAssignment);
        for (const position of positions.values()) {
          consumer.seek(position);
          lag.at(position.topic, position.partition, BigInt(position.offset));
        }
      });
      const joined = firstJoin(consumer, groupId);
      await consumer.run({
        // No offsets are committed (see the header): a commit per batch would also put an
        // OffsetCommit round trip before every fetch.
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const route = routes.get(batch.topic) as Route;
          let queued = 0;
          for (const message of batch.messages) {
            queued += feed.dispatch(route, batch.partition, message);
            if (queued >= MESSAGES_PER_TURN) {
              queued = 0;
              await setImmediate();
            }
          }
          const next = BigInt(batch.lastOffset()) + 1n;
          positions.set(`${batch.topic}:${batch.partition}`, { topic: batch.topic, partition: batch.partition, offset: next.toString() });
          lag.at(batch.topic, batch.partition, next);
        },
      });
      await joined;
      await lag.start();
    } catch (error) {
      await feed.close();
      throw error;
    }
    return feed;
  }

  /** Leaves and deletes the group. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.consumer.disconnect();
      await this.lag.stop();
      try {
        await this.options.admin.deleteGroups([this.options.groupId]);
      } catch (error) {
        this.options.logger.warn({ err: error, groupId: this.options.groupId }, 'could not delete the feed consumer group');
      }
    })();
    return this.closing;
  }

  /** Returns the messages the handler queued for sockets. */
  private dispatch({ topic, handler }: Route, partition: number, message: ConsumedRecord): number {
    // No topic read carries tombstones: events and outcomes never, and the projector never deletes a view row.
    if (message.value === null) return 0;
    const { logger, metrics, codec } = this.options;
    let record: AnyDecodedRecord;
    try {
      record = codec.decode(message.value);
    } catch (error) {
      metrics.undecodableRecords.labels({ topic: topic.topic }).inc();
      logger.warn({ err: error, topic: topic.topic, partition, offset: message.offset }, 'skipping a record that cannot be decoded');
      return 0;
    }
    const trace = traceDelivery(topic.topic, partition, message);
    let queued = 0;
    try {
      queued = handler({ topic: topic.topic, kind: topic.kind, domain: topic.domain, partition, offset: message.offset, timestamp: message.timestamp, key: message.key, record, trace });
    } catch (error) {
      logger.warn({ err: error, topic: topic.topic, partition, offset: message.offset }, 'feed handler failed; record skipped');
    }
    trace?.end(queued);
    return queued;
  }
}

function routesOf({ topics, handlers }: FeedConsumerOptions): Map<string, Route> {
  const routes = new Map<string, Route>();
  for (const topic of topics) {
    const handler = handlers[topic.kind];
    if (!handler) throw new InternalError(`feed topic ${topic.topic} is of kind ${topic.kind}, which has no handler`);
    routes.set(topic.topic, { topic, handler });
  }
  return routes;
}

/** How long start waits for the first join: a broker that has just started may still be loading its group coordinator. */
const JOIN_TIMEOUT_MS = 60_000;

/**
 * Resolves at the consumer's first GROUP_JOIN. `run` returns after
 * kafkajs's first join attempt, which may have crashed on a retriable error (a coordinator
 * still loading): kafkajs then restarts the consumer, so the join may come later. Rejects
 * UNAVAILABLE when kafkajs gives up or the join does not come in time.
 */
function firstJoin(consumer: KafkaConsumer, groupId: string): Promise<void> {
  const joined = new Promise<void>((resolve, reject) => {
    const listeners: (() => void)[] = [];
    const settle = (error?: Error): void => {
      clearTimeout(timer);
      for (const stop of listeners) stop();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => settle(new UnavailableError(`the gateway's feed consumer did not join its group ${groupId} within ${JOIN_TIMEOUT_MS} ms`)), JOIN_TIMEOUT_MS);
    timer.unref();
    listeners.push(
      consumer.on(consumer.events.GROUP_JOIN, () => settle()),
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) settle(new UnavailableError(`the gateway's feed consumer could not join its group ${groupId}`, { cause: payload.error }));
      }),
    );
  });
  // When `run` itself throws, nobody awaits this; its later rejection must not go unhandled.
  joined.catch(() => undefined);
  return joined;
}

const END_OFFSETS_ATTEMPTS = 10;
const END_OFFSETS_BACKOFF_MS = 100;

/**
 * Right after its topics are created a broker may still answer NOT_LEADER_OR_FOLLOWER for
 * a while, and kafkajs's fetchTopicOffsets gives up on the first retriable error. On a
 * cluster, a broker whose metadata does not list the new topic's partitions yet makes it
 * throw a TypeError (it destructures an empty answer): that passes too, so it is retried.
 */
async function endOffsets(admin: KafkaAdmin, topic: string): Promise<{ partition: number; high: string }[]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      const passing = (error as { retriable?: unknown }).retriable === true || error instanceof TypeError;
      if (!passing || attempt === END_OFFSETS_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * END_OFFSETS_BACKOFF_MS));
    }
  }
}
