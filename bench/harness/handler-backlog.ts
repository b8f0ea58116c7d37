/**
 * A backlog of orders commands worked off by command handler processes: produced first (acks
 * from every in-sync replica, as the gateway publishes), then `instances` handlers started on it.
 * A command counts as decided when its transaction is committed; progress is read from the
 * handler group's offsets, which the handlers commit every 50 ms here (1 s by default). The
 * first `warmupCommands` are the warm-up (start-up, partition restore, JIT); the rate is taken
 * over the rest. Shared by the command-handler and cluster benchmarks.
 *
 * `handlersFirst`: the handlers start on the empty topics and the backlog is produced once
 * their group is stable with every instance in it, so the commands are acked while they are
 * decided and no rebalance falls inside the measurement (several instances joining a backlog
 * rebalance while the first restores and decides in large batches, which made both figures
 * meaningless on a loaded machine).
 */
import type { KafkaAdmin, KafkaClient } from '../../platform/kafka';
import { UnavailableError } from '../../platform/errors';
import type { TopicNames } from '../../platform/kafka';
import { produceCommands, type TestCommand } from '../../test/support/commands';
import type { BenchContext } from './benchmark';
import { benchProducer, committedRecords } from './kafka';
import { monotonicMs } from './load-protocol';
import { ServiceProcess } from './service-process';
import { waitForCount } from './timing';

/** Commands per produce request: a record batch must stay under the broker's 1 MB message.max.bytes. */
const PRODUCE_CHUNK = 2_000;
const POLL_MS = 50;
/** How often the handlers commit the group offsets polled here (their default is 1 s). */
const OFFSET_COMMIT_INTERVAL_MS = 50;
/** Start-up (topics, group join, partition restore) included. */
const STALL_MS = 30_000;

export interface BacklogRun {
  /** Commands produced per second while producing the backlog (acknowledged by Kafka). */
  readonly producedPerSec: number;
  readonly decidedPerSec: number;
  readonly warmupSeconds: number;
  readonly measuredSeconds: number;
  /** What the handlers together spent per 1,000 commands decided, CPU ms. */
  readonly handlerCpuMsPer1000Commands: number;
}

export async function workOffBacklog(
  context: BenchContext,
  clients: { kafka: KafkaClient; admin: KafkaAdmin },
  options: { names: TopicNames; partitions: number; workload: readonly TestCommand[]; warmupCommands: number; instances: number; handlersFirst?: boolean; env?: Readonly<Record<string, string>> },
): Promise<BacklogRun> {
  const { names, workload } = options;
  const commandsTopic = names.domain('orders', 'commands');
  const producer = await benchProducer(context, clients.kafka);
  let producedPerSec = 0;
  const produce = async (): Promise<void> => {
    context.log(`producing ${workload.length.toLocaleString('en-US')} commands`);
    const produceStarted = monotonicMs();
    for (let from = 0; from < workload.length; from += PRODUCE_CHUNK) {
      await produceCommands(producer, () => commandsTopic, workload.slice(from, from + PRODUCE_CHUNK));
    }
    producedPerSec = workload.length / ((monotonicMs() - produceStarted) / 1000);
  };
  if (!options.handlersFirst) await produce();

  const appId = `${names.prefix}app`;
  const spawnedAt = monotonicMs();
  const handlers = Array.from({ length: options.instances }, () =>
    ServiceProcess.start(context, 'command-handler', {
      KAFKA_BROKERS: context.stack.kafkaBrokers.join(','),
      TOPIC_PREFIX: names.prefix,
      TOPIC_PARTITIONS: String(options.partitions),
      KAFKA_CLIENT_ID: appId,
      HANDLER_OFFSET_COMMIT_INTERVAL_MS: String(OFFSET_COMMIT_INTERVAL_MS),
      ...options.env,
    }),
  );
  const explain = (): string => handlers.map((handler) => handler.explain()).join('; ');
  const groupId = `${appId}-command-handler`;
  const decided = async (): Promise<number | undefined> => {
    if (handlers.some((handler) => !handler.running)) throw new UnavailableError(`a command handler exited; ${explain()}`);
    return committedRecords(clients.admin, groupId, commandsTopic);
  };
  const waitFor = (target: number, what: string) => waitForCount(decided, { target, stallMs: STALL_MS, intervalMs: POLL_MS, what, explain });
  context.log(`${options.instances} handler(s) started; warming up`);
  const cpu = (): number => handlers.reduce((sum, handler) => sum + handler.cpuSeconds(), 0);
  let producing: Promise<void> | undefined;
  if (options.handlersFirst) {
    await waitForCount(
      async () => {
        if (handlers.some((handler) => !handler.running)) throw new UnavailableError(`a command handler exited; ${explain()}`);
        const [group] = (await clients.admin.describeGroups([groupId])).groups;
        return group?.state === 'Stable' ? group.members.length : undefined;
      },
      { target: options.instances, stallMs: STALL_MS, intervalMs: 250, what: `${options.instances} handler(s) in a stable group`, explain },
    );
    producing = produce();
  }
  const warm = await waitFor(options.warmupCommands, 'deciding the warm-up commands');
  const cpuAtWarm = cpu();
  const done = await waitFor(workload.length, 'deciding the backlog');
  await producing;
  const handlerCpuMsPer1000Commands = ((cpu() - cpuAtWarm) * 1000 * 1000) / (done.count - warm.count);
  await Promise.all(handlers.map((handler) => handler.stop()));
  return {
    producedPerSec,
    decidedPerSec: (done.count - warm.count) / ((done.at - warm.at) / 1000),
    warmupSeconds: (warm.at - spawnedAt) / 1000,
    measuredSeconds: (done.at - warm.at) / 1000,
    handlerCpuMsPer1000Commands,
  };
}
