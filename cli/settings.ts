/**
 * Where the CLI connects: the services' environment variables (platform/config.ts), with the
 * --brokers / --database-url flags taking precedence. When neither Kafka nor the database is
 * named either way, the stack a running `npm start` recorded in its data directory
 * (infra/stack-file.ts) is used, and a line on stderr says so. Read lazily, by the commands
 * that connect, so `--help` and `schemas check` work in an empty environment.
 */
import type { Command } from 'commander';
import { localDataDir } from '../infra/repo-root';
import { readStackFile, stackFilePath } from '../infra/stack-file';
import { loadConfig, type KafkaSecurity } from '../platform/config';
import { ConfigError } from '../platform/errors';
import { globalOptions, type CliContext } from './context';

export interface CliSettings {
  /** Undefined when neither KAFKA_BROKERS, --brokers nor a running `npm start` gives them. */
  readonly brokers: readonly string[] | undefined;
  readonly databaseUrl: string | undefined;
  /** KAFKA_SECURITY_PROTOCOL and its settings, as the services use them. */
  readonly kafkaSecurity: KafkaSecurity;
  /** DATABASE_CA_FILE, for a database URL with sslmode=verify-full / verify-ca. */
  readonly databaseCaFile: string | undefined;
  readonly topicPrefix: string;
  /** KAFKA_CLIENT_ID: prefix of the CLI's client id and of its throwaway group ids. */
  readonly clientId: string;
  readonly verbose: boolean;
}

export function cliSettings(command: Command, context: Pick<CliContext, 'env' | 'output'>): CliSettings {
  const options = globalOptions(command);
  const config = loadConfig(context.env);
  let brokers = options.brokers ?? config.kafkaBrokers;
  let databaseUrl = options.databaseUrl ?? config.databaseUrl;
  if (brokers === undefined && databaseUrl === undefined) {
    const dataDir = localDataDir(config.dataDir);
    const stack = readStackFile(dataDir);
    if (stack !== undefined) {
      ({ kafkaBrokers: brokers, databaseUrl } = stack);
      const database = new URL(stack.databaseUrl);
      context.output.err(
        `eventline: KAFKA_BROKERS and DATABASE_URL are unset: using the stack npm start runs (Kafka ${brokers.join(',')}, PostgreSQL ${database.host}${database.pathname}; ${stackFilePath(dataDir)})\n`,
      );
    }
  }
  return {
    brokers,
    databaseUrl,
    kafkaSecurity: config.kafkaSecurity,
    databaseCaFile: config.databaseCaFile,
    topicPrefix: config.topicPrefix,
    clientId: config.kafkaClientId,
    verbose: options.verbose,
  };
}

export function requireBrokers(settings: CliSettings): readonly string[] {
  if (settings.brokers === undefined) throw new ConfigError('KAFKA_BROKERS', 'not set: set it, pass --brokers host:port[,host:port…], or run npm start in this checkout');
  return settings.brokers;
}

export function requireDatabaseUrl(settings: CliSettings): string {
  if (settings.databaseUrl === undefined) throw new ConfigError('DATABASE_URL', 'not set: set it, pass --database-url postgres://…, or run npm start in this checkout');
  return settings.databaseUrl;
}
