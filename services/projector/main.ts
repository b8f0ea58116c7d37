/** The projector process: events → PostgreSQL read models → view streams. */
import { runMain, startRuntime } from '../../platform/runtime';
import { eventlineTopicSpecs } from '../topology';

runMain('projector', async () => {
  const runtime = await startRuntime({
    service: 'projector',
    port: (config) => config.projectorPort,
    topicSpecs: (names, config) => eventlineTopicSpecs(names, config.topicPartitions),
    database: true,
    poolMax: 4,
  });
  runtime.logger.info('projector ready');
});
