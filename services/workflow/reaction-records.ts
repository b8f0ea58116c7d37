/**
 * From one source event to the records of one workflow step: the commands (with their
 * deterministic ids and the workflow's actor) and the source aggregate's new state. Pure but
 * for the codec; a throwing `react` or a command its target domain does not have or whose
 * record is invalid throws here, and the event goes to the dead letters instead.
 */
import { findDomain, type RecordedEvent, type WorkflowModule } from '../../domains';
import { InvalidCommandError } from '../../platform/errors';
import type { ProducedRecord, TopicNames } from '../../platform/kafka';
import type { Codec } from '../../schemas';
import { workflowCommandId } from './command-id';

/** What the workflow keeps per source aggregate: the last event version it reacted to and its state. */
export interface AggregateProgress {
  readonly version: number;
  readonly state: unknown;
}

export interface WorkflowStep {
  readonly commands: { topic: string; record: ProducedRecord; domain: string }[];
  /** Null when the reaction said the aggregate is done: its state is deleted. */
  readonly progress: AggregateProgress | null;
}

export function stateKey(domain: string, aggregateId: string): string {
  return `${domain}/${aggregateId}`;
}

export function reactionRecords(
  workflow: WorkflowModule,
  event: RecordedEvent & { domain: string },
  progress: AggregateProgress | undefined,
  codec: Codec,
  topics: TopicNames,
): WorkflowStep {
  const reaction = workflow.react(event, progress?.state ?? workflow.initialState());
  const commands = reaction.commands.map((command, index) => {
    const domain = findDomain(command.domain);
    if (domain === undefined || !domain.commandNames.includes(command.name)) {
      throw new InvalidCommandError(`workflow ${workflow.name} sent ${command.domain}.${command.name}, which is not a registered command`, []);
    }
    const record = {
      commandId: workflowCommandId(workflow.name, event, index),
      aggregateId: command.aggregateId,
      userId: workflow.actor.userId,
      roles: workflow.actor.roles,
      // The command that caused the event: ties the workflow's command to what led to it.
      correlationId: event.commandId,
      // The event's time, not the clock's: reacting again writes the same record.
      issuedAt: event.occurredAt,
      data: command.data,
    };
    const subject = `${domain.namespace}.${command.name}`;
    codec.assertValid(subject, record);
    if (record.aggregateId === '') throw new InvalidCommandError(`workflow ${workflow.name} sent ${command.name} with an empty aggregate id`, []);
    return { topic: topics.domain(domain.name, 'commands'), domain: domain.name, record: { key: record.aggregateId, value: codec.encode(subject, record as never) } };
  });
  return { commands, progress: reaction.done === true ? null : { version: event.version, state: reaction.state } };
}
