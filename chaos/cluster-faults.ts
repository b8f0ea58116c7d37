/**
 * The faults of `npm run chaos -- --cluster`, on a three-node cluster with two instances of each
 * service (stack.ts) under steady load through both gateways: SIGKILL of the broker leading the
 * most orders commands and events partitions (started again 15 s later, under load); SIGKILL of
 * the active controller (likewise); a third command handler and projector added under load and
 * then removed (a rebalance each way); SIGKILL of the second gateway while sockets follow chat
 * rooms through it (they resume on the first with `fromVersion`; it is started again once
 * measured).
 */
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { resolveKafkaClasspath } from '../infra/kafka';
import { TopicNames } from '../platform/kafka';
import type { Fault } from './fault';
import { RoomFollowers } from './room-followers';
import { CLUSTER_NODES, type ChaosStack } from './stack';

const execFileAsync = promisify(execFile);
/** How long a killed broker stays down before it is started again. */
const BROKER_DOWN_MS = 15_000;
/** How long the third instances run before they are removed: both rebalances done, the load decided by three. */
const THIRD_INSTANCE_MS = 20_000;
/** How long the followers stay on the surviving gateway before the killed one is started again. */
const GATEWAY_DOWN_MS = 15_000;

/** Leaders of the orders commands and events partitions, by node id. */
async function ordersLeaders(stack: ChaosStack): Promise<number[]> {
  const topics = new TopicNames();
  return stack.withAdmin(async (admin) =>
    (await admin.fetchTopicMetadata({ topics: [topics.domain('orders', 'commands'), topics.domain('orders', 'events')] })).topics.flatMap((topic) => topic.partitions.map((partition) => partition.leader)),
  );
}

function mostFrequent(ids: readonly number[]): number {
  const nodes = Array.from({ length: CLUSTER_NODES }, (_, index) => index + 1);
  return nodes.sort((a, b) => ids.filter((id) => id === b).length - ids.filter((id) => id === a).length)[0]!;
}

/**
 * The node id of the quorum's leader, the active controller, from Kafka's own tool: in KRaft a
 * broker's metadata names a random broker as "controller", not the active one.
 */
async function activeController(stack: ChaosStack): Promise<number> {
  const classpath = await resolveKafkaClasspath();
  const { stdout } = await execFileAsync('java', ['-cp', classpath, 'org.apache.kafka.tools.MetadataQuorumCommand', '--bootstrap-server', stack.brokers.join(','), 'describe', '--status']);
  const leader = /LeaderId:\s*(\d+)/.exec(stdout)?.[1];
  if (leader === undefined) throw new Error(`no LeaderId in the quorum's status: ${stdout.trim()}`);
  return Number(leader);
}

/** Kills `nodeId`, keeps it down for BROKER_DOWN_MS under load, starts it again; recovery is outcomes after the kill. */
async function killNodeAndRestart(stack: ChaosStack, nodeId: number, notes: Record<string, unknown>): Promise<ReturnType<Fault>> {
  await stack.killNode(nodeId);
  const over = performance.now();
  await sleep(BROKER_DOWN_MS);
  const restarting = performance.now();
  await stack.restartNode(nodeId);
  const leadersAfter = await ordersLeaders(stack);
  return {
    over,
    recovery: 'outcomes',
    notes: { ...notes, killedNode: nodeId, downSeconds: BROKER_DOWN_MS / 1000, restartSeconds: (performance.now() - restarting) / 1000, ordersLeadersAfterRestart: leadersAfter },
  };
}

export const CLUSTER_FAULTS: Record<string, Fault> = {
  'sigkill-leader-broker': async ({ stack }) => {
    const leaders = await ordersLeaders(stack);
    const nodeId = mostFrequent(leaders);
    return killNodeAndRestart(stack, nodeId, { ordersLeadersBefore: leaders });
  },
  'sigkill-active-controller': async ({ stack }) => {
    const nodeId = await activeController(stack);
    const leaders = await ordersLeaders(stack);
    const outcome = await killNodeAndRestart(stack, nodeId, { ordersLeadersBefore: leaders });
    return { ...outcome, notes: { ...outcome.notes, controllerAfter: await activeController(stack) } };
  },
  'add-remove-handler-projector': async ({ stack }) => {
    await Promise.all([stack.spawn('command-handler:3'), stack.spawn('projector:3')]);
    await sleep(THIRD_INSTANCE_MS);
    await Promise.all([stack.stopInstance('command-handler:3'), stack.stopInstance('projector:3')]);
    return { over: performance.now(), recovery: 'outcomes', notes: { thirdInstanceSeconds: THIRD_INSTANCE_MS / 1000, removedBy: 'SIGTERM' } };
  },
  'sigkill-gateway-subscribed': async ({ stack, token, prefix, wsUrls }) => {
    const [first, second] = wsUrls;
    if (first === undefined || second === undefined) throw new Error('this fault needs two gateways');
    const followers = new RoomFollowers(prefix, first, [second, first], token);
    await followers.start();
    await sleep(5_000);
    stack.kill('gateway:2', false);
    const over = performance.now();
    await sleep(GATEWAY_DOWN_MS);
    const report = await followers.finish();
    return {
      over,
      recovery: 'outcomes',
      notes: { followers: report },
      restore: async () => {
        await stack.spawn('gateway:2');
        await stack.waitForGateway();
      },
    };
  },
};
