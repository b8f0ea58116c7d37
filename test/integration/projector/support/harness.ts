/**
 * One projector test world: its own topics (random prefix), its own database, an in-process
 * projector that can be started and stopped, and waits on what it has applied and published.
 */
import type { Admin, Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { domains, type Versioned } from '../../../../domains';
import type { Orm } from '../../../../platform/db';
import { ensureTopics, TopicNames } from '../../../../platform/kafka';
import { createLogger } from '../../../../platform/logger';
import { findReadModelByView, readModels } from '../../../../read-models';
import { Projector } from '../../../../services/projector';
import { eventlineTopicSpecs } from '../../../../services/topology';
import { codec, readDecoded, waitFor } from '../../../support/kafka';
import { uniqueName } from '../../../support/names';
import { checkpointsOf, createTestDatabase, readTable, type TestDatabase } from './database';
import { expectedRows, lastOffsets, type DomainEvent } from './events';

export const PARTITIONS = 3;

export interface World {
  topics: TopicNames;
  db: TestDatabase;
  appId: string;
  /** A projector reporting its metrics on `metrics` (a fresh registry by default). */
  startProjector(metrics?: Registry): Promise<Projector>;
  /** Stops projectors a failed test left running, then drops the database. */
  close(): Promise<void>;
  /** Resolves when every projection's checkpoint covers every event produced so far and no view change is owed. */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Every read-model table equals the pure fold of `events`, versions included. */
  expectRowsToEqualFold(events: readonly DomainEvent[]): Promise<void>;
  /** `views.<view>` per key: versions strictly increase (or never decrease, allowing redelivery), and the last record equals the row. */
  expectViewStream(view: string, options?: { allowRedelivery?: boolean }): Promise<number>;
}

/** `replication`: of the world's topics; a cluster test asks for 3 replicas, 2 in sync. */
export async function createWorld(kafka: Kafka, admin: Admin, name: string, replication = { factor: 1, minInsyncReplicas: 1 }): Promise<World> {
  const topics = new TopicNames(`${uniqueName(name)}.`);
  await ensureTopics(admin, eventlineTopicSpecs(topics, PARTITIONS), replication.factor, createLogger('test', 'silent'), replication.minInsyncReplicas);
  const db = await createTestDatabase(name);
  const appId = uniqueName(name);
  const logger = createLogger('projector', process.env.LOG_LEVEL ?? 'warn');
  const projectors: Projector[] = [];

  return {
    topics,
    db,
    appId,
    async startProjector(metrics = new Registry()) {
      const projector = new Projector({ kafka, orm: db.orm, topics, codec, logger, metrics, appId, sessionTimeoutMs: 10_000, onFatal: (error) => logger.error({ err: error }, 'projector stopped') });
      projectors.push(projector);
      await projector.start();
      return projector;
    },
    async close() {
      await Promise.all(projectors.map((projector) => projector.stop().catch(() => undefined)));
      await db.drop();
    },
    async caughtUp(timeoutMs = 60_000) {
      let behind = 'a first look';
      await waitFor(
        async () => {
          try {
            behind = (await partitionBehind(admin, db.orm, topics)) ?? '';
            return behind === '' ? true : undefined;
          } catch (error) {
            // Fresh topics can answer NOT_LEADER for a moment; ask again.
            if ((error as { retriable?: boolean }).retriable) return undefined;
            throw error;
          }
        },
        timeoutMs,
        () => `the projector to catch up (last seen: ${behind})`,
      );
    },
    async expectRowsToEqualFold(events) {
      for (const model of readModels) {
        const stored = await readTable(db.orm, model);
        const expected = expectedRows(model.projection, events.filter(({ domain }) => domains.find((d) => d.name === domain)!.projections.includes(model.projection)));
        expect({ model: model.name, rows: stored.size }).toEqual({ model: model.name, rows: expected.size });
        for (const [key, row] of expected) expect({ model: model.name, key, row: stored.get(key) }).toEqual({ model: model.name, key, row });
      }
    },
    async expectViewStream(view, options = {}) {
      const model = findReadModelByView(view)!;
      const records = await readDecoded(kafka, topics.view(view));
      const rows = await readTable(db.orm, model);
      const last = new Map<string, Versioned<object>>();
      const outOfOrder: string[] = [];
      for (const { key, offset, decoded, message } of records) {
        const row = decoded.value as Versioned<object>;
        // CloudEvents binary mode (docs/topics.md): the id names the row version, so a republished version keeps it.
        expect(Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]))).toEqual({
          ce_specversion: '1.0',
          ce_id: `${key}/${row.version}`,
          ce_source: `/eventline/views/${view}`,
          ce_type: model.viewSubject,
          ce_time: (row as unknown as { updatedAt: Date }).updatedAt.toISOString(),
          ce_subject: key,
          'content-type': 'application/vnd.apache.avro+binary',
        });
        const previous = last.get(key!);
        if (previous !== undefined && row.version <= previous.version) {
          if (options.allowRedelivery && row.version === previous.version) expect(row).toEqual(previous);
          else outOfOrder.push(`${key}: v${row.version} at offset ${offset} after v${previous.version}`);
        }
        last.set(key!, row);
      }
      expect(outOfOrder).toEqual([]);
      expect(new Map([...last].map(([key, row]) => [key, { ...row }]))).toEqual(rows);
      return records.length;
    },
  };
}

/** The first projection and partition whose checkpoint is short of its events topic's end, said plainly; undefined when none is. */
async function partitionBehind(admin: Admin, orm: Orm, topics: TopicNames): Promise<string | undefined> {
  for (const domain of domains) {
    const topic = topics.domain(domain.name, 'events');
    const ends = await lastOffsets(admin, topic);
    const checkpoints = await checkpointsOf(orm, topic);
    for (const projection of domain.projections) {
      for (const [partition, last] of ends) {
        const checkpoint = checkpoints.find((c) => c.projection === projection.name && c.partition === partition);
        const where = `${projection.name} on ${topic}[${partition}]`;
        if (!checkpoint) return `${where}: no checkpoint, last offset ${last}`;
        if (checkpoint.lastOffset < last) return `${where}: checkpoint ${checkpoint.lastOffset}, last offset ${last}`;
        if (checkpoint.pendingViewKeys.length > 0) return `${where}: ${checkpoint.pendingViewKeys.length} view keys pending`;
      }
    }
  }
  return undefined;
}
