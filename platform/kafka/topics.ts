/**
 * Topic names and their settings. Topics of one domain share a partition count and are keyed
 * by aggregate id, so an aggregate lives on the same partition number in each.
 * TOPIC_PREFIX (empty by default) lets tests and shared clusters keep topic sets apart.
 */
export type DomainTopicKind = 'commands' | 'events' | 'snapshots' | 'outcomes' | 'deadletters';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  configEntries: { name: string; value: string }[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Per-kind retention: events are the source of truth and are kept forever. */
const TOPIC_CONFIG: Record<DomainTopicKind | 'views' | 'workflowState' | 'status', Record<string, string>> = {
  commands: { 'cleanup.policy': 'delete', 'retention.ms': String(7 * DAY_MS) },
  events: { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'retention.bytes': '-1' },
  snapshots: { 'cleanup.policy': 'compact', 'min.cleanable.dirty.ratio': '0.1', 'segment.ms': String(DAY_MS) },
  outcomes: { 'cleanup.policy': 'delete', 'retention.ms': String(7 * DAY_MS) },
  deadletters: { 'cleanup.policy': 'delete', 'retention.ms': String(30 * DAY_MS) },
  views: { 'cleanup.policy': 'compact', 'min.cleanable.dirty.ratio': '0.1', 'segment.ms': String(DAY_MS) },
  workflowState: { 'cleanup.policy': 'compact', 'min.cleanable.dirty.ratio': '0.1', 'segment.ms': String(DAY_MS) },
  // A status is stale after seconds: compacted, and an instance that died without its tombstone goes after a day.
  status: { 'cleanup.policy': 'compact,delete', 'retention.ms': String(DAY_MS), 'segment.ms': String(60 * 60 * 1000), 'min.cleanable.dirty.ratio': '0.1' },
};

export class TopicNames {
  constructor(readonly prefix: string = '') {}

  domain(domain: string, kind: DomainTopicKind): string {
    return `${this.prefix}${domain}.${kind}`;
  }

  view(view: string): string {
    return `${this.prefix}views.${view}`;
  }

  /** A workflow's state per source aggregate, compacted: `workflows.<name>.state`. */
  workflowState(workflow: string): string {
    return `${this.prefix}workflows.${workflow}.state`;
  }

  /** Every service instance's status, compacted, keyed by instance (platform/status): `eventline.status`. */
  status(): string {
    return `${this.prefix}eventline.status`;
  }

  /** Every topic a set of domains, views and workflows needs, with its settings. */
  specs(domains: readonly string[], views: readonly string[], numPartitions: number, workflows: readonly string[] = []): TopicSpec[] {
    const spec = (topic: string, kind: DomainTopicKind | 'views' | 'workflowState' | 'status'): TopicSpec => ({
      topic,
      numPartitions,
      configEntries: Object.entries(TOPIC_CONFIG[kind]).map(([name, value]) => ({ name, value })),
    });
    const kinds: DomainTopicKind[] = ['commands', 'events', 'snapshots', 'outcomes', 'deadletters'];
    return [
      ...domains.flatMap((domain) => kinds.map((kind) => spec(this.domain(domain, kind), kind))),
      ...views.map((view) => spec(this.view(view), 'views')),
      ...workflows.map((workflow) => spec(this.workflowState(workflow), 'workflowState')),
      { ...spec(this.status(), 'status'), numPartitions: 1 },
    ];
  }
}
