/** The gateway process: WebSocket + HTTP API, fan-out, dashboard. */
import { runMain, startRuntime } from '../platform/runtime';
import { eventlineTopicSpecs } from '../services/topology';

runMain('gateway', async () => {
  const runtime = await startRuntime({
    service: 'gateway',
    port: (config) => config.port,
    topicSpecs: (names, config) => eventlineTopicSpecs(names, config.topicPartitions),
    database: true,
  });
  runtime.logger.info('gateway ready');
});
