/**
 * Publishes view changes after the rows are committed: the CURRENT row (+ version) of each
 * pending key goes to `views.<view>`, keyed by the view key, then the keys are cleared from the
 * checkpoint. The keys were recorded as pending in the batch's own transaction, so a crash
 * before the publish leaves them in the checkpoint and they are published on the next start.
 *
 * Why the current row, read under FOR SHARE while the records are produced: a version of a
 * key can only be committed after every publisher holding that key's share lock has had its
 * records acknowledged, so even instances projecting different partitions into the same
 * store_stats row publish its versions in increasing order. Publishing the current row also
 * conflates: a key changed by many events in a batch is published once, at its last version.
 *
 * Publishes run one at a time per process, and a version this process already published is
 * not sent again, so within a process versions per key strictly increase. Across a restart a
 * version may be sent again (same version, same row): clients drop versions they have seen.
 */
import type { KafkaProducer } from '../../platform/kafka';
import type { Orm } from '../../platform/db';
import { InternalError } from '../../platform/errors';
import { viewRowCloudHeaders, type RecordHeaders, type TopicNames } from '../../platform/kafka';
import { clearPendingViewKeys, inTransaction, rowsByKey, selectByKeys, shareReadModels } from '../../read-models';
import type { Codec } from '../../schemas';
import type { PendingView } from './apply-batch';

export interface ViewPublisherOptions {
  orm: Orm;
  producer: KafkaProducer;
  codec: Codec;
  topics: TopicNames;
  /** Called after each publish with the view and the number of records produced. */
  onPublished(view: string, records: number): void;
}

/**
 * How many (view, key) → last published version entries are remembered. Forgetting one only
 * allows a duplicate of an already published version, which clients drop.
 */
const REMEMBERED_VERSIONS = 100_000;

export class ViewPublisher {
  private readonly published = new Map<string, number>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ViewPublisherOptions) {}

  /** Resolves once the current rows of `pending.keys` are in Kafka and no longer pending; `headers` (a trace context) go on every record. */
  publish(pending: PendingView, headers?: RecordHeaders): Promise<void> {
    const run = this.tail.then(() => this.publishNow(pending, headers));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async publishNow({ model, topic, partition, keys }: PendingView, headers: RecordHeaders | undefined): Promise<void> {
    const { view, viewSubject } = model;
    if (view === undefined || viewSubject === undefined) throw new InternalError(`read model ${model.name} has no view to publish`);
    const { codec, producer, topics } = this.options;
    const produced = await inTransaction(this.options.orm, async (session) => {
      // It writes the checkpoint (pending keys), so it takes the read-model lock like a batch does.
      await session.query(shareReadModels([model.name]));
      const rows = rowsByKey(model, (await session.query(selectByKeys(model, keys, 'share'))).rows);
      const fresh = [...rows].filter(([key, row]) => row.version > (this.published.get(`${view}\0${key}`) ?? 0));
      if (fresh.length > 0) {
        await producer.send({
          topic: topics.view(view),
          acks: -1,
          messages: fresh.map(([key, row]) => ({ key, value: codec.encode(viewSubject, row), headers: { ...viewRowCloudHeaders(view, viewSubject, { key, version: row.version, updatedAt: updatedAtOf(row) }), ...headers } })),
        });
        for (const [key, row] of fresh) this.remember(`${view}\0${key}`, row.version);
      }
      await session.query(clearPendingViewKeys(model.name, topic, partition, keys));
      return fresh.length;
    });
    this.options.onPublished(view, produced);
  }

  private remember(id: string, version: number): void {
    this.published.delete(id);
    this.published.set(id, version);
    if (this.published.size > REMEMBERED_VERSIONS) this.published.delete(this.published.keys().next().value as string);
  }
}

/** A view row's `updatedAt` (every published view has one); the publish time otherwise. */
function updatedAtOf(row: object): Date {
  const { updatedAt } = row as { updatedAt?: unknown };
  return updatedAt instanceof Date ? updatedAt : new Date();
}
