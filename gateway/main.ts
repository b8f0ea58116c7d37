/** The gateway process: WebSocket + HTTP API, fan-out, dashboard. */
import { OPS_PORT_DEFAULTS } from '../platform/config';
import { runMain, startRuntime } from '../platform/runtime';
import { readModelTables } from '../services/read-model-tables';
import { eventlineTopicSpecs } from '../services/topology';
import { startGateway } from './gateway';

runMain('gateway', async () => {
  const runtime = await startRuntime({
    service: 'gateway',
    defaultOpsPort: OPS_PORT_DEFAULTS.gateway,
    topicSpecs: (names, config) => eventlineTopicSpecs(names, config.topicPartitions),
    database: { schema: readModelTables },
  });
  await startGateway(runtime);
  runtime.logger.info('gateway ready');
});
