/** The workflow process: runs every registered workflow exactly once per event (docs/reliability.md, "Workflows"). */
import { workflows } from '../../domains';
import { OPS_PORT_DEFAULTS } from '../../platform/config';
import { groupMembersDir, runMain, startRuntime } from '../../platform/runtime';
import { loadCodec } from '../../schemas/registry';
import { eventlineTopicSpecs } from '../topology';
import { createWorkflowMetrics } from './metrics';
import { WorkflowRunner } from './workflow-runner';

runMain('workflow', async () => {
  const runtime = await startRuntime({
    service: 'workflow',
    defaultOpsPort: OPS_PORT_DEFAULTS.workflow,
    topicSpecs: (names, config) => eventlineTopicSpecs(names, config.topicPartitions),
  });
  const { config } = runtime;
  const metrics = createWorkflowMetrics(runtime.metrics);
  const codec = await loadCodec(config, runtime.logger);
  const runners = workflows.map(
    (workflow) =>
      new WorkflowRunner({
        kafka: runtime.kafka,
        topics: runtime.topics,
        codec,
        logger: runtime.logger,
        metrics,
        workflow,
        appId: config.kafkaClientId,
        sessionTimeoutMs: config.groupSessionTimeoutMs,
        heartbeatIntervalMs: config.groupHeartbeatIntervalMs,
        groupMembersDir: groupMembersDir(config),
        onFatal: () => runtime.exitAfterFatal('workflow consumer stopped'),
      }),
  );
  runtime.lifecycle.onShutdown('workflow consumers', () => Promise.all(runners.map((runner) => runner.stop())).then(() => undefined));
  await Promise.all(runners.map((runner) => runner.start()));
  runtime.logger.info({ workflows: workflows.map((workflow) => workflow.name) }, 'workflows consuming');
});
