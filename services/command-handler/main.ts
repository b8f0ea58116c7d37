/** The command handler process: decides commands exactly once (see ./README in docs/). */
import { runMain, startRuntime } from '../../platform/runtime';
import { eventlineTopicSpecs } from '../topology';

runMain('command-handler', async () => {
  const runtime = await startRuntime({
    service: 'command-handler',
    port: (config) => config.commandHandlerPort,
    topicSpecs: (names, config) => eventlineTopicSpecs(names, config.topicPartitions),
    database: false,
  });
  runtime.logger.info('command handler ready');
});
