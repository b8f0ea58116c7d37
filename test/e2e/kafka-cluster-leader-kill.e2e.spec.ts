/**
 * Exactly-once on a three-node Kafka cluster (infra/kafka.ts, startKafkaCluster) while the
 * broker leading the orders commands and events partitions is SIGKILLed under load and started
 * again: topics are created with 3 replicas and 2 in sync, a command handler and a projector
 * process run against the cluster, and afterwards every command has its one outcome, every
 * accepted command's events are there once with versions 1..n (support/exactly-once.ts), the
 * read models equal the fold of those events, and the restarted broker is back in sync.
 *
 * The projector is started right after the kill, while the cluster's metadata still names the
 * dead broker (it is fenced only after its session runs out): a service must be able to start
 * on a cluster with a broker down, not only to ride one out.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { startKafkaCluster, type RunningKafkaCluster } from '../../infra/kafka';
import { toOrderEvent } from '../../services/analytics/order-events';
import { produceCommands } from '../support/commands';
import { expectExactlyOnce } from '../support/exactly-once';
import { waitFor } from '../support/kafka';
import { logged, spawnService, withReports, type ServiceProcess } from '../support/services';
import { ordersWorkload } from '../support/workload';
import { createWorld, PARTITIONS, type World } from '../integration/projector/support/harness';

jest.setTimeout(300_000);

const CHUNK = 200;
const COMMANDS = 3_000;
/** Chunks produced before the kill, and while the broker is down. */
const KILL_AT_CHUNK = 4;
const RESTART_AT_CHUNK = 9;

describe('a three-node Kafka cluster', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-cluster-'));
  let cluster: RunningKafkaCluster | undefined;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let world: World | undefined;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    cluster = await startKafkaCluster({ dataDir: dir, heap: '512m' });
    // Retries long enough to ride out a leader election after a broker is killed.
    kafka = new Kafka({ brokers: cluster.brokers, clientId: 'eventline-test', logLevel: logLevel.NOTHING, retry: { initialRetryTime: 100, retries: 20 } });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.kill('SIGTERM')));
    await producer?.disconnect();
    await world?.close();
    await admin?.disconnect();
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every command exactly once while the leading broker is SIGKILLed and restarted', async () => {
    world = await createWorld(kafka, admin, 'cluster-kill', { factor: 3, minInsyncReplicas: 2 });
    const topics = world.topics;
    const commandsTopic = topics.domain('orders', 'commands');
    const eventsTopic = topics.domain('orders', 'events');
    const [config] = (await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: eventsTopic, configNames: ['min.insync.replicas'] }] })).resources;
    expect(config?.configEntries).toEqual([expect.objectContaining({ configName: 'min.insync.replicas', configValue: '2' })]);

    const env = {
      KAFKA_BROKERS: cluster!.brokers.join(','),
      TOPIC_PREFIX: topics.prefix,
      KAFKA_CLIENT_ID: world.appId,
      DATABASE_URL: world.db.url,
      TOPIC_PARTITIONS: String(PARTITIONS),
      TOPIC_REPLICATION_FACTOR: '3',
    };
    const handler = spawnService('command-handler', env);
    services.push(handler);
    await logged(handler, 'command handler consuming', 120_000);
    let projector: ServiceProcess | undefined;

    const leaders = async (): Promise<number[]> =>
      (await admin.fetchTopicMetadata({ topics: [commandsTopic, eventsTopic] })).topics.flatMap((topic) => topic.partitions.map((partition) => partition.leader));
    const commands = ordersWorkload(150, COMMANDS, 7);
    let killed: number | undefined;
    for (let chunk = 0; chunk * CHUNK < commands.length; chunk += 1) {
      if (chunk === KILL_AT_CHUNK) {
        // The broker that leads the most commands and events partitions of orders.
        const led = await leaders();
        killed = [1, 2, 3].sort((a, b) => led.filter((id) => id === b).length - led.filter((id) => id === a).length)[0]!;
        const node = cluster!.nodes[killed - 1]!;
        process.kill(node.pid, 'SIGKILL');
        await node.exited;
        projector = spawnService('projector', env);
        services.push(projector);
      }
      if (chunk === RESTART_AT_CHUNK) await cluster!.restartNode(killed!);
      await produceCommands(producer, (domain) => topics.domain(domain, 'commands'), commands.slice(chunk * CHUNK, (chunk + 1) * CHUNK));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const events = await expectExactlyOnce(kafka, topics, commands).catch(withReports(handler));
    await world.caughtUp(120_000).catch(withReports(projector!));
    await world.expectRowsToEqualFold(events.map(({ decoded }) => ({ domain: 'orders' as const, event: toOrderEvent(decoded) })));

    // The restarted broker caught up: every replica of every orders partition in sync again.
    await waitFor(
      async () => {
        const metadata = await admin.fetchTopicMetadata({ topics: [commandsTopic, eventsTopic] });
        return metadata.topics.every((topic) => topic.partitions.every((partition) => partition.isr.length === 3 && partition.replicas.length === 3)) ? true : undefined;
      },
      60_000,
      `every replica in sync again after node ${killed} restarted`,
    );
  });
});
