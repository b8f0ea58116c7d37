/**
 * Where the CLI connects: the services' environment variables (platform/config.ts), with the
 * --brokers / --database-url flags taking precedence. Read lazily, by the commands that
 * connect, so `--help` and `schemas check` work in an empty environment.
 */
import type { Command } from 'commander';
import { loadConfig } from '../platform/config';
import { ConfigError } from '../platform/errors';
import { globalOptions } from './context';

export interface CliSettings {
  /** Undefined when neither KAFKA_BROKERS nor --brokers is given. */
  readonly brokers: readonly string[] | undefined;
  readonly databaseUrl: string | undefined;
  readonly topicPrefix: string;
  /** KAFKA_CLIENT_ID: prefix of the CLI's client id and of its throwaway group ids. */
  readonly clientId: string;
  readonly verbose: boolean;
}

export function cliSettings(command: Command, env: NodeJS.ProcessEnv): CliSettings {
  const options = globalOptions(command);
  const config = loadConfig(env);
  return {
    brokers: options.brokers ?? config.kafkaBrokers,
    databaseUrl: options.databaseUrl ?? config.databaseUrl,
    topicPrefix: config.topicPrefix,
    clientId: config.kafkaClientId,
    verbose: options.verbose,
  };
}

export function requireBrokers(settings: CliSettings): readonly string[] {
  if (settings.brokers === undefined) throw new ConfigError('KAFKA_BROKERS', 'not set: set it or pass --brokers host:port[,host:port…]');
  return settings.brokers;
}

export function requireDatabaseUrl(settings: CliSettings): string {
  if (settings.databaseUrl === undefined) throw new ConfigError('DATABASE_URL', 'not set: set it or pass --database-url postgres://…');
  return settings.databaseUrl;
}
