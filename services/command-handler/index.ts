export { CommandHandler, type CommandHandlerOptions } from './command-handler';
export { planBatch, assignEventOffsets, type BatchPlan, type IncomingCommand, type PlannedCommand } from './plan-batch';
export { RECENT_COMMANDS_LIMIT, type AggregateRecord, type RecentCommand } from './aggregate';
