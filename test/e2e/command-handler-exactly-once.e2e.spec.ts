/**
 * Exactly-once under failure (invariants 2–4), with real handler processes: a stream of
 * 5,000 commands over 200 aggregates while the handler is SIGKILLed and restarted, and while
 * two instances rebalance; then the checks of support/exactly-once.ts.
 */
import fs from 'node:fs';
import { ensureTopics, TopicNames } from '../../platform/kafka';
import { createLogger } from '../../platform/logger';
import { eventlineTopicSpecs } from '../../services/topology';
import { produceCommands, type TestCommand } from '../support/commands';
import { expectExactlyOnce } from '../support/exactly-once';
import { connectedKafkaClients, testKafka, waitFor } from '../support/kafka';
import { uniqueName } from '../support/names';
import { spawnService, type ServiceProcess } from '../support/services';

/**
 * What a handler logs when it joined its group, and when (restarted) it dealt with its killed
 * predecessor's member: removed it, or — when the replacement took longer to start than the
 * session timeout, as on a loaded machine — found it gone already.
 */
const JOINED = /joined the command-handler group/;
const TAKEOVER = /removed the member a killed process left in the group|the member a killed process left is out of the group already/;

function logged(service: ServiceProcess, line: RegExp): Promise<true> {
  return waitFor(async () => (line.test(fs.readFileSync(service.logFile, 'utf8')) ? true : undefined), 60_000, `${line} in ${service.logFile}`);
}
import { ordersWorkload } from '../support/workload';

jest.setTimeout(300_000);

const CHUNK = 250;

describe('command handler exactly-once under failure', () => {
  const kafka = testKafka();
  const logger = createLogger('test', 'silent');
  const clients = connectedKafkaClients(kafka);

  async function setup(name: string): Promise<{ topics: TopicNames; env: NodeJS.ProcessEnv; commands: (TestCommand & { commandId: string })[] }> {
    const prefix = `${uniqueName(name)}.`;
    const topics = new TopicNames(prefix);
    await ensureTopics(clients.admin, eventlineTopicSpecs(topics, 4), 1, logger);
    const env = { TOPIC_PREFIX: prefix, KAFKA_CLIENT_ID: uniqueName('eo'), TOPIC_PARTITIONS: '4' };
    return { topics, env, commands: ordersWorkload(200, 5_000, 42) };
  }

  async function produceWithHooks(topics: TopicNames, commands: readonly TestCommand[], hooks: Record<number, () => Promise<void>>): Promise<void> {
    for (let chunk = 0; chunk * CHUNK < commands.length; chunk += 1) {
      await hooks[chunk]?.();
      await produceCommands(clients.producer, (domain) => topics.domain(domain, 'commands'), commands.slice(chunk * CHUNK, (chunk + 1) * CHUNK));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const verify = (topics: TopicNames, commands: (TestCommand & { commandId: string })[]): Promise<unknown> => expectExactlyOnce(kafka, topics, commands);

  it('survives SIGKILL mid-stream: every command decided once, events exactly once', async () => {
    const { topics, env, commands } = await setup('eo-kill');
    let handler: ServiceProcess = spawnService('command-handler', env);
    let replacement: ServiceProcess | undefined;
    await produceWithHooks(topics, commands, {
      6: async () => {
        // Killed once it is a member of the group, so that its replacement has a member to remove.
        await logged(handler, JOINED);
        await handler.kill('SIGKILL');
        handler = replacement = spawnService('command-handler', env);
      },
      12: async () => {
        // The replacement took over at once rather than after the killed member's session timeout.
        await logged(handler, TAKEOVER);
        await handler.kill('SIGKILL');
      },
      14: async () => {
        handler = spawnService('command-handler', env);
      },
    });
    await verify(topics, commands);
    await handler.kill('SIGTERM');
    expect(fs.readFileSync(replacement!.logFile, 'utf8')).toMatch(TAKEOVER);
  });

  it('stays exactly-once while two instances rebalance', async () => {
    const { topics, env, commands } = await setup('eo-rebalance');
    const first = spawnService('command-handler', env);
    let second: ServiceProcess | undefined;
    await produceWithHooks(topics, commands, {
      5: async () => {
        second = spawnService('command-handler', env);
      },
      13: async () => {
        await first.kill('SIGTERM');
      },
    });
    await verify(topics, commands);
    await second?.kill('SIGTERM');
  });
});
