/**
 * `eventline lag` and `offsets reset` against a real group: lag per partition (the projector's
 * database checkpoints included), and a reset that is refused while the group has members.
 */
import type { Admin, Consumer, Producer } from 'kafkajs';
import { EXIT_FAILURE, EXIT_OK } from '../../../cli/main';
import { PROJECTOR_DB_GROUP, type LagRow } from '../../../cli/lag';
import { inTransaction, lockCheckpoints, writeCheckpoint } from '../../../read-models';
import { testKafka, waitFor } from '../../support/kafka';
import { uniqueName } from '../../support/names';
import { createTestDatabase, type TestDatabase } from '../projector/support/database';
import { cliEnv, eventline } from './support';

jest.setTimeout(120_000);

describe('eventline lag and offsets reset', () => {
  const kafka = testKafka();
  const prefix = `${uniqueName('cli-lag')}.`;
  const topic = `${prefix}orders.events`;
  const group = uniqueName('analytics');
  let env: NodeJS.ProcessEnv;
  let db: TestDatabase;
  let admin: Admin;
  let producer: Producer;

  /** A member of `group` that has read and committed the first `count` records of each partition. */
  async function consumeAndCommit(count: number): Promise<Consumer> {
    const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
    await waitFor(async () => ((await admin.describeGroups([group])).groups[0]?.state === 'Stable' ? true : undefined), 30_000, 'the group to be stable');
    await consumer.commitOffsets([0, 1].map((partition) => ({ topic, partition, offset: String(count) })));
    return consumer;
  }

  beforeAll(async () => {
    db = await createTestDatabase('cli_lag');
    env = cliEnv(prefix, db.url);
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
    producer = kafka.producer();
    await producer.connect();
    for (const partition of [0, 1]) {
      await producer.send({ topic, acks: -1, messages: Array.from({ length: 10 }, (_, index) => ({ partition, key: `k-${index}`, value: Buffer.from([index]) })) });
    }
    // The projector's checkpoints: orders applied offsets 0..6 of partition 0 (last_offset 6).
    await inTransaction(db.orm, async (session) => {
      await session.query(lockCheckpoints(['orders'], topic, 0));
      await session.query(writeCheckpoint(topic, { projection: 'orders', partition: 0, lastOffset: 6, pendingViewKeys: [] }));
    });
  });
  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
    await db.drop();
  });

  it('shows a group lag per partition, and the projector checkpoints as a pseudo-group', async () => {
    const consumer = await consumeAndCommit(4);
    try {
      const { code, out } = await eventline(env, '--json', 'lag', group);
      expect(code).toBe(EXIT_OK);
      expect(JSON.parse(out)).toEqual([0, 1].map((partition) => ({ group, state: 'Stable', members: 1, topic, partition, committed: '4', end: '10', lag: 6 })));

      const all: LagRow[] = JSON.parse((await eventline(env, '--json', 'lag')).out);
      expect(all.filter((row) => row.group === PROJECTOR_DB_GROUP && row.topic === topic)).toEqual([
        { group: PROJECTOR_DB_GROUP, state: null, members: null, projection: 'orders', topic, partition: 0, committed: '7', end: '10', lag: 3 },
      ]);
      expect((await eventline(env, 'lag', group)).out).toMatch(new RegExp(`^GROUP +STATE +MEMBERS +TOPIC +PARTITION +COMMITTED +END +LAG\\n${group} +Stable +1 +${topic.replace(/\./g, '\\.')} +0 +4 +10 +6\\n`));
    } finally {
      await consumer.disconnect();
    }
  });

  it('refuses to reset the offsets of a group with members, and resets them once it has none', async () => {
    const consumer = await consumeAndCommit(4);
    let refused;
    try {
      refused = await eventline(env, 'offsets', 'reset', group, '--to', 'earliest');
    } finally {
      await consumer.disconnect();
    }
    expect(refused.code).toBe(EXIT_FAILURE);
    expect(refused.err).toMatch(new RegExp(`^eventline: group "${group}" has 1 running member\\(s\\) \\(.+\\); stop its consumers before resetting its offsets\\n$`));

    const dry = await eventline(env, '--json', 'offsets', 'reset', group, '--to', 'latest', '--dry-run');
    expect(JSON.parse(dry.out).offsets).toEqual([0, 1].map((partition) => ({ topic, partition, from: '4', to: '10' })));
    const reset = await eventline(env, 'offsets', 'reset', group, '--to', 'earliest', '--topic', 'orders.events');
    expect(reset.code).toBe(EXIT_OK);
    const lag: LagRow[] = JSON.parse((await eventline(env, '--json', 'lag', group)).out);
    expect(lag.map((row) => [row.partition, row.committed, row.lag])).toEqual([
      [0, '0', 10],
      [1, '0', 10],
    ]);
  });

  it('names an unknown group', async () => {
    expect(await eventline(env, 'lag', 'no-such-group')).toMatchObject({ code: EXIT_FAILURE, err: 'eventline: unknown consumer group "no-such-group"\n' });
  });
});
