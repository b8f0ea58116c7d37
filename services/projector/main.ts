/** The projector process: events → PostgreSQL read models → view streams (docs/read-models.md). */
import { InternalError, UnavailableError } from '../../platform/errors';
import { OPS_PORT_DEFAULTS } from '../../platform/config';
import { groupMembersDir, runMain, startRuntime } from '../../platform/runtime';
import { loadCodec } from '../../schemas/registry';
import { readModelTables } from '../read-model-tables';
import { eventlineTopicSpecs } from '../topology';
import { Projector, PROJECTOR_DEFAULTS } from './projector';

runMain('projector', async () => {
  const runtime = await startRuntime({
    service: 'projector',
    defaultOpsPort: OPS_PORT_DEFAULTS.projector,
    topicSpecs: (names, config) => eventlineTopicSpecs(names, config.topicPartitions),
    // One connection per concurrently projected partition, one for view publishing, one spare.
    database: { schema: readModelTables, poolMax: PROJECTOR_DEFAULTS.partitionsConsumedConcurrently + 2 },
  });
  if (runtime.orm === undefined) throw new InternalError('the projector runtime has no database');
  const projector = new Projector({
    kafka: runtime.kafka,
    orm: runtime.orm,
    topics: runtime.topics,
    codec: await loadCodec(runtime.config, runtime.logger),
    logger: runtime.logger,
    metrics: runtime.metrics,
    appId: runtime.config.kafkaClientId,
    stallMs: runtime.config.projectorStallMs,
    sessionTimeoutMs: runtime.config.groupSessionTimeoutMs,
    heartbeatIntervalMs: runtime.config.groupHeartbeatIntervalMs,
    groupMembersDir: groupMembersDir(runtime.config),
    onFatal: () => runtime.exitAfterFatal('events consumer stopped'),
  });
  runtime.addReadinessCheck({
    name: 'projection progress',
    check: async () => {
      const stalled = projector.stalled();
      if (stalled.length > 0) throw new UnavailableError(`stalled: ${stalled.join('; ')}`);
    },
  });
  runtime.lifecycle.onShutdown('events consumer', () => projector.stop());
  await projector.start();
  runtime.logger.info('projector consuming');
});
