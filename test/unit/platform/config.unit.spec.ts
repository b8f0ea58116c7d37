import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEVELOPMENT_JWT_SECRET, loadConfig, parseBrokers, requireSafeClientPort } from '../../../platform/config';
import { ConfigError } from '../../../platform/errors';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('development');
    expect(config.kafkaBrokers).toBeUndefined();
    expect(config.port).toBe(8080);
    expect(config.jwtSecret).toBeDefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each(['localhost', 'localhost:', 'localhost:99999', 'a:1,,b:2', 'kafka://x:9092'])('rejects KAFKA_BROKERS=%j naming the variable', (value) => {
    const error = configError({ KAFKA_BROKERS: value });
    expect(error.variable).toBe('KAFKA_BROKERS');
    expect(error.message).toMatch(/^KAFKA_BROKERS: expected host:port/);
  });

  it('asks two in-sync replicas of three, and one of fewer, unless told', () => {
    expect(loadConfig({}).topicMinInsyncReplicas).toBe(1);
    expect(loadConfig({ TOPIC_REPLICATION_FACTOR: '3' }).topicMinInsyncReplicas).toBe(2);
    expect(loadConfig({ TOPIC_REPLICATION_FACTOR: '5', TOPIC_MIN_INSYNC_REPLICAS: '3' }).topicMinInsyncReplicas).toBe(3);
  });

  it('accepts several brokers', () => {
    expect(loadConfig({ KAFKA_BROKERS: 'a:9092, b.example:9093' }).kafkaBrokers).toEqual(['a:9092', 'b.example:9093']);
    expect(parseBrokers('[::1]:9092')).toEqual(['[::1]:9092']);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ TOPIC_PARTITIONS: '0' }, 'TOPIC_PARTITIONS'],
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ EVENTLINE_ENV: 'staging' }, 'EVENTLINE_ENV'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ EVENTLINE_ENV: 'production' }, 'JWT_SECRET'],
    [{ TOPIC_PREFIX: 'bad prefix' }, 'TOPIC_PREFIX'],
    [{ TOPIC_REPLICATION_FACTOR: '3', TOPIC_MIN_INSYNC_REPLICAS: '4' }, 'TOPIC_MIN_INSYNC_REPLICAS'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(configError(env as Record<string, string>).variable).toBe(variable);
  });
});

describe('secrets from files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-config-'));
  const file = (name: string, contents: string): string => {
    const at = path.join(dir, name);
    fs.writeFileSync(at, contents);
    return at;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads NAME_FILE for every secret, without the trailing newline', () => {
    const config = loadConfig({
      JWT_SECRET_FILE: file('jwt', `${'s'.repeat(40)}\n`),
      DATABASE_URL_FILE: file('db', 'postgres://u:p@db:5432/eventline\n'),
      SCHEMA_REGISTRY_URL_FILE: file('registry', 'https://u:p@registry:8081\n'),
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_USERNAME: 'eventline',
      KAFKA_SASL_PASSWORD_FILE: file('kafka', 'kafka-secret\n'),
      KAFKA_SSL_KEY_PASSWORD_FILE: file('kafka-key', 'key-secret\n'),
    });
    expect(config.jwtSecret).toBe('s'.repeat(40));
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/eventline');
    expect(config.schemaRegistryUrl).toBe('https://u:p@registry:8081');
    expect(config.kafkaSecurity.sasl).toEqual({ mechanism: 'SCRAM-SHA-512', username: 'eventline', password: 'kafka-secret', passwordVariable: 'KAFKA_SASL_PASSWORD_FILE' });
    expect(config.kafkaSecurity.tls?.keyPassword).toBe('key-secret');
  });

  it('refuses both NAME and NAME_FILE, an unreadable file and an empty one, naming NAME_FILE', () => {
    expect(configError({ JWT_SECRET: 's'.repeat(40), JWT_SECRET_FILE: file('both', 'x') }).variable).toBe('JWT_SECRET_FILE');
    expect(configError({ JWT_SECRET_FILE: path.join(dir, 'missing') }).message).toMatch(/^JWT_SECRET_FILE: cannot read ".*missing": ENOENT/);
    expect(configError({ DATABASE_URL_FILE: file('empty', '\n') }).variable).toBe('DATABASE_URL_FILE');
    expect(configError({ JWT_SECRET_FILE: file('short', 'short') }).variable).toBe('JWT_SECRET_FILE');
  });

  it('never repeats a URL that may carry a password in its errors', () => {
    expect(configError({ DATABASE_URL: 'postgres//user:hunter2@db' }).message).not.toContain('hunter2');
  });
});

describe('Kafka security settings', () => {
  const sasl = { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' };

  it('is plaintext by default, and takes SASL_SSL with a mechanism', () => {
    expect(loadConfig({}).kafkaSecurity).toEqual({ protocol: 'PLAINTEXT', tls: undefined, sasl: undefined });
    const config = loadConfig({ ...sasl, KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256' });
    expect(config.kafkaSecurity).toMatchObject({ protocol: 'SASL_SSL', tls: {}, sasl: { mechanism: 'SCRAM-SHA-256', username: 'u', password: 'p', passwordVariable: 'KAFKA_SASL_PASSWORD' } });
  });

  it.each([
    [{ KAFKA_SECURITY_PROTOCOL: 'TLS' }, 'KAFKA_SECURITY_PROTOCOL'],
    [{ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_PASSWORD: 'p' }, 'KAFKA_SASL_USERNAME'],
    [{ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_USERNAME: 'u' }, 'KAFKA_SASL_PASSWORD'],
    [{ ...sasl, KAFKA_SASL_MECHANISM: 'GSSAPI' }, 'KAFKA_SASL_MECHANISM'],
    [{ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, 'KAFKA_SASL_USERNAME'],
    [{ KAFKA_SSL_KEY_PASSWORD: 'k' }, 'KAFKA_SSL_KEY_PASSWORD'],
    [{ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' }, 'KAFKA_SSL_CA_FILE'],
    [{ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT_FILE: __filename }, 'KAFKA_SSL_KEY_FILE'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(configError(env as Record<string, string>).variable).toBe(variable);
  });
});

describe('production is the safe mode', () => {
  const secure = {
    EVENTLINE_ENV: 'production',
    JWT_SECRET: 's'.repeat(40),
    KAFKA_SECURITY_PROTOCOL: 'SSL',
    DATABASE_URL: 'postgres://u:p@db:5432/eventline?sslmode=verify-full',
    TLS_CERT_FILE: __filename,
    TLS_KEY_FILE: __filename,
    WS_ALLOWED_ORIGINS: 'https://app.example',
  };

  it('starts with TLS everywhere and an origin allow-list', () => {
    const config = loadConfig(secure);
    expect(() => requireSafeClientPort(config)).not.toThrow();
    expect(config.databaseSslMode).toBe('verify-full');
  });

  it.each([
    [{ JWT_SECRET: DEVELOPMENT_JWT_SECRET }, 'JWT_SECRET'],
    [{ JWT_SECRET: '', JWT_JWKS_URL: 'http://idp.internal/jwks' }, 'JWT_JWKS_URL'],
    [{ KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT' }, 'KAFKA_SECURITY_PROTOCOL'],
    [{ KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, 'KAFKA_SECURITY_PROTOCOL'],
    [{ DATABASE_URL: 'postgres://u:p@db:5432/eventline' }, 'DATABASE_URL'],
  ])('refuses %j naming %s', (change, variable) => {
    expect(configError({ ...secure, ...change }).variable).toBe(variable);
  });

  it('refuses a client port without TLS, and one without an origin allow-list, in the gateway', () => {
    const refusal = (change: Record<string, string>): string | undefined => {
      try {
        requireSafeClientPort(loadConfig({ ...secure, ...change }));
        return undefined;
      } catch (error) {
        return (error as ConfigError).variable;
      }
    };
    expect(refusal({ TLS_CERT_FILE: '', TLS_KEY_FILE: '' })).toBe('TLS_CERT_FILE');
    expect(refusal({ WS_ALLOWED_ORIGINS: '' })).toBe('WS_ALLOWED_ORIGINS');
    // Outside production the gateway starts without either.
    expect(() => requireSafeClientPort(loadConfig({ ...secure, EVENTLINE_ENV: 'development', TLS_CERT_FILE: '', TLS_KEY_FILE: '', WS_ALLOWED_ORIGINS: '' }))).not.toThrow();
  });

  it('runs without TLS only when INSECURE_PLAINTEXT=true says so, and still wants the origin allow-list', () => {
    const plain = { ...secure, INSECURE_PLAINTEXT: 'true', KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT', DATABASE_URL: 'postgres://u:p@db:5432/eventline', TLS_CERT_FILE: '', TLS_KEY_FILE: '' };
    const config = loadConfig(plain);
    expect(() => requireSafeClientPort(config)).not.toThrow();
    expect(() => requireSafeClientPort(loadConfig({ ...plain, WS_ALLOWED_ORIGINS: '' }))).toThrow(/WS_ALLOWED_ORIGINS/);
    expect(configError({ ...plain, INSECURE_PLAINTEXT: 'yes' }).variable).toBe('INSECURE_PLAINTEXT');
  });

  it('turns the development secret off once JWT_JWKS_URL or JWT_SECRET is set, outside production too', () => {
    expect(loadConfig({}).jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
    expect(loadConfig({ JWT_JWKS_URL: 'http://localhost:8180/jwks' }).jwtSecret).toBeUndefined();
    expect(loadConfig({ JWT_SECRET: 's'.repeat(40) }).jwtSecret).toBe('s'.repeat(40));
    expect(loadConfig({ EVENTLINE_ENV: 'test' }).jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
  });
});

describe('database TLS and the operations port', () => {
  it.each(['require', 'prefer', 'no-verify', 'allow'])('refuses sslmode=%s, which does not check who answers', (mode) => {
    expect(configError({ DATABASE_URL: `postgres://u:p@db/eventline?sslmode=${mode}` }).message).toMatch(/^DATABASE_URL: sslmode=.* is not taken/);
  });

  it('takes verify-full, verify-ca and disable, and a readable DATABASE_CA_FILE', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/e?sslmode=verify-ca', DATABASE_CA_FILE: __filename })).toMatchObject({ databaseSslMode: 'verify-ca', databaseCaFile: __filename });
    expect(configError({ DATABASE_CA_FILE: '/nonexistent/ca.pem' }).variable).toBe('DATABASE_CA_FILE');
  });

  it("leaves OPS_PORT to the service's default unless set, and binds it to localhost", () => {
    expect(loadConfig({})).toMatchObject({ opsPort: undefined, opsHost: '127.0.0.1' });
    expect(loadConfig({ OPS_PORT: '0', OPS_HOST: '0.0.0.0' })).toMatchObject({ opsPort: 0, opsHost: '0.0.0.0' });
    expect(configError({ OPS_PORT: '99999' }).variable).toBe('OPS_PORT');
  });
});
