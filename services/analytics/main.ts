/**
 * The analytics process (`npm run analytics`): sales figures from `orders.events` into
 * PostgreSQL. Needs KAFKA_BROKERS and DATABASE_URL (it does not start a local stack); its
 * /healthz, /readyz and /metrics listen on OPS_PORT, else a free port, logged at start-up.
 */
import { runMain, startRuntime } from '../../platform/runtime';
import { loadCodec } from '../../schemas/registry';
import { readModelTables } from '../read-model-tables';
import { eventlineTopicSpecs, eventsTopicUnions } from '../topology';
import { ANALYTICS_CONCURRENCY, SalesAnalytics } from './sales-analytics';

runMain('analytics', async () => {
  const runtime = await startRuntime({
    service: 'analytics',
    defaultOpsPort: 0,
    topicSpecs: (names, config) => eventlineTopicSpecs(names, config.topicPartitions),
    database: { schema: readModelTables, poolMax: ANALYTICS_CONCURRENCY + 1 },
  });
  const analytics = new SalesAnalytics({
    kafka: runtime.kafka,
    topics: runtime.topics,
    codec: await loadCodec(runtime.config, runtime.logger, undefined, eventsTopicUnions(runtime.topics)),
    orm: runtime.orm!,
    logger: runtime.logger,
    metrics: runtime.metrics,
    appId: runtime.config.kafkaClientId,
    onFatal: () => runtime.exitAfterFatal('analytics consumer stopped'),
  });
  runtime.lifecycle.onShutdown('analytics consumer', () => analytics.stop());
  await analytics.start();
  runtime.logger.info({ group: analytics.groupId }, 'analytics consuming');
});
