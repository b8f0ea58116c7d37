/**
 * Every second, each service instance writes its status (instance-status.ts) as JSON to the
 * compacted `eventline.status` topic under its instance key; on a graceful stop it writes a
 * tombstone, so the /ops page drops it at once (a killed instance is shown stale, then
 * dropped, by the page). One status at a time: a slow broker skips ticks rather than piling
 * them up. Publishing failures are logged once and retried at the next tick: the status is
 * for operators and never stops a service.
 */
import os from 'node:os';
import type { Registry } from 'prom-client';
import { runCheck, type ReadinessCheck } from '../http/operations-server';
import { createIdempotentProducer, type KafkaClient, type KafkaProducer } from '../kafka';
import type { Logger } from '../logger';
import { StatusTaker } from './instance-status';

export const STATUS_INTERVAL_MS = 1_000;

export interface StatusPublisherOptions {
  readonly kafka: KafkaClient;
  readonly topic: string;
  readonly service: string;
  readonly registry: Registry;
  /** The service's readiness checks (the same as /readyz), run once per status. */
  readonly checks: readonly ReadinessCheck[];
  readonly logger: Logger;
  readonly intervalMs?: number;
}

export class StatusPublisher {
  readonly instance = `${os.hostname()}/${process.pid}`;
  private readonly taker: StatusTaker;
  private producer: KafkaProducer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private publishing: Promise<void> | undefined;
  private failing = false;

  constructor(private readonly options: StatusPublisherOptions) {
    this.taker = new StatusTaker({ service: options.service, instance: this.instance, startedAt: Date.now() }, options.registry);
  }

  async start(): Promise<void> {
    this.producer = createIdempotentProducer(this.options.kafka);
    await this.producer.connect();
    this.timer = setInterval(() => void this.publish(), this.options.intervalMs ?? STATUS_INTERVAL_MS).unref();
    // The first status goes out without holding the service's start-up.
    void this.publish();
  }

  /** Publishes one status now, unless one is on its way. */
  publish(): Promise<void> {
    this.publishing ??= this.publishOnce().finally(() => (this.publishing = undefined));
    return this.publishing;
  }

  /** Stops publishing and leaves a tombstone. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.publishing;
    const producer = this.producer;
    this.producer = undefined;
    if (producer === undefined) return;
    await producer.send({ topic: this.options.topic, messages: [{ key: this.instance, value: null }] }).catch(() => undefined);
    await producer.disconnect();
  }

  private async publishOnce(): Promise<void> {
    const producer = this.producer;
    if (producer === undefined) return;
    const { topic, logger } = this.options;
    try {
      const checks = (await Promise.all(this.options.checks.map(runCheck))).map(({ name, ok, error }) => ({ name, ok, ...(error === undefined ? {} : { error }) }));
      const status = await this.taker.take(checks);
      await producer.send({ topic, messages: [{ key: this.instance, value: JSON.stringify(status) }] });
      this.failing = false;
    } catch (error) {
      if (!this.failing) logger.warn({ err: error, topic }, 'could not publish the instance status; retrying every interval');
      this.failing = true;
    }
  }
}
