/**
 * The topics Eventline needs: the five topics of each registered domain and one compacted
 * topic per published view. Every process ensures them at start-up.
 */
import { domains } from '../domains';
import type { TopicNames, TopicSpec } from '../platform/kafka';

export function viewNames(): string[] {
  return domains.flatMap((domain) => domain.projections.flatMap((projection) => (projection.view ? [projection.view] : [])));
}

export function eventlineTopicSpecs(names: TopicNames, partitions: number): TopicSpec[] {
  return names.specs(
    domains.map((domain) => domain.name),
    viewNames(),
    partitions,
  );
}
