/**
 * The topics Eventline needs: the five topics of each registered domain, one compacted
 * topic per published view and one per workflow's state. Every process ensures them at start-up.
 */
import { domains, workflows } from '../domains';
import type { TopicNames, TopicSpec } from '../platform/kafka';
import type { TopicUnion } from '../schemas/registry';

export function viewNames(): string[] {
  return domains.flatMap((domain) => domain.projections.flatMap((projection) => (projection.view ? [projection.view] : [])));
}

export function eventlineTopicSpecs(names: TopicNames, partitions: number): TopicSpec[] {
  return names.specs(
    domains.map((domain) => domain.name),
    viewNames(),
    partitions,
    workflows.map((workflow) => workflow.name),
  );
}

/** Each domain's events topic with its event records: the `<topic>-value` unions registry mode registers. */
export function eventsTopicUnions(names: TopicNames): TopicUnion[] {
  return domains.map((domain) => ({ topic: names.domain(domain.name, 'events'), subjects: domain.eventNames.map((name) => `${domain.namespace}.${name}`) }));
}
