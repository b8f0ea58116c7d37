/** The command handler process: decides commands exactly once (docs/command-handling.md). */
import path from 'node:path';
import { OPS_PORT_DEFAULTS } from '../../platform/config';
import { groupMembersDir, runMain, startRuntime } from '../../platform/runtime';
import { loadCodec } from '../../schemas/registry';
import { eventlineTopicSpecs, eventsTopicUnions } from '../topology';
import { CommandHandler } from './command-handler';

runMain('command-handler', async () => {
  const runtime = await startRuntime({
    service: 'command-handler',
    defaultOpsPort: OPS_PORT_DEFAULTS['command-handler'],
    topicSpecs: (names, config) => eventlineTopicSpecs(names, config.topicPartitions),
  });
  const handler = new CommandHandler({
    kafka: runtime.kafka,
    topics: runtime.topics,
    // The handler writes the events: in registry mode it also registers each events topic's union subject.
    codec: await loadCodec(runtime.config, runtime.logger, undefined, eventsTopicUnions(runtime.topics)),
    logger: runtime.logger,
    metrics: runtime.metrics,
    appId: runtime.config.kafkaClientId,
    offsetCommitIntervalMs: runtime.config.handlerOffsetCommitIntervalMs,
    stateDir: path.resolve(runtime.config.handlerStateDir),
    cacheAggregates: runtime.config.handlerCacheAggregates,
    sessionTimeoutMs: runtime.config.groupSessionTimeoutMs,
    heartbeatIntervalMs: runtime.config.groupHeartbeatIntervalMs,
    groupMembersDir: groupMembersDir(runtime.config),
    onFatal: () => runtime.exitAfterFatal('command consumer stopped'),
  });
  runtime.lifecycle.onShutdown('command consumer', () => handler.stop());
  await handler.start();
  runtime.logger.info('command handler consuming');
});
