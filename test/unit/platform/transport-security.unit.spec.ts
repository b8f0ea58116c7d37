/** How PostgreSQL and Kafka clients are told to use TLS and SASL, and how a refusal becomes a ConfigError naming the variable. */
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSSASLAuthenticationError } from 'kafkajs';
import { loadConfig } from '../../../platform/config';
import { postgresConnection } from '../../../platform/db';
import { ConfigError } from '../../../platform/errors';
import { kafkaSecurityOptions, PLAINTEXT, securityFailure } from '../../../platform/kafka';

describe('postgresConnection', () => {
  it('connects in clear without sslmode, and keeps the other parameters', () => {
    expect(postgresConnection('postgres://u:p@db:5432/eventline?application_name=x')).toEqual({ connectionString: 'postgres://u:p@db:5432/eventline?application_name=x', ssl: false });
    expect(postgresConnection('postgres://u:p@db:5432/eventline?sslmode=disable').ssl).toBe(false);
  });

  it('verifies chain and host with verify-full, trusting DATABASE_CA_FILE before the URL’s sslrootcert', () => {
    const { connectionString, ssl } = postgresConnection(`postgres://u:p@db:5432/eventline?sslmode=verify-full&sslrootcert=/nonexistent`, __filename);
    expect(connectionString).toBe('postgres://u:p@db:5432/eventline');
    expect(ssl).toMatchObject({ rejectUnauthorized: true, ca: expect.stringContaining('postgresConnection') });
    expect(ssl && ssl.checkServerIdentity).toBeUndefined();
  });

  it('verifies the chain only with verify-ca, from the URL’s sslrootcert', () => {
    const { ssl } = postgresConnection(`postgres://db/e?sslmode=verify-ca&sslrootcert=${encodeURIComponent(__filename)}`);
    expect(ssl).toMatchObject({ rejectUnauthorized: true, ca: expect.stringContaining('verify-ca') });
    expect(ssl && ssl.checkServerIdentity?.('other-host', {} as never)).toBeUndefined();
  });

  it('names the variable whose file cannot be read', () => {
    expect(() => postgresConnection('postgres://db/e?sslmode=verify-full', '/nonexistent/ca.pem')).toThrow(/^DATABASE_CA_FILE: cannot read/);
    expect(() => postgresConnection('postgres://db/e?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem')).toThrow(/^DATABASE_URL: cannot read/);
  });
});

describe('Kafka security options', () => {
  const scram = loadConfig({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_USERNAME: 'alice', KAFKA_SASL_PASSWORD: 'wrong', KAFKA_SSL_CA_FILE: __filename }).kafkaSecurity;

  it('gives kafkajs nothing for PLAINTEXT, and TLS with the CA and SASL for SASL_SSL', () => {
    expect(kafkaSecurityOptions(PLAINTEXT)).toEqual({});
    expect(kafkaSecurityOptions(scram)).toEqual({
      ssl: { rejectUnauthorized: true, ca: expect.stringContaining('kafkaSecurityOptions') },
      sasl: { mechanism: 'scram-sha-512', username: 'alice', password: 'wrong' },
    });
    const plain = loadConfig({ KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT', KAFKA_SASL_MECHANISM: 'PLAIN', KAFKA_SASL_USERNAME: 'a', KAFKA_SASL_PASSWORD: 'b' }).kafkaSecurity;
    expect(kafkaSecurityOptions(plain)).toEqual({ sasl: { mechanism: 'plain', username: 'a', password: 'b' } });
  });

  it('turns refused credentials into a ConfigError naming the password variable', () => {
    // kafkajs's typings omit the constructor's message argument.
    const SaslError = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;
    const refused = new KafkaJSNumberOfRetriesExceeded(new SaslError('SASL SCRAM SHA512 authentication failed: Authentication failed'), { retryCount: 0, retryTime: 0 });
    const error = securityFailure(refused, scram);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.variable).toBe('KAFKA_SASL_PASSWORD');
    expect(error?.message).toMatch(/^KAFKA_SASL_PASSWORD: Kafka refused user "alice" \(SCRAM-SHA-512\)/);
    expect(error?.message).not.toContain('wrong');
  });

  it('turns an untrusted broker certificate into a ConfigError naming KAFKA_SSL_CA_FILE, and leaves outages alone', () => {
    const untrusted = new KafkaJSConnectionError('Connection error: self-signed certificate in certificate chain', { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(securityFailure(untrusted, scram)?.variable).toBe('KAFKA_SSL_CA_FILE');
    expect(securityFailure(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED', { code: 'ECONNREFUSED' }), scram)).toBeUndefined();
  });
});
