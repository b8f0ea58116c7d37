import { loadConfig, parseBrokers } from '../../../platform/config';
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
  ])('rejects %j naming %s', (env, variable) => {
    expect(configError(env as Record<string, string>).variable).toBe(variable);
  });
});
