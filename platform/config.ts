/**
 * The one config module. Every setting Eventline reads from the environment is declared
 * here with its type, default and meaning; `loadConfig` validates them all at start-up and
 * throws a ConfigError naming the first bad variable. The result is frozen: config never
 * changes after start-up. docs/configuration.md mirrors this table.
 */
import fs from 'node:fs';
import { databaseSslMode, type DatabaseSslMode } from './db/ssl-mode';
import { ConfigError } from './errors';

export type RunMode = 'development' | 'production' | 'test';

export type KafkaSecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';
export type KafkaSaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/** How Kafka clients reach the brokers: Kafka's own `security.protocol`, and what it needs. */
export interface KafkaSecurity {
  /** KAFKA_SECURITY_PROTOCOL. */
  protocol: KafkaSecurityProtocol;
  /** SSL and SASL_SSL: whom to trust (KAFKA_SSL_CA_FILE; the system's CAs when unset) and an optional client certificate. */
  tls: { caFile?: string; certFile?: string; keyFile?: string; keyPassword?: string } | undefined;
  /** SASL_PLAINTEXT and SASL_SSL. `passwordVariable` names where the password came from, for errors. */
  sasl: { mechanism: KafkaSaslMechanism; username: string; password: string; passwordVariable: string } | undefined;
}

/** The gateway's certificate for https:// and wss:// (TLS_CERT_FILE, TLS_KEY_FILE, TLS_KEY_PASSPHRASE). */
export interface ClientTls {
  certFile: string;
  keyFile: string;
  passphrase: string | undefined;
}

export interface KafkaBroker {
  host: string;
  port: number;
}

export interface Config {
  /** EVENTLINE_ENV: development prints a token and allows the built-in JWT secret. */
  mode: RunMode;
  /** KAFKA_BROKERS: `host:port[,host:port…]`; unset means "start a local broker". */
  kafkaBrokers: readonly string[] | undefined;
  /** KAFKA_SECURITY_PROTOCOL and its KAFKA_SSL_* / KAFKA_SASL_* settings. */
  kafkaSecurity: KafkaSecurity;
  /** DATABASE_URL (or DATABASE_URL_FILE): `postgres://…`; unset means "start embedded PostgreSQL". */
  databaseUrl: string | undefined;
  /** The `sslmode` of DATABASE_URL (absent: `disable`). */
  databaseSslMode: DatabaseSslMode;
  /** DATABASE_CA_FILE: CA certificates the database's certificate must chain to (else the URL's `sslrootcert`, else the system's). */
  databaseCaFile: string | undefined;
  /** HOST: interface the gateway's client port binds to. */
  host: string;
  /** PORT: gateway HTTP + WebSocket port. */
  port: number;
  /** TLS_CERT_FILE / TLS_KEY_FILE / TLS_KEY_PASSPHRASE: the gateway serves https:// and wss:// when set. */
  clientTls: ClientTls | undefined;
  /** OPS_HOST: interface the operations port (/healthz, /readyz, /metrics) binds to. */
  opsHost: string;
  /** OPS_PORT: the operations port; unset means the service's own default (OPS_PORT_DEFAULTS). */
  opsPort: number | undefined;
  /** INSECURE_PLAINTEXT: production may run without TLS on the client port, to Kafka and to PostgreSQL. */
  insecurePlaintext: boolean;
  /** AUDIT_LOG: where audit lines go: `stdout` (beside the process log) or a file appended to. */
  auditLog: string;
  /** TOPIC_PARTITIONS: partitions of every topic Eventline creates. */
  topicPartitions: number;
  /** TOPIC_PREFIX: prepended to every topic name (tests and shared clusters keep sets apart). */
  topicPrefix: string;
  /** TOPIC_REPLICATION_FACTOR: replicas of every topic Eventline creates. */
  topicReplicationFactor: number;
  /** TOPIC_MIN_INSYNC_REPLICAS: `min.insync.replicas` of every topic Eventline creates (at most the replication factor). */
  topicMinInsyncReplicas: number;
  /** KAFKA_CLIENT_ID: prefix of Kafka client ids and consumer group ids. */
  kafkaClientId: string;
  /** JWT_SECRET (or JWT_SECRET_FILE): HS256 secret (≥ 32 bytes); the development secret only when neither it nor JWT_JWKS_URL is set, outside production. */
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
  /** SCHEMA_REGISTRY_URL (or SCHEMA_REGISTRY_URL_FILE): Confluent-compatible schema registry; when set, records carry its ids instead of the catalog's. */
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

/**
 * Each service's operations port when OPS_PORT is unset, so that one machine runs them all side
 * by side (`npm start` gives them these, or free ones); a container sets one OPS_PORT for all.
 */
export const OPS_PORT_DEFAULTS = Object.freeze({ gateway: 9080, 'command-handler': 9081, projector: 9082, workflow: 9083 });

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
  return raw === undefined ? undefined : checkUrl(name, raw, protocols);
}

/** The URL unchanged when it parses with one of `protocols`. Messages never repeat it: it may carry a password. */
function checkUrl(name: string, raw: string, protocols: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'not a valid URL');
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

function cannotRead(variable: string, file: string, error: unknown): ConfigError {
  return new ConfigError(variable, `cannot read "${file}": ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
}

/** The contents of a file a setting names (a secret, a certificate, a CA bundle); ConfigError naming `variable` when it cannot be read. */
export function readConfiguredFile(file: string, variable: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw cannotRead(variable, file, error);
  }
}

/**
 * A secret: `NAME`, or the contents of the file `NAME_FILE` names (Docker and Kubernetes
 * secrets), trailing newline dropped. `variable` says which one gave it, for later errors.
 */
function secret(env: Env, name: string): { value: string; variable: string } | undefined {
  const inline = read(env, name);
  const file = read(env, `${name}_FILE`);
  if (inline !== undefined && file !== undefined) throw new ConfigError(`${name}_FILE`, `set ${name} or ${name}_FILE, not both`);
  if (file === undefined) return inline === undefined ? undefined : { value: inline, variable: name };
  const contents = readConfiguredFile(file, `${name}_FILE`).replace(/\r?\n$/, '');
  if (contents.trim() === '') throw new ConfigError(`${name}_FILE`, `"${file}" is empty`);
  return { value: contents, variable: `${name}_FILE` };
}

/** A path to a file this process must be able to read (certificates, keys, CA bundles). */
function readableFile(env: Env, name: string): string | undefined {
  const file = read(env, name);
  if (file === undefined) return undefined;
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    throw cannotRead(name, file, error);
  }
  return file;
}

function flag(env: Env, name: string): boolean {
  return oneOf(env, name, ['true', 'false'], 'false') === 'true';
}

function kafkaSecurity(env: Env): KafkaSecurity {
  const protocol = oneOf<KafkaSecurityProtocol>(env, 'KAFKA_SECURITY_PROTOCOL', ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'], 'PLAINTEXT');
  const caFile = readableFile(env, 'KAFKA_SSL_CA_FILE');
  const certFile = readableFile(env, 'KAFKA_SSL_CERT_FILE');
  const keyFile = readableFile(env, 'KAFKA_SSL_KEY_FILE');
  const keyPassword = secret(env, 'KAFKA_SSL_KEY_PASSWORD')?.value;
  const mechanism = oneOf<KafkaSaslMechanism>(env, 'KAFKA_SASL_MECHANISM', ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'], 'SCRAM-SHA-512');
  const username = read(env, 'KAFKA_SASL_USERNAME');
  const password = secret(env, 'KAFKA_SASL_PASSWORD');
  const usesTls = protocol === 'SSL' || protocol === 'SASL_SSL';
  const usesSasl = protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';
  // A setting the protocol would ignore is a mistake: say so instead of connecting differently than meant.
  const tlsSetting = [caFile && 'KAFKA_SSL_CA_FILE', certFile && 'KAFKA_SSL_CERT_FILE', keyFile && 'KAFKA_SSL_KEY_FILE', keyPassword && 'KAFKA_SSL_KEY_PASSWORD'].find(Boolean);
  if (!usesTls && tlsSetting) throw new ConfigError(tlsSetting, `needs KAFKA_SECURITY_PROTOCOL=SSL or SASL_SSL (it is ${protocol})`);
  if ((certFile === undefined) !== (keyFile === undefined)) throw new ConfigError(certFile ? 'KAFKA_SSL_KEY_FILE' : 'KAFKA_SSL_CERT_FILE', 'a client certificate needs both KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE');
  if (!usesSasl && (username !== undefined || password !== undefined)) throw new ConfigError(username !== undefined ? 'KAFKA_SASL_USERNAME' : password!.variable, `needs KAFKA_SECURITY_PROTOCOL=SASL_SSL or SASL_PLAINTEXT (it is ${protocol})`);
  if (usesSasl && username === undefined) throw new ConfigError('KAFKA_SASL_USERNAME', `required with KAFKA_SECURITY_PROTOCOL=${protocol}`);
  if (usesSasl && password === undefined) throw new ConfigError('KAFKA_SASL_PASSWORD', `required with KAFKA_SECURITY_PROTOCOL=${protocol} (or KAFKA_SASL_PASSWORD_FILE)`);
  return Object.freeze({
    protocol,
    tls: usesTls ? Object.freeze({ caFile, certFile, keyFile, keyPassword }) : undefined,
    sasl: usesSasl ? Object.freeze({ mechanism, username: username!, password: password!.value, passwordVariable: password!.variable }) : undefined,
  });
}

function clientTls(env: Env): ClientTls | undefined {
  const certFile = readableFile(env, 'TLS_CERT_FILE');
  const keyFile = readableFile(env, 'TLS_KEY_FILE');
  const passphrase = secret(env, 'TLS_KEY_PASSPHRASE')?.value;
  if ((certFile === undefined) !== (keyFile === undefined)) throw new ConfigError(certFile ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE', 'TLS needs both TLS_CERT_FILE and TLS_KEY_FILE');
  if (passphrase !== undefined && keyFile === undefined) throw new ConfigError('TLS_KEY_PASSPHRASE', 'set only with TLS_KEY_FILE');
  return certFile === undefined || keyFile === undefined ? undefined : Object.freeze({ certFile, keyFile, passphrase });
}

/**
 * Production sends nothing in clear unless INSECURE_PLAINTEXT=true says so out loud (a TLS
 * proxy in front, a private network): Kafka over SSL or SASL_SSL, PostgreSQL with a verified
 * certificate. The gateway's own client port is checked by `requireSafeClientPort`.
 */
function requireProductionTransport(config: Config): void {
  if (config.mode !== 'production' || config.insecurePlaintext) return;
  const unless = 'in production (or set INSECURE_PLAINTEXT=true to run without TLS on purpose)';
  if (config.kafkaSecurity.tls === undefined) throw new ConfigError('KAFKA_SECURITY_PROTOCOL', `must be SSL or SASL_SSL ${unless}`);
  if (config.databaseUrl !== undefined && config.databaseSslMode === 'disable') throw new ConfigError('DATABASE_URL', `must ask for sslmode=verify-full (or verify-ca) ${unless}`);
}

/**
 * What a process serving clients (the gateway) needs beyond `loadConfig`'s checks, in
 * production: TLS on its client port (unless INSECURE_PLAINTEXT=true), and an origin allow-list,
 * without which any web page a user visits could open a socket with the user's browser.
 */
export function requireSafeClientPort(config: Readonly<Config>): void {
  if (config.mode !== 'production') return;
  if (config.clientTls === undefined && !config.insecurePlaintext) {
    throw new ConfigError('TLS_CERT_FILE', 'required in production with TLS_KEY_FILE, to serve https:// and wss:// (or set INSECURE_PLAINTEXT=true behind a TLS proxy)');
  }
  if (config.wsAllowedOrigins.length === 0) throw new ConfigError('WS_ALLOWED_ORIGINS', 'required in production: the origins of the web pages that may open sockets, e.g. https://app.example.com');
}

function list(env: Env, name: string): string[] {
  const raw = read(env, name);
  return raw === undefined ? [] : raw.split(',').map((item) => item.trim()).filter(Boolean);
}

export function loadConfig(env: Env = process.env): Readonly<Config> {
  const mode = oneOf<RunMode>(env, 'EVENTLINE_ENV', ['development', 'production', 'test'], 'development');
  const brokersRaw = read(env, 'KAFKA_BROKERS');
  const jwtSecret = secret(env, 'JWT_SECRET');
  const jwtJwksUrl = url(env, 'JWT_JWKS_URL', ['http:', 'https:']);
  if (jwtSecret !== undefined && Buffer.byteLength(jwtSecret.value) < 32) {
    throw new ConfigError(jwtSecret.variable, 'must be at least 32 bytes for HS256');
  }
  if (mode === 'production' && jwtSecret === undefined && jwtJwksUrl === undefined) {
    throw new ConfigError('JWT_SECRET', 'required in production (or set JWT_JWKS_URL)');
  }
  if (mode === 'production' && jwtSecret?.value === DEVELOPMENT_JWT_SECRET) {
    throw new ConfigError(jwtSecret.variable, 'the development secret cannot be used in production');
  }
  // Keys fetched in clear could be swapped on the way, and every token they verify forged.
  if (mode === 'production' && jwtJwksUrl !== undefined && new URL(jwtJwksUrl).protocol === 'http:') throw new ConfigError('JWT_JWKS_URL', 'must be an https:// URL in production');
  const databaseUrl = secret(env, 'DATABASE_URL');
  const databaseUrlValue = databaseUrl === undefined ? undefined : checkUrl(databaseUrl.variable, databaseUrl.value, ['postgres:', 'postgresql:']);
  const schemaRegistryUrl = secret(env, 'SCHEMA_REGISTRY_URL');

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

  const topicReplicationFactor = integer(env, 'TOPIC_REPLICATION_FACTOR', 1, 1, 10);
  // A write is acknowledged by all in-sync replicas; with 3 replicas, 2 must hold it, so one broker may be lost.
  const topicMinInsyncReplicas = integer(env, 'TOPIC_MIN_INSYNC_REPLICAS', topicReplicationFactor >= 3 ? 2 : 1, 1, 10);
  if (topicMinInsyncReplicas > topicReplicationFactor) {
    throw new ConfigError('TOPIC_MIN_INSYNC_REPLICAS', `must be at most TOPIC_REPLICATION_FACTOR (${topicReplicationFactor}), got ${topicMinInsyncReplicas}`);
  }

  const config: Config = {
    mode,
    kafkaBrokers: brokersRaw === undefined ? undefined : Object.freeze(parseBrokers(brokersRaw)),
    kafkaSecurity: kafkaSecurity(env),
    databaseUrl: databaseUrlValue,
    databaseSslMode: databaseUrlValue === undefined ? 'disable' : databaseSslMode(databaseUrlValue, databaseUrl!.variable),
    databaseCaFile: readableFile(env, 'DATABASE_CA_FILE'),
    host: read(env, 'HOST') ?? '127.0.0.1',
    port: integer(env, 'PORT', 8080, 0, 65535),
    clientTls: clientTls(env),
    opsHost: read(env, 'OPS_HOST') ?? '127.0.0.1',
    opsPort: read(env, 'OPS_PORT') === undefined ? undefined : integer(env, 'OPS_PORT', 0, 0, 65535),
    insecurePlaintext: flag(env, 'INSECURE_PLAINTEXT'),
    auditLog: read(env, 'AUDIT_LOG') ?? 'stdout',
    topicPartitions: integer(env, 'TOPIC_PARTITIONS', 1, 1, 1000),
    topicPrefix: pattern(env, 'TOPIC_PREFIX', /^[A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-"') ?? '',
    topicReplicationFactor,
    topicMinInsyncReplicas,
    kafkaClientId: read(env, 'KAFKA_CLIENT_ID') ?? 'eventline',
    // Once a real key is configured, the published development secret must stop opening the door.
    jwtSecret: jwtSecret?.value ?? (mode === 'production' || jwtJwksUrl !== undefined ? undefined : DEVELOPMENT_JWT_SECRET),
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
    schemaRegistryUrl: schemaRegistryUrl === undefined ? undefined : checkUrl(schemaRegistryUrl.variable, schemaRegistryUrl.value, ['http:', 'https:']),
    handlerStateDir: read(env, 'HANDLER_STATE_DIR') ?? `${dataDir}/command-handler`,
    handlerCacheAggregates: integer(env, 'HANDLER_CACHE_AGGREGATES', 20_000, 1, 10_000_000),
    groupSessionTimeoutMs,
    groupHeartbeatIntervalMs,
  };
  requireProductionTransport(config);
  return Object.freeze(config);
}
