/**
 * What every Eventline process starts with: validated config, a pino logger, a metrics
 * registry, a kafkajs client (topics ensured), optionally MikroORM with the service's tables
 * (loaded only then, migrations applied), the operations port serving /healthz, /readyz and
 * /metrics, and graceful shutdown.
 */
import path from 'node:path';
import type { KafkaClient } from './kafka';
import type { Registry } from 'prom-client';
import { loadConfig, type Config } from './config';
import type { DatabaseSchema, Orm } from './db';
import { ConfigError, EventlineError } from './errors';
import { createKafka, ensureTopics, securityFailure, TopicNames, type TopicSpec } from './kafka';
import { Lifecycle } from './lifecycle';
import { createLogger, type Logger } from './logger';
import { createMetricsRegistry } from './metrics';
import { startOperationsServer, type OperationsServer, type ReadinessCheck } from './http/operations-server';
import { StatusPublisher } from './status';
import { startTracing } from './tracing';

export interface Runtime {
  service: string;
  config: Readonly<Config>;
  logger: Logger;
  metrics: Registry;
  kafka: KafkaClient;
  topics: TopicNames;
  /** Present when the runtime was asked for a database. */
  orm: Orm | undefined;
  /** The operations port (OPS_HOST:OPS_PORT): /healthz, /readyz, /metrics. */
  ops: OperationsServer;
  lifecycle: Lifecycle;
  /** Adds a check to /readyz (beside Kafka and PostgreSQL): a service's own idea of being able to do its work. */
  addReadinessCheck(check: ReadinessCheck): void;
  /**
   * Shuts down gracefully, then exits 1: for a consumer that stopped and will not restart itself,
   * so that the process's supervisor starts a fresh one instead of a live process doing nothing.
   */
  exitAfterFatal(reason: string): void;
}

export interface RuntimeOptions {
  service: string;
  /** The operations port when OPS_PORT is unset (OPS_PORT_DEFAULTS; 0: any free port). */
  defaultOpsPort: number;
  topicSpecs(names: TopicNames, config: Config): TopicSpec[];
  /** Absent: the service uses no database. */
  database?: RuntimeDatabase;
  /** The environment config is read from; process.env unless given (tests start in-process services with their own). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface RuntimeDatabase {
  /**
   * The service's tables, asked for only when the runtime connects: entity definitions load
   * MikroORM, a quarter of a second of a process's start-up that a takeover waits for
   * (docs/reliability.md), so a service that needs no database never loads them.
   */
  schema(): DatabaseSchema;
  /** Connection pool size (platform/db/orm.ts's default otherwise). */
  poolMax?: number;
}

function requireSetting<T>(value: T | undefined, variable: string): T {
  if (value === undefined) throw new ConfigError(variable, 'must be set (npm start sets it for the processes it starts)');
  return value;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const config = loadConfig(options.env);
  const logger = createLogger(options.service, config.logLevel);
  // How long Node and the modules took before this: a restart's first cost (docs/reliability.md).
  logger.info({ sinceProcessStartMs: Math.round(process.uptime() * 1000) }, 'starting');
  const lifecycle = new Lifecycle(logger);
  lifecycle.handleSignals();
  if (config.mode === 'production' && config.insecurePlaintext) logger.warn('INSECURE_PLAINTEXT=true: running in production without TLS where it is not configured');
  const tracing = startTracing(options.service, options.env ?? process.env);
  if (tracing !== undefined) {
    lifecycle.onShutdown('tracing', () => tracing.shutdown());
    logger.info('tracing on: spans exported over OTLP (OTEL_* variables)');
  }
  const metrics = createMetricsRegistry(options.service);
  const brokers = requireSetting(config.kafkaBrokers, 'KAFKA_BROKERS');
  const kafka = createKafka(brokers, `${config.kafkaClientId}-${options.service}`, logger, config.kafkaSecurity);
  const topics = new TopicNames(config.topicPrefix);

  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (error) {
    // Refused credentials or an untrusted certificate will not cure themselves: name the variable.
    throw securityFailure(error, config.kafkaSecurity) ?? error;
  }
  lifecycle.onShutdown('kafka admin', () => admin.disconnect());
  await ensureTopics(admin, options.topicSpecs(topics, config), config.topicReplicationFactor, logger, config.topicMinInsyncReplicas);

  let orm: Orm | undefined;
  const checks: ReadinessCheck[] = [{ name: 'kafka', check: async () => void (await admin.describeCluster()) }];
  if (options.database !== undefined) {
    const databaseUrl = requireSetting(config.databaseUrl, 'DATABASE_URL');
    // Loaded only by the services that use a database (RuntimeDatabase.schema says why).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createOrm, migrate } = require('./db') as typeof import('./db');
    const connected = await createOrm({ databaseUrl, databaseCaFile: config.databaseCaFile, ...options.database.schema(), logger, poolMax: options.database.poolMax });
    orm = connected;
    lifecycle.onShutdown('database', () => connected.close());
    const applied = await migrate(connected);
    if (applied.length > 0) logger.info({ migrations: applied }, 'applied migrations');
    checks.push({ name: 'postgres', check: async () => void (await connected.em.getConnection().execute('SELECT 1')) });
  }

  // Before the operations port: from its first answer until the service adds its own checks, /readyz must not wait on anything else.
  const status = new StatusPublisher({ kafka, topic: topics.status(), service: options.service, registry: metrics, checks, logger });
  await status.start();
  lifecycle.onShutdown('status publisher', () => status.stop());
  const ops = await startOperationsServer({ host: config.opsHost, port: config.opsPort ?? options.defaultOpsPort, metrics, checks, isStopping: () => lifecycle.isStopping });
  lifecycle.onShutdown('operations server', () => new Promise<void>((resolve) => ops.server.close(() => resolve())));
  logger.info({ host: config.opsHost, port: ops.port }, 'operations port listening (/healthz, /readyz, /metrics)');

  return {
    service: options.service,
    config,
    logger,
    metrics,
    kafka,
    topics,
    orm,
    ops,
    lifecycle,
    addReadinessCheck: (check) => void checks.push(check),
    exitAfterFatal: (reason) => void lifecycle.shutdown(reason).finally(() => process.exit(1)),
  };
}

/** Where the services of this machine record their consumer-group members (platform/kafka/group-members.ts). */
export function groupMembersDir(config: Readonly<Config>): string {
  return path.resolve(config.dataDir, 'group-members');
}

/**
 * Runs a process's main function; a start-up failure prints one clear line (the bad
 * variable, the missing tool) and exits 1 instead of dumping a stack trace.
 */
export function runMain(service: string, main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    if (error instanceof EventlineError) {
      process.stderr.write(`${service}: ${error.message}\n`);
    } else {
      process.stderr.write(`${service}: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exit(1);
  });
}
