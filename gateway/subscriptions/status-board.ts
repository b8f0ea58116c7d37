/**
 * The `ops.status` stream (key `pipeline`, staff only): every service instance's latest
 * status, read from `eventline.status` (platform/status), as one message the /ops page
 * renders whole. It is streamed like a view: a subscription gets a snapshot of the board,
 * then every newer version; a slow socket keeps only the newest (it is conflatable).
 *
 * The board is this gateway's own: a consumer of its own (group `<prefix>status-<uuid>`,
 * deleted on close, swept like the fan-out's if the gateway is killed) starts at the end of
 * the topic — every live instance publishes each second, so the board is whole a second
 * after start. An instance that stopped gracefully left a tombstone and leaves the board; one
 * that was killed is dropped once its status is older than STALE_AFTER_MS. Records are the
 * services' JSON; one that does not parse is skipped.
 */
import { randomUUID } from 'node:crypto';
import type { KafkaAdmin, KafkaClient, KafkaConsumer } from '../../platform/kafka';
import type { InstanceStatus } from '../../platform/status';
import type { Logger } from '../../platform/logger';
import { eventMessage } from '../protocol';
import type { SubscriptionRegistry } from './registry';
import type { StatusStream } from './streams';

export const STATUS_KEY = 'pipeline';
/** A status older than this belongs to an instance that died without a tombstone. */
export const STALE_AFTER_MS = 15_000;

export interface StatusBoardOptions {
  readonly kafka: KafkaClient;
  readonly admin: KafkaAdmin;
  readonly groupPrefix: string;
  readonly stream: StatusStream;
  readonly registry: SubscriptionRegistry;
  readonly logger: Logger;
}

/** What a subscriber gets: every known instance, by service then instance. */
export interface StatusBoardRow {
  readonly instances: readonly InstanceStatus[];
}

export class StatusBoard {
  private readonly instances = new Map<string, InstanceStatus>();
  private version = 0;
  private consumer: KafkaConsumer | undefined;
  private starting: Promise<void> | undefined;
  private readonly groupId: string;

  constructor(private readonly options: StatusBoardOptions) {
    this.groupId = `${options.groupPrefix}status-${randomUUID()}`;
  }

  /** Starts reading in the background: the gateway's start-up (and a takeover) does not wait for this group's join. */
  start(): void {
    this.starting = this.run().catch((error: unknown) => this.options.logger.error({ err: error, groupId: this.groupId }, 'the status board could not start: ops.status stays empty'));
  }

  private async run(): Promise<void> {
    const { kafka, stream } = this.options;
    const consumer = kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 250 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [stream.topic], fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const instance = message.key?.toString();
          if (instance !== undefined) this.noted(instance, message.value);
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.starting;
    await this.consumer?.disconnect();
    await this.options.admin.deleteGroups([this.groupId]).catch((error: unknown) => this.options.logger.warn({ err: error, groupId: this.groupId }, 'could not delete the status consumer group'));
  }

  /** The board now, for a new subscription's snapshot. */
  snapshot(now = Date.now()): { version: number; data: StatusBoardRow } {
    this.dropStale(now);
    return { version: this.version, data: this.row() };
  }

  /** A status record (null: a tombstone) of `instance`: the board changes and its subscribers get it. */
  noted(instance: string, value: Buffer | null, now = Date.now()): void {
    if (value === null) {
      if (!this.instances.delete(instance)) return;
    } else {
      let status: InstanceStatus;
      try {
        status = JSON.parse(value.toString()) as InstanceStatus;
      } catch {
        this.options.logger.warn({ instance }, 'skipping a status record that is not JSON');
        return;
      }
      this.instances.set(instance, status);
    }
    this.dropStale(now);
    this.version += 1;
    const { stream, registry } = this.options;
    const subscribers = registry.subscribers(stream, STATUS_KEY);
    if (subscribers === undefined) return;
    const text = JSON.stringify(eventMessage(stream.name, STATUS_KEY, this.version, 'StatusBoard', this.row(), new Date(now)));
    const message = { version: this.version, text };
    for (const subscription of subscribers) subscription.offer(message);
  }

  private dropStale(now: number): void {
    for (const [instance, status] of this.instances) if (now - status.at > STALE_AFTER_MS) this.instances.delete(instance);
  }

  private row(): StatusBoardRow {
    return { instances: [...this.instances.values()].sort((a, b) => a.service.localeCompare(b.service) || a.instance.localeCompare(b.instance)) };
  }
}
