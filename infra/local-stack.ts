/**
 * Kafka and PostgreSQL for one machine: the configured ones when KAFKA_BROKERS /
 * DATABASE_URL are set, otherwise real servers started here (see kafka.ts, postgres.ts).
 * Shared by `npm start`, the test harness and the benchmarks. Each server started here can be
 * started again on the same port and data (`LocalServer.restart`), which `npm start`'s
 * supervisor does when one dies.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CACHE_DIR_NAME, startKafka, startKafkaCluster, type RunningKafka } from './kafka';
import { startPostgres, type RunningPostgres } from './postgres';
import { removePostgresData } from './postgres-placement';
import type { ProcessExit } from './processes';

export interface LocalStackOptions {
  dataDir: string;
  kafkaBrokers?: readonly string[];
  databaseUrl?: string;
  /** Client port of the (first) Kafka node. */
  kafkaPort?: number;
  /** Start this many Kafka nodes as one cluster (kafka.ts, startKafkaCluster) instead of a single broker. */
  kafkaNodes?: number;
  postgresPort?: number;
  /** Tests and benchmarks: no fsync, faster segment rolls. */
  ephemeral?: boolean;
  /** Run Kafka and PostgreSQL out of reach of the terminal's Ctrl-C (`npm start` stops them after the services; see kafka.ts). */
  ownProcessGroup?: boolean;
  /** Aborting stops the start-up: what has started is stopped and startLocalStack rejects. */
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

/** One server process as the supervisor sees it. */
export interface RunningServer {
  readonly pid: number;
  readonly logFile: string;
  readonly exited: Promise<ProcessExit>;
  stop(): Promise<void>;
}

/** A server this stack started: its current process, and how to start it again where it was. */
export interface LocalServer {
  /** `kafka`, `kafka-<node id>` for a node of a cluster, or `postgres`. */
  readonly name: 'kafka' | `kafka-${number}` | 'postgres';
  /** host:port, the same across restarts. */
  readonly address: string;
  running: RunningServer;
  /** Starts the server again on the same port and data (the previous process must have exited). */
  restart(signal?: AbortSignal): Promise<RunningServer>;
}

export interface LocalStack {
  kafkaBrokers: string[];
  databaseUrl: string;
  /** Which parts this stack started (and will stop), as first started. */
  started: { kafka?: RunningKafka[]; postgres?: RunningPostgres };
  /** The servers this stack started, with their current process. */
  servers: LocalServer[];
  /** Stops the current process of every server this stack started. */
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const progress = options.onProgress ?? (() => undefined);
  const started: LocalStack['started'] = {};
  const servers: LocalServer[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((server) => server.running.stop()));
  };
  /** Records a started server with the way to start it again where it was: same port, same data. */
  const track = <Running extends RunningServer & { port: number }>(name: LocalServer['name'], running: Running, start: (port: number, signal?: AbortSignal) => Promise<Running>): Running => {
    servers.push({ name, address: `127.0.0.1:${running.port}`, running, restart: (signal) => start(running.port, signal) });
    return running;
  };
  const kafkaOptions = { dataDir: path.join(options.dataDir, 'kafka'), ownProcessGroup: options.ownProcessGroup };
  const startCluster = async (nodes: number): Promise<string[]> => {
    progress(`starting Kafka (KRaft, ${nodes} nodes, each broker and controller)…`);
    // Three JVMs on one machine: a smaller heap each than a single broker's.
    const cluster = await startKafkaCluster({ ...kafkaOptions, nodes, heap: '512m', firstPort: options.kafkaPort, signal: options.signal });
    started.kafka = cluster.nodes;
    cluster.nodes.forEach((node, index) => track(`kafka-${index + 1}`, node, (_port, signal) => cluster.restartNode(index + 1, signal)));
    progress(`Kafka cluster ready at ${cluster.brokers.join(',')} (logs: ${path.join(kafkaOptions.dataDir, 'node-<id>', 'logs')})`);
    return cluster.brokers;
  };
  const postgresOptions = { dataDir: path.join(options.dataDir, 'postgres'), unsafeFast: options.ephemeral, ownProcessGroup: options.ownProcessGroup };
  // Both are awaited even when one fails, so that nothing started is left running.
  const [kafkaResult, postgresResult] = await Promise.allSettled([
    (async () => {
      if (options.kafkaBrokers) return [...options.kafkaBrokers];
      if (options.kafkaNodes !== undefined && options.kafkaNodes > 1) return startCluster(options.kafkaNodes);
      progress('starting Kafka (KRaft, single node)…');
      const kafka = track('kafka', await startKafka({ ...kafkaOptions, port: options.kafkaPort, signal: options.signal }), (port, signal) =>
        startKafka({ ...kafkaOptions, port, strictPort: true, signal }),
      );
      started.kafka = [kafka];
      progress(`Kafka ready at ${kafka.brokers.join(',')} (log: ${kafka.logFile})`);
      return kafka.brokers;
    })(),
    (async () => {
      if (options.databaseUrl) return options.databaseUrl;
      progress('starting PostgreSQL…');
      const postgres = track('postgres', await startPostgres({ ...postgresOptions, port: options.postgresPort, signal: options.signal, onNote: progress }), (port, signal) =>
        startPostgres({ ...postgresOptions, port, strictPort: true, signal }),
      );
      started.postgres = postgres;
      progress(`PostgreSQL ready at ${postgres.url} (log: ${postgres.logFile})`);
      return postgres.url;
    })(),
  ]);
  if (kafkaResult.status === 'rejected' || postgresResult.status === 'rejected') {
    await stop();
    throw kafkaResult.status === 'rejected' ? kafkaResult.reason : (postgresResult as PromiseRejectedResult).reason;
  }
  return { kafkaBrokers: kafkaResult.value, databaseUrl: postgresResult.value, started, servers, stop };
}

/**
 * Deletes what a local stack keeps in `dataDir` (`npm start -- --fresh`, the end of a test
 * run), PostgreSQL's cluster included wherever it lives (postgres-placement.ts). Kafka's
 * classpath cache (`cache/`) stays: it depends only on infra/pom.xml.
 */
export function removeLocalData(dataDir: string): void {
  removePostgresData(path.join(dataDir, 'postgres'));
  const entries = fs.existsSync(dataDir) ? fs.readdirSync(dataDir) : [];
  for (const entry of entries) if (entry !== CACHE_DIR_NAME) fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
  if (!entries.includes(CACHE_DIR_NAME)) fs.rmSync(dataDir, { recursive: true, force: true });
}
