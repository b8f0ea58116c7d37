/**
 * Kafka's transport security for every client Eventline makes (services, CLI): TLS with a CA
 * file and an optional client certificate, SASL PLAIN or SCRAM-SHA-256/512, as
 * KAFKA_SECURITY_PROTOCOL and its settings say (platform/config.ts). Files are read when a
 * client is created, so a renewed CA bundle or client certificate is used by the next process.
 *
 * A broker that refuses the credentials or a certificate nobody trusts is a configuration
 * mistake, not an outage: `securityFailure` turns it into a ConfigError that names the variable.
 */
import type { ConnectionOptions } from 'node:tls';
import { KafkaJSSASLAuthenticationError, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { readConfiguredFile, type KafkaSecurity } from '../config';
import { ConfigError } from '../errors';

export type KafkaSecurityOptions = Pick<KafkaConfig, 'ssl' | 'sasl'>;

/** No TLS, no SASL: the local broker `npm start` and the tests run. */
export const PLAINTEXT: KafkaSecurity = Object.freeze({ protocol: 'PLAINTEXT', tls: undefined, sasl: undefined });

const SASL_MECHANISMS = { PLAIN: 'plain', 'SCRAM-SHA-256': 'scram-sha-256', 'SCRAM-SHA-512': 'scram-sha-512' } as const;

/** node's codes for a certificate that does not verify (chain, expiry, host name). */
const UNTRUSTED_CERTIFICATE_CODES: ReadonlySet<string> = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function kafkaSecurityOptions(security: KafkaSecurity): KafkaSecurityOptions {
  const { tls, sasl } = security;
  let ssl: ConnectionOptions | undefined;
  if (tls !== undefined) {
    ssl = {
      rejectUnauthorized: true,
      ...(tls.caFile === undefined ? {} : { ca: readConfiguredFile(tls.caFile, 'KAFKA_SSL_CA_FILE') }),
      ...(tls.certFile === undefined ? {} : { cert: readConfiguredFile(tls.certFile, 'KAFKA_SSL_CERT_FILE') }),
      ...(tls.keyFile === undefined ? {} : { key: readConfiguredFile(tls.keyFile, 'KAFKA_SSL_KEY_FILE') }),
      ...(tls.keyPassword === undefined ? {} : { passphrase: tls.keyPassword }),
    };
  }
  const saslOptions: SASLOptions | undefined =
    sasl === undefined ? undefined : ({ mechanism: SASL_MECHANISMS[sasl.mechanism], username: sasl.username, password: sasl.password } as SASLOptions);
  return { ...(ssl === undefined ? {} : { ssl }), ...(saslOptions === undefined ? {} : { sasl: saslOptions }) };
}

/** The errors along `error`'s cause chain (kafkajs wraps the socket's in retries). */
function causes(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let current = error; current instanceof Error && chain.length < 6; current = current.cause) chain.push(current);
  return chain;
}

/**
 * A ConfigError naming the variable to fix when the broker refused the credentials
 * (KAFKA_SASL_PASSWORD or its _FILE) or its certificate does not verify (KAFKA_SSL_CA_FILE);
 * undefined for anything else (an unreachable broker is an outage, retried elsewhere).
 */
export function securityFailure(error: unknown, security: KafkaSecurity): ConfigError | undefined {
  const chain = causes(error);
  const refused = chain.find((cause) => cause instanceof KafkaJSSASLAuthenticationError);
  if (refused !== undefined && security.sasl !== undefined) {
    const { username, mechanism, passwordVariable } = security.sasl;
    return new ConfigError(
      passwordVariable,
      `Kafka refused user "${username}" (${mechanism}): ${refused.message}; check KAFKA_SASL_USERNAME, ${passwordVariable} and KAFKA_SASL_MECHANISM`,
    );
  }
  const untrusted = chain.find((cause) => UNTRUSTED_CERTIFICATE_CODES.has(String((cause as { code?: unknown }).code)));
  if (untrusted !== undefined) {
    return new ConfigError('KAFKA_SSL_CA_FILE', `the broker's certificate does not verify (${untrusted.message}): give the CA that signed it in KAFKA_SSL_CA_FILE, and connect by a name the certificate carries`);
  }
  return undefined;
}
