/**
 * A Kafka broker with a SASL_SSL listener and an SSL one that requires client certificates,
 * and a PostgreSQL that refuses anything but TLS, each with a certificate the test's own CA
 * signed (certificates.ts), started side by side in a temporary directory and stopped together. The default test broker and PostgreSQL
 * (global-setup.ts) stay plaintext; only the tests of transport security start these.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKafka, type RunningKafka } from '../../infra/kafka';
import { removeLocalData } from '../../infra/local-stack';
import { startPostgres, type RunningPostgres } from '../../infra/postgres';
import { createTestCa, issueCertificate, type TestCa } from './certificates';

/** The broker's users: SCRAM ones made by `kafka-storage format --add-scram`, a PLAIN one in its JAAS configuration. */
export const KAFKA_USERS = Object.freeze({
  scram512: { mechanism: 'SCRAM-SHA-512', username: 'eventline', password: 'eventline-scram-512-secret' },
  scram256: { mechanism: 'SCRAM-SHA-256', username: 'analyst', password: 'analyst-scram-256-secret' },
  plain: { mechanism: 'PLAIN', username: 'operator', password: 'operator-plain-secret' },
} as const);

export interface SecureServers {
  readonly dir: string;
  readonly ca: TestCa;
  /** The SASL_SSL listener, 127.0.0.1:<port> (the certificate names 127.0.0.1). */
  readonly kafkaBrokers: string[];
  /** The SSL listener that requires a client certificate of the CA. */
  readonly mutualTlsBrokers: string[];
  /** `postgres://…` without sslmode; the server accepts only TLS (`hostssl`). */
  readonly databaseUrl: string;
  /** Writes `contents` to a file of its own (secrets from files), mode 0600. */
  file(name: string, contents: string): string;
  stop(): Promise<void>;
}

export async function startSecureServers(): Promise<SecureServers> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventline-secure-'));
  const ca = await createTestCa(path.join(dir, 'ca'));
  const [kafkaCertificate, postgresCertificate] = await Promise.all([issueCertificate(ca, 'kafka'), issueCertificate(ca, 'postgres')]);
  const { scram512, scram256, plain } = KAFKA_USERS;
  const started = await Promise.allSettled([
    startKafka({
      dataDir: path.join(dir, 'kafka'),
      heap: '512m',
      secureListeners: { ...kafkaCertificate, scramUsers: [scram512, scram256], plainUsers: { [plain.username]: plain.password }, clientCaFile: ca.certFile },
    }),
    startPostgres({ dataDir: path.join(dir, 'postgres'), unsafeFast: true, tls: { ...postgresCertificate, required: true } }),
  ]);
  const [kafka, postgres] = started.map((result) => (result.status === 'fulfilled' ? result.value : undefined)) as [RunningKafka | undefined, RunningPostgres | undefined];
  const stop = async (): Promise<void> => {
    await Promise.all([kafka?.stop(), postgres?.stop()]);
    removeLocalData(dir);
  };
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed !== undefined || kafka?.secureBrokers === undefined || postgres === undefined) {
    await stop();
    throw failed?.reason ?? new Error('the secure listeners did not start');
  }
  return {
    dir,
    ca,
    kafkaBrokers: kafka.secureBrokers.saslSsl,
    mutualTlsBrokers: kafka.secureBrokers.mutualTls,
    databaseUrl: postgres.url,
    file: (name, contents) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, contents, { mode: 0o600 });
      return file;
    },
    stop,
  };
}
