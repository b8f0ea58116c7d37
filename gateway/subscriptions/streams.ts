/**
 * The streams a client may subscribe to, by their wire name (a topic name without
 * TOPIC_PREFIX): `<domain>.events` of every domain, keyed by aggregate id, and
 * `views.<view>` of every published view, keyed by view key. Each knows its topic and what
 * serves its past: the domain's event history, or the view's read model.
 */
import { domains, type DomainModule } from '../../domains';
import { NotFoundError } from '../../platform/errors';
import { TopicNames } from '../../platform/kafka';
import { readModels, type AnyReadModel, type EventHistoryReadModel } from '../../read-models';
import type { FeedTopic } from '../fanout';

export interface EventStream {
  readonly kind: 'events';
  /** Wire name, e.g. `chat.events`. */
  readonly name: string;
  readonly topic: string;
  readonly domain: DomainModule;
  /** Where `fromVersion` resumes from; undefined when the domain keeps no history. */
  readonly history: EventHistoryReadModel | undefined;
}

export interface ViewStream {
  readonly kind: 'views';
  /** Wire name, e.g. `views.store_stats`. */
  readonly name: string;
  readonly topic: string;
  /** The read model whose rows the view publishes (snapshots are read from it). */
  readonly model: AnyReadModel;
  readonly viewSubject: string;
}

/** `ops.status`: every service instance's status (status-board.ts); served from memory, not from a read model. */
export interface StatusStream {
  readonly kind: 'status';
  readonly name: string;
  /** `eventline.status`. */
  readonly topic: string;
}

export type Stream = EventStream | ViewStream | StatusStream;

export const STATUS_STREAM = 'ops.status';

export class StreamCatalog {
  readonly status: StatusStream;
  private readonly byName = new Map<string, Stream>();
  private readonly byTopic = new Map<string, Stream>();

  constructor(topics: TopicNames) {
    const wire = new TopicNames();
    for (const domain of domains) {
      this.add({ kind: 'events', name: wire.domain(domain.name, 'events'), topic: topics.domain(domain.name, 'events'), domain, history: domain.eventHistory });
    }
    for (const model of readModels) {
      if (model.view === undefined || model.viewSubject === undefined) continue;
      this.add({ kind: 'views', name: wire.view(model.view), topic: topics.view(model.view), model, viewSubject: model.viewSubject });
    }
    this.status = { kind: 'status', name: STATUS_STREAM, topic: topics.status() };
    this.add(this.status);
  }

  /** Throws NotFoundError for a stream that does not exist. */
  find(name: string): Stream {
    const stream = this.byName.get(name);
    if (stream === undefined) throw new NotFoundError(`unknown stream "${name}" (streams: ${[...this.byName.keys()].join(', ')})`);
    return stream;
  }

  /** The stream a fan-out record's topic carries. */
  ofTopic(topic: string): Stream | undefined {
    return this.byTopic.get(topic);
  }

  /** What the fan-out consumer reads for live subscriptions (the status board reads its topic itself). */
  feedTopics(): FeedTopic[] {
    return [...this.byName.values()].flatMap((stream) =>
      stream.kind === 'status' ? [] : [{ topic: stream.topic, kind: stream.kind, domain: stream.kind === 'events' ? stream.domain.name : undefined }],
    );
  }

  private add(stream: Stream): void {
    this.byName.set(stream.name, stream);
    this.byTopic.set(stream.topic, stream);
  }
}
