export { uuidV5, workflowCommandId } from './command-id';
export { reactionRecords, stateKey, type AggregateProgress, type WorkflowStep } from './reaction-records';
export { WorkflowRunner, type WorkflowRunnerOptions } from './workflow-runner';
export { createWorkflowMetrics, type WorkflowMetrics } from './metrics';
