/**
 * The Kafka and PostgreSQL the benchmarks run against: the configured ones when
 * KAFKA_BROKERS / DATABASE_URL are set, otherwise throwaway servers (temporary data
 * directory, fsync off) started once per `npm run bench` and removed at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeLocalData, startLocalStack, type LocalStack } from '../../infra/local-stack';
import type { Config } from '../../platform/config';
import { InternalError } from '../../platform/errors';
import type { Service } from './benchmark';

export class BenchStack {
  private constructor(
    private readonly started: ReadonlySet<Service>,
    private readonly local: LocalStack | undefined,
    private readonly dataDir: string | undefined,
    /** Brokers that replace the stack's Kafka (`withKafka`). */
    private readonly kafkaOverride?: readonly string[],
  ) {}

  /** Starts nothing when no selected benchmark needs a server (e.g. `npm run bench -- codec`). */
  static async start(needs: ReadonlySet<Service>, config: Readonly<Config>, progress: (message: string) => void): Promise<BenchStack> {
    if (needs.size === 0) return new BenchStack(needs, undefined, undefined);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-bench-'));
    try {
      const local = await startLocalStack({
        dataDir,
        kafkaBrokers: config.kafkaBrokers,
        databaseUrl: config.databaseUrl,
        ephemeral: true,
        onProgress: progress,
      });
      return new BenchStack(needs, local, dataDir);
    } catch (error) {
      removeLocalData(dataDir);
      throw error;
    }
  }

  get kafkaBrokers(): string[] {
    return this.kafkaOverride === undefined ? this.require('kafka').kafkaBrokers : [...this.kafkaOverride];
  }

  /**
   * This stack with another Kafka (a cluster a benchmark started itself): the harness's Kafka
   * helpers and references then use `brokers`. Stopping it stops nothing.
   */
  withKafka(brokers: readonly string[]): BenchStack {
    return new BenchStack(new Set([...this.started, 'kafka']), this.local, undefined, brokers);
  }

  get databaseUrl(): string {
    return this.require('postgres').databaseUrl;
  }

  /** "local" when this run started the server, "external" when the environment named it. */
  origin(service: Service): 'local' | 'external' | 'none' {
    if (!this.local || !this.started.has(service)) return 'none';
    return this.local.started[service] ? 'local' : 'external';
  }

  async stop(): Promise<void> {
    if (this.kafkaOverride !== undefined) return;
    await this.local?.stop();
    if (this.dataDir) removeLocalData(this.dataDir);
  }

  private require(service: Service): LocalStack {
    if (!this.local || !this.started.has(service)) {
      throw new InternalError(`the benchmark uses ${service} but does not list it in its \`needs\``);
    }
    return this.local;
  }
}
