/**
 * The one config module. Every setting Eventline reads from the environment is declared
 * here with its type, default and meaning; `loadConfig` validates them all at start-up and
 * throws a ConfigError naming the first bad variable. The result is frozen: config never
 * changes after start-up. docs/configuration.md mirrors this table.
 */
import { ConfigError } from './errors';

export type RunMode = 'development' | 'production' | 'test';

export interface KafkaBroker {
  host: string;
  port: number;
}

export interface Config {
  /** EVENTLINE_ENV: development prints a token and allows the built-in JWT secret. */
  mode: RunMode;
  /** KAFKA_BROKERS: `host:port[,host:port…]`; unset means "start a local broker". */
  kafkaBrokers: readonly string[] | undefined;
  /** DATABASE_URL: `postgres://…`; unset means "start embedded PostgreSQL". */
  databaseUrl: string | undefined;
  /** HOST: interface the HTTP servers bind to. */
  host: string;
  /** PORT: gateway HTTP + WebSocket port. */
  port: number;
  /** COMMAND_HANDLER_PORT / PROJECTOR_PORT: health + metrics port of each service. */
  commandHandlerPort: number;
  projectorPort: number;
  /** TOPIC_PARTITIONS: partitions of every topic Eventline creates. */
  topicPartitions: number;
  /** TOPIC_PREFIX: prepended to every topic name (tests and shared clusters keep sets apart). */
  topicPrefix: string;
  /** TOPIC_REPLICATION_FACTOR: replicas of every topic Eventline creates. */
  topicReplicationFactor: number;
  /** KAFKA_CLIENT_ID: prefix of Kafka client ids and consumer group ids. */
  kafkaClientId: string;
  /** JWT_SECRET: HS256 secret (≥ 32 bytes). Required outside development unless JWT_JWKS_URL is set. */
  jwtSecret: string | undefined;
  /** JWT_JWKS_URL: JWKS endpoint for RS256/ES256 tokens. */
  jwtJwksUrl: string | undefined;
  /** JWT_ISSUER / JWT_AUDIENCE: when set, tokens must carry them. */
  jwtIssuer: string | undefined;
  jwtAudience: string | undefined;
  /** JWT_ROLES_CLAIM: dotted path of the claim holding the user's business roles (`realm_access.roles` for Keycloak). */
  jwtRolesClaim: readonly string[];
  /** JWT_MAX_TTL_SECONDS: longest token lifetime accepted (tokens must carry `exp`). */
  jwtMaxTtlSeconds: number;
  /** LOG_LEVEL: pino level. */
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  /** EVENTLINE_DATA_DIR: where the local Kafka and PostgreSQL keep their data. */
  dataDir: string;
  /** WS_MAX_FRAME_BYTES: largest accepted WebSocket frame; bigger closes with 1009. */
  wsMaxFrameBytes: number;
  /** WS_RATE_PER_SEC / WS_RATE_BURST: per-connection token bucket for client frames. */
  wsRatePerSec: number;
  wsRateBurst: number;
  /** WS_RATE_BYTES_PER_SEC / WS_RATE_BYTES_BURST: per-connection token bucket for client bytes. */
  wsRateBytesPerSec: number;
  wsRateBytesBurst: number;
  /** WS_MAX_CONNECTIONS_PER_USER / WS_MAX_CONNECTIONS: open sockets per token `sub`, and in all, per gateway. */
  wsMaxConnectionsPerUser: number;
  wsMaxConnections: number;
  /** HTTP_RATE_PER_SEC / HTTP_RATE_BURST: per-user token bucket for HTTP API requests. */
  httpRatePerSec: number;
  httpRateBurst: number;
  /** WS_HEARTBEAT_MS: ping interval; a socket that misses one pong is dropped. */
  wsHeartbeatMs: number;
  /** WS_ALLOWED_ORIGINS: comma list of allowed Origin headers; empty allows any. */
  wsAllowedOrigins: readonly string[];
  /** WS_SEND_BUFFER_BYTES: bound of a socket's unsent bytes before it is treated as slow. */
  wsSendBufferBytes: number;
  /** WS_MAX_SUBSCRIPTIONS: subscriptions one socket may hold. */
  wsMaxSubscriptions: number;
  /** COMMAND_TIMEOUT_MS: how long `?wait=outcome` waits before answering 504-style UNAVAILABLE. */
  commandTimeoutMs: number;
  /** PROJECTOR_STALL_MS: a partition with events waiting that has not advanced for this long makes the projector unready. */
  projectorStallMs: number;
  /** HANDLER_OFFSET_COMMIT_INTERVAL_MS: how often the command handler commits its group's offsets (for lag tools only). */
  handlerOffsetCommitIntervalMs: number;
  /** SCHEMA_REGISTRY_URL: Confluent-compatible schema registry; when set, records carry its ids instead of the catalog's. */
  schemaRegistryUrl: string | undefined;
  /** HANDLER_STATE_DIR: where the command handler keeps its partition stores (default `<EVENTLINE_DATA_DIR>/command-handler`). */
  handlerStateDir: string;
  /** HANDLER_CACHE_AGGREGATES: aggregates the command handler keeps decoded in memory per owned partition. */
  handlerCacheAggregates: number;
  /** GROUP_SESSION_TIMEOUT_MS: how long a consumer group waits for a silent member (a killed process) before moving its partitions. */
  groupSessionTimeoutMs: number;
  /** GROUP_HEARTBEAT_INTERVAL_MS: how often group members heartbeat; below the session timeout. */
  groupHeartbeatIntervalMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The built-in development secret; refused outside development. */
export const DEVELOPMENT_JWT_SECRET = 'eventline-development-secret-do-not-use-in-production';

function read(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `expected an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `expected ${min}..${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `expected one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `not a valid URL: "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `expected a ${protocols.join(' or ')} URL, got "${parsed.protocol}"`);
  }
  return raw;
}

/** Parses `host:port[,host:port…]`; exported for the launcher and the CLI's --brokers. */
export function parseBrokers(raw: string, variable = 'KAFKA_BROKERS'): string[] {
  const brokers = raw.split(',').map((part) => part.trim());
  for (const broker of brokers) {
    const match = /^([A-Za-z0-9._-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(broker);
    const port = match ? Number(match[2]) : NaN;
    if (!match || port < 1 || port > 65535) {
      throw new ConfigError(variable, `expected host:port[,host:port…], got "${broker || raw}"`);
    }
  }
  return brokers;
}

function pattern(env: Env, name: string, shape: RegExp, description: string): string | undefined {
  const raw = read(env, name);
  if (raw !== undefined && !shape.test(raw)) throw new ConfigError(name, `expected ${description}, got "${raw}"`);
  return raw;
}

/** A dotted claim path, e.g. `realm_access.roles`. */
function claimPath(env: Env, name: string, fallback: string): readonly string[] {
  const raw = pattern(env, name, /^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/, 'a claim name or dotted path, e.g. realm_access.roles') ?? fallback;
  return Object.freeze(raw.split('.'));
}

function list(env: Env, name: string): string[] {
  const raw = read(env, name);
  return raw === undefined ? [] : raw.split(',').map((item) => item.trim()).filter(Boolean);
}

export function loadConfig(env: Env = process.env): Readonly<Config> {
  const mode = oneOf<RunMode>(env, 'EVENTLINE_ENV', ['development', 'production', 'test'], 'development');
  const brokersRaw = read(env, 'KAFKA_BROKERS');
  const jwtSecret = read(env, 'JWT_SECRET');
  const jwtJwksUrl = url(env, 'JWT_JWKS_URL', ['http:', 'https:']);
  if (jwtSecret !== undefined && Buffer.byteLength(jwtSecret) < 32) {
    throw new ConfigError('JWT_SECRET', 'must be at least 32 bytes for HS256');
  }
  if (mode === 'production' && jwtSecret === undefined && jwtJwksUrl === undefined) {
    throw new ConfigError('JWT_SECRET', 'required in production (or set JWT_JWKS_URL)');
  }
  if (mode === 'production' && jwtSecret === DEVELOPMENT_JWT_SECRET) {
    throw new ConfigError('JWT_SECRET', 'the development secret cannot be used in production');
  }

  const wsMaxFrameBytes = integer(env, 'WS_MAX_FRAME_BYTES', 64 * 1024, 256, 16 * 1024 * 1024);
  const wsRateBytesBurst = integer(env, 'WS_RATE_BYTES_BURST', 4 * 1024 * 1024, 256, 1024 * 1024 * 1024);
  // Otherwise a frame the size limit allows could never pass the byte bucket.
  if (wsRateBytesBurst < wsMaxFrameBytes) throw new ConfigError('WS_RATE_BYTES_BURST', `must be at least WS_MAX_FRAME_BYTES (${wsMaxFrameBytes})`);
  const dataDir = read(env, 'EVENTLINE_DATA_DIR') ?? '.eventline';
  const groupSessionTimeoutMs = integer(env, 'GROUP_SESSION_TIMEOUT_MS', 6_000, 1_000, 300_000);
  const groupHeartbeatIntervalMs = integer(env, 'GROUP_HEARTBEAT_INTERVAL_MS', 1_000, 100, 60_000);
  if (groupHeartbeatIntervalMs >= groupSessionTimeoutMs) {
    throw new ConfigError('GROUP_HEARTBEAT_INTERVAL_MS', `must be below GROUP_SESSION_TIMEOUT_MS (${groupSessionTimeoutMs}), got ${groupHeartbeatIntervalMs}`);
  }

  const config: Config = {
    mode,
    kafkaBrokers: brokersRaw === undefined ? undefined : Object.freeze(parseBrokers(brokersRaw)),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    host: read(env, 'HOST') ?? '127.0.0.1',
    port: integer(env, 'PORT', 8080, 0, 65535),
    commandHandlerPort: integer(env, 'COMMAND_HANDLER_PORT', 8081, 0, 65535),
    projectorPort: integer(env, 'PROJECTOR_PORT', 8082, 0, 65535),
    topicPartitions: integer(env, 'TOPIC_PARTITIONS', 1, 1, 1000),
    topicPrefix: pattern(env, 'TOPIC_PREFIX', /^[A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-"') ?? '',
    topicReplicationFactor: integer(env, 'TOPIC_REPLICATION_FACTOR', 1, 1, 10),
    kafkaClientId: read(env, 'KAFKA_CLIENT_ID') ?? 'eventline',
    jwtSecret: jwtSecret ?? (mode === 'production' ? undefined : DEVELOPMENT_JWT_SECRET),
    jwtJwksUrl,
    jwtIssuer: read(env, 'JWT_ISSUER'),
    jwtAudience: read(env, 'JWT_AUDIENCE'),
    jwtRolesClaim: claimPath(env, 'JWT_ROLES_CLAIM', 'roles'),
    jwtMaxTtlSeconds: integer(env, 'JWT_MAX_TTL_SECONDS', 24 * 3600, 60, 31 * 24 * 3600),
    logLevel: oneOf(env, 'LOG_LEVEL', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], 'info'),
    dataDir,
    wsMaxFrameBytes,
    wsRatePerSec: integer(env, 'WS_RATE_PER_SEC', 1000, 1, 1_000_000),
    wsRateBurst: integer(env, 'WS_RATE_BURST', 2000, 1, 1_000_000),
    wsRateBytesPerSec: integer(env, 'WS_RATE_BYTES_PER_SEC', 1024 * 1024, 1, 1024 * 1024 * 1024),
    wsRateBytesBurst,
    wsMaxConnectionsPerUser: integer(env, 'WS_MAX_CONNECTIONS_PER_USER', 50, 1, 10_000_000),
    wsMaxConnections: integer(env, 'WS_MAX_CONNECTIONS', 100_000, 1, 10_000_000),
    httpRatePerSec: integer(env, 'HTTP_RATE_PER_SEC', 50, 1, 1_000_000),
    httpRateBurst: integer(env, 'HTTP_RATE_BURST', 100, 1, 1_000_000),
    wsHeartbeatMs: integer(env, 'WS_HEARTBEAT_MS', 30_000, 100, 3_600_000),
    wsAllowedOrigins: Object.freeze(list(env, 'WS_ALLOWED_ORIGINS')),
    wsSendBufferBytes: integer(env, 'WS_SEND_BUFFER_BYTES', 1024 * 1024, 1024, 256 * 1024 * 1024),
    wsMaxSubscriptions: integer(env, 'WS_MAX_SUBSCRIPTIONS', 100, 1, 100_000),
    commandTimeoutMs: integer(env, 'COMMAND_TIMEOUT_MS', 10_000, 100, 600_000),
    projectorStallMs: integer(env, 'PROJECTOR_STALL_MS', 60_000, 1_000, 3_600_000),
    handlerOffsetCommitIntervalMs: integer(env, 'HANDLER_OFFSET_COMMIT_INTERVAL_MS', 1_000, 10, 3_600_000),
    schemaRegistryUrl: url(env, 'SCHEMA_REGISTRY_URL', ['http:', 'https:']),
    handlerStateDir: read(env, 'HANDLER_STATE_DIR') ?? `${dataDir}/command-handler`,
    handlerCacheAggregates: integer(env, 'HANDLER_CACHE_AGGREGATES', 20_000, 1, 10_000_000),
    groupSessionTimeoutMs,
    groupHeartbeatIntervalMs,
  };
  return Object.freeze(config);
}
