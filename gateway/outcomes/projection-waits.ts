/**
 * Read-your-writes: commands sent with `"await":"projected"` (HTTP `?wait=projected`) get
 * their outcome only once every read model of their domain has applied the command's events,
 * so a read made right after the outcome sees them.
 *
 * An accepted outcome names where its events are (`eventsPartition`, `lastEventOffset`); a
 * read model has applied them when its checkpoint for that partition of `<domain>.events`
 * (projection_checkpoints.last_offset) is at or past that offset. One loop per gateway polls
 * the checkpoints of every topic with waiting outcomes in ONE query every `pollMs`, and runs
 * only while some outcome waits. A rejected outcome (no events) is answered at once. An
 * outcome still waiting when the command's time (COMMAND_TIMEOUT_MS from its submission) is
 * up gets `outcomeUnavailable` with a TimedOutError, like one that never came.
 */
import type { DomainModule } from '../../domains';
import type { Orm } from '../../platform/db';
import { TimedOutError, UnavailableError, type EventlineError } from '../../platform/errors';
import type { TopicNames } from '../../platform/kafka';
import type { Logger } from '../../platform/logger';
import { checkpointsOfTopics, NOTHING_APPLIED, withSession } from '../../read-models';
import type { eventline } from '../../schemas';
import type { GatewayMetrics } from '../metrics';
import type { OutcomeMessage } from '../protocol';
import type { OutcomeTarget } from './pending-commands';

export interface ProjectionWaitsOptions {
  readonly orm: Orm;
  readonly topics: TopicNames;
  readonly domains: readonly DomainModule[];
  /** COMMAND_TIMEOUT_MS: from submission to the projected outcome. */
  readonly timeoutMs: number;
  /** Interval of the checkpoint poll while outcomes wait. */
  readonly pollMs: number;
  readonly metrics: Pick<GatewayMetrics, 'projectionWait'>;
  readonly logger: Logger;
}

/** Default poll interval: a read model that applied the events is noticed within this, at one query per interval per gateway. */
export const PROJECTION_POLL_MS = 15;

interface Wait {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly projections: readonly string[];
  readonly deadline: number;
  readonly since: number;
  readonly deliver: () => void;
  readonly fail: (error: EventlineError) => void;
}

export class ProjectionWaits {
  private waits: Wait[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly projectionsByDomain: ReadonlyMap<string, readonly string[]>;

  constructor(private readonly options: ProjectionWaitsOptions) {
    this.projectionsByDomain = new Map(options.domains.map((domain) => [domain.name, domain.projections.map((projection) => projection.name)]));
  }

  /** Wraps `inner` so that it hears an accepted outcome only once it is projected; its time starts now. */
  target(inner: OutcomeTarget): OutcomeTarget {
    return new AfterProjection(inner, this, Date.now() + this.options.timeoutMs);
  }

  /** Delivers `outcome` to `inner` once every read model of its domain has applied its events. */
  hold(inner: OutcomeTarget, outcome: OutcomeMessage, decided: eventline.CommandOutcome, deadline: number): void {
    const { eventsPartition, lastEventOffset } = decided;
    const projections = this.projectionsByDomain.get(decided.domain);
    if (decided.status !== 'ACCEPTED' || eventsPartition === null || lastEventOffset === null || projections === undefined) {
      inner.deliverOutcome(outcome, decided);
      return;
    }
    if (this.closed) {
      inner.outcomeUnavailable(decided.commandId, new UnavailableError('the gateway is shutting down'));
      return;
    }
    this.waits.push({
      topic: this.options.topics.domain(decided.domain, 'events'),
      partition: eventsPartition,
      offset: lastEventOffset,
      projections,
      deadline,
      since: performance.now(),
      deliver: () => inner.deliverOutcome(outcome, decided),
      fail: (error) => inner.outcomeUnavailable(decided.commandId, error),
    });
    this.timer ??= setTimeout(this.poll, this.options.pollMs);
  }

  /** Stops polling; every waiting outcome hears UNAVAILABLE. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const error = new UnavailableError('the gateway is shutting down');
    for (const wait of this.waits.splice(0)) wait.fail(error);
  }

  /** Outcomes held while the query runs are judged by it too: checkpoints only move forward, so that is never early. */
  private readonly poll = async (): Promise<void> => {
    const applied = await this.readCheckpoints();
    if (this.closed) return;
    const now = Date.now();
    const waiting: Wait[] = [];
    for (const wait of this.waits) {
      const done = applied !== undefined && wait.projections.every((projection) => (applied.get(`${projection}\u0000${wait.topic}\u0000${wait.partition}`) ?? NOTHING_APPLIED) >= wait.offset);
      if (done) {
        this.options.metrics.projectionWait.observe((performance.now() - wait.since) / 1000);
        wait.deliver();
      } else if (now >= wait.deadline) {
        wait.fail(new TimedOutError(`the read models did not apply the command's events within ${this.options.timeoutMs} ms; retry with the same id to get its outcome`));
      } else {
        waiting.push(wait);
      }
    }
    this.waits = waiting;
    this.timer = waiting.length > 0 ? setTimeout(this.poll, this.options.pollMs) : undefined;
  };

  /** Applied offsets by `projection\0topic\0partition`; undefined when the database could not be read (retried next poll). */
  private async readCheckpoints(): Promise<Map<string, number> | undefined> {
    const topics = [...new Set(this.waits.map((wait) => wait.topic))];
    try {
      const { rows } = await withSession(this.options.orm, (session) => session.query(checkpointsOfTopics(topics)));
      return new Map(rows.map((row) => [`${row.projection as string}\u0000${row.topic as string}\u0000${row.partition as number}`, Number(row.last_offset)]));
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not read projection checkpoints; retrying');
      return undefined;
    }
  }
}

/** An outcome target whose accepted outcomes wait for the read models (see ProjectionWaits). */
class AfterProjection implements OutcomeTarget {
  constructor(
    private readonly inner: OutcomeTarget,
    private readonly waits: ProjectionWaits,
    private readonly deadline: number,
  ) {}

  deliverOutcome(outcome: OutcomeMessage, decided: eventline.CommandOutcome): void {
    this.waits.hold(this.inner, outcome, decided, this.deadline);
  }

  outcomeUnavailable(commandId: string, error: EventlineError): void {
    this.inner.outcomeUnavailable(commandId, error);
  }
}

/** The target for a command that awaits projection: UNAVAILABLE when the gateway has no database to poll. */
export function projectedTarget(waits: ProjectionWaits | undefined, inner: OutcomeTarget): OutcomeTarget {
  if (waits === undefined) throw new UnavailableError('awaiting projection needs the gateway database');
  return waits.target(inner);
}
