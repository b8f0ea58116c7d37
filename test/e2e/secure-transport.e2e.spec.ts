/**
 * Production with TLS on every hop, for real: a Kafka broker with a SASL_SSL listener (SCRAM
 * users made by Kafka's own storage tool) and a PostgreSQL that refuses anything but TLS,
 * both with certificates of the test's own CA, and the gateway, command handler and projector
 * as processes in EVENTLINE_ENV=production — wss:// to clients, SCRAM-SHA-512 over TLS to
 * Kafka, sslmode=verify-full to PostgreSQL, every secret from a file. A client's command goes
 * through the handler and the projector and comes back as outcome and subscription; the CLI
 * reaches both servers the same way; SCRAM-SHA-256, PLAIN and a client certificate (an SSL
 * listener that requires one) work too; a wrong password or an untrusted certificate stops the
 * process with a line naming the variable to fix.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import path from 'node:path';
import { Client } from 'pg';
import WebSocket from 'ws';
import { EventlineClient } from '../../client';
import { signToken } from '../../gateway/auth';
import { freePort } from '../../infra/ports';
import { loadConfig } from '../../platform/config';
import { postgresConnection } from '../../platform/db';
import { createKafka } from '../../platform/kafka';
import { createLogger } from '../../platform/logger';
import { eventline } from '../integration/cli/support';
import { createTestCa, issueCertificate } from '../support/certificates';
import { waitFor } from '../support/kafka';
import { uniqueName } from '../support/names';
import { KAFKA_USERS, startSecureServers, type SecureServers } from '../support/secure-servers';
import { logged, spawnService, type ServiceProcess } from '../support/services';

jest.setTimeout(300_000);

/** A broker's JVM, a database, then three services joining their groups: a minute or two on a loaded machine. */
const STARTUP_MS = 180_000;
const SETTLE_MS = 60_000;

/** The line a process logs once at start-up, parsed (pino JSON). */
function logRecord(service: ServiceProcess, message: string): Record<string, unknown> {
  const line = fs
    .readFileSync(service.logFile, 'utf8')
    .split('\n')
    .find((candidate) => candidate.includes(`"msg":"${message}`));
  if (line === undefined) throw new Error(`${service.logFile} has no "${message}"`);
  return JSON.parse(line) as Record<string, unknown>;
}

function httpsGet(url: string, ca: Buffer): Promise<{ status: number; subject: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (response) => {
        const subject = String((response.socket as TLSSocket).getPeerCertificate().subject?.CN ?? '');
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, subject }));
      })
      .on('error', reject);
  });
}

describe('production with TLS on every hop', () => {
  const secret = randomBytes(32).toString('hex');
  let servers: SecureServers;
  /** The services' environment: nothing of the plaintext test stack (global-setup) leaks in. */
  let env: NodeJS.ProcessEnv;
  let ca: Buffer;
  let gateway: ServiceProcess;
  const services: ServiceProcess[] = [];
  let port: number;
  let auditFile: string;
  let token: string;

  beforeAll(async () => {
    servers = await startSecureServers();
    const gatewayCertificate = await issueCertificate(servers.ca, 'gateway', 'eventline-gateway');
    ca = fs.readFileSync(servers.ca.certFile);
    const { scram512 } = KAFKA_USERS;
    env = {
      EVENTLINE_ENV: 'production',
      KAFKA_BROKERS: servers.kafkaBrokers.join(','),
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SSL_CA_FILE: servers.ca.certFile,
      KAFKA_SASL_MECHANISM: scram512.mechanism,
      KAFKA_SASL_USERNAME: scram512.username,
      KAFKA_SASL_PASSWORD_FILE: servers.file('kafka-password', `${scram512.password}\n`),
      DATABASE_URL: '',
      DATABASE_URL_FILE: servers.file('database-url', `${servers.databaseUrl}?sslmode=verify-full\n`),
      DATABASE_CA_FILE: servers.ca.certFile,
      JWT_SECRET: '',
      JWT_SECRET_FILE: servers.file('jwt-secret', secret),
      TLS_CERT_FILE: gatewayCertificate.certFile,
      TLS_KEY_FILE: gatewayCertificate.keyFile,
      WS_ALLOWED_ORIGINS: 'https://app.example',
      TOPIC_PREFIX: `${uniqueName('tls')}.`,
      KAFKA_CLIENT_ID: uniqueName('tls'),
      HOST: '127.0.0.1',
      // The first command may wait for the handler's group to settle.
      COMMAND_TIMEOUT_MS: '60000',
    };
    port = await freePort();
    auditFile = path.join(servers.dir, 'audit.log');
    gateway = spawnService('gateway', { ...env, PORT: String(port), AUDIT_LOG: auditFile });
    const handler = spawnService('command-handler', env);
    const projector = spawnService('projector', env);
    services.push(gateway, handler, projector);
    await Promise.all([logged(handler, 'command handler consuming', STARTUP_MS), logged(projector, 'projector consuming', STARTUP_MS), logged(gateway, 'gateway ready', STARTUP_MS)]);
    token = await signToken(secret, { subject: 'alice', scope: '*' });
  }, 2 * STARTUP_MS);

  afterAll(async () => {
    // The services stop before the servers they use.
    await Promise.all(services.map((service) => service.kill('SIGTERM')));
    await servers?.stop();
  }, STARTUP_MS);

  it('runs a command → outcome → projection → subscription round trip over wss://, SASL_SSL and verify-full', async () => {
    // ws with the test CA trusted; the SDK sends the token in its Authorization header.
    class TrustingWebSocket extends WebSocket {
      constructor(url: string, protocols: string[], options: WebSocket.ClientOptions = {}) {
        super(url, protocols, { ...options, ca });
      }
    }
    const client = new EventlineClient({ url: `wss://127.0.0.1:${port}/ws`, token, WebSocket: TrustingWebSocket, commandTimeoutMs: SETTLE_MS });
    const roomId = uniqueName('room');
    try {
      await client.connect();
      // Accepted, and projected into PostgreSQL over TLS before the outcome comes back.
      expect(await client.command({ domain: 'chat', name: 'CreateRoom', key: roomId, data: { title: 'Over TLS', private: false }, await: 'projected' })).toMatchObject({ status: 'accepted', version: 1 });
      const events: { version: number; name: string }[] = [];
      client.subscribe('chat.events', roomId, { onEvent: (event) => void events.push(event) }, { fromVersion: 0 });
      expect(await client.command({ domain: 'chat', name: 'PostMessage', key: roomId, data: { messageId: randomUUID(), text: 'encrypted all the way' } })).toMatchObject({ status: 'accepted', version: 2 });
      await waitFor(async () => (events.length >= 2 ? true : undefined), SETTLE_MS, 'both events at the subscriber');
      expect(events.map(({ version, name }) => [version, name])).toEqual([
        [1, 'RoomCreated'],
        [2, 'MessagePosted'],
      ]);
    } finally {
      client.close();
    }
    // Who did what, in the audit log (written asynchronously: read until both are there); no token and no password in any log.
    const auditLines = (): Record<string, unknown>[] => fs.readFileSync(auditFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    await waitFor(async () => (auditLines().some((line) => line.audit === 'subscription.granted') && auditLines().some((line) => line.audit === 'command.accepted' && (line.command as { version?: number }).version === 2) ? true : undefined), SETTLE_MS, 'both audit lines');
    const audit = auditLines();
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ audit: 'command.accepted', user: 'alice', command: expect.objectContaining({ domain: 'chat', name: 'PostMessage', aggregate: roomId, version: 2 }) }),
        expect.objectContaining({ audit: 'subscription.granted', user: 'alice', stream: 'chat.events', key: roomId, transport: 'websocket' }),
      ]),
    );
    for (const file of [gateway.logFile, auditFile]) {
      const text = fs.readFileSync(file, 'utf8');
      expect({ file, token: text.includes(token), password: text.includes(KAFKA_USERS.scram512.password) }).toEqual({ file, token: false, password: false });
    }
  });

  it('serves clients only over TLS, and /healthz, /readyz, /metrics only on the operations port', async () => {
    expect(await httpsGet(`https://127.0.0.1:${port}/`, ca)).toEqual({ status: 200, subject: 'eventline-gateway' });
    expect((await httpsGet(`https://127.0.0.1:${port}/metrics`, ca)).status).toBe(404);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    const ops = logRecord(gateway, 'operations port listening');
    expect(ops.host).toBe('127.0.0.1');
    const ready = await fetch(`http://127.0.0.1:${String(ops.port)}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: { name: string; ok: boolean }[] }).checks).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'kafka', ok: true }), expect.objectContaining({ name: 'postgres', ok: true }), expect.objectContaining({ name: 'gateway', ok: true })]),
    );
  });

  it('stops a service at start-up with one line naming KAFKA_SASL_PASSWORD when Kafka refuses the password', async () => {
    const refused = spawnService('command-handler', { ...env, KAFKA_SASL_PASSWORD_FILE: '', KAFKA_SASL_PASSWORD: 'not-the-password' });
    const code = await new Promise<number | null>((resolve) => refused.child.once('exit', resolve));
    const log = fs.readFileSync(refused.logFile, 'utf8');
    expect(code).toBe(1);
    expect(log).toContain('command-handler: KAFKA_SASL_PASSWORD: Kafka refused user "eventline" (SCRAM-SHA-512)');
    expect(log).not.toContain('not-the-password');
  });

  it('lets the CLI, the other SASL mechanisms and a client certificate in, and refuses an untrusted certificate naming the variable', async () => {
    const cli = await eventline(env, 'topics');
    expect(cli).toMatchObject({ code: 0, err: '' });
    expect(cli.out).toContain(`${env.TOPIC_PREFIX}chat.events`);

    for (const user of [KAFKA_USERS.scram256, KAFKA_USERS.plain]) {
      const config = loadConfig({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SSL_CA_FILE: servers.ca.certFile, KAFKA_SASL_MECHANISM: user.mechanism, KAFKA_SASL_USERNAME: user.username, KAFKA_SASL_PASSWORD: user.password });
      const admin = createKafka(servers.kafkaBrokers, 'tls-test', createLogger('tls-test', 'silent'), config.kafkaSecurity).admin();
      await admin.connect();
      try {
        expect({ mechanism: user.mechanism, topics: await admin.listTopics() }).toEqual({ mechanism: user.mechanism, topics: expect.arrayContaining([`${env.TOPIC_PREFIX}chat.events`]) });
      } finally {
        await admin.disconnect();
      }
    }

    // SSL requiring a client certificate: ours is taken, none is refused.
    const clientCertificate = await issueCertificate(servers.ca, 'kafka-client', 'eventline-client');
    const mutual = loadConfig({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: servers.ca.certFile, KAFKA_SSL_CERT_FILE: clientCertificate.certFile, KAFKA_SSL_KEY_FILE: clientCertificate.keyFile });
    const admin = createKafka(servers.mutualTlsBrokers, 'tls-test', createLogger('tls-test', 'silent'), mutual.kafkaSecurity).admin();
    await admin.connect();
    try {
      expect(await admin.listTopics()).toEqual(expect.arrayContaining([`${env.TOPIC_PREFIX}chat.events`]));
    } finally {
      await admin.disconnect();
    }
    const anonymous = { KAFKA_BROKERS: servers.mutualTlsBrokers.join(','), KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: servers.ca.certFile, TOPIC_PREFIX: env.TOPIC_PREFIX, EVENTLINE_ENV: 'test' };
    expect((await eventline(anonymous, 'topics')).code).toBe(1);

    const stranger = await createTestCa(path.join(servers.dir, 'stranger'), 'Someone else’s CA');
    const untrusted = await eventline({ ...env, KAFKA_SSL_CA_FILE: stranger.certFile }, 'topics');
    expect(untrusted.code).toBe(1);
    expect(untrusted.err).toMatch(/^eventline: KAFKA_SSL_CA_FILE: the broker's certificate does not verify/);
    const database = new Client(postgresConnection(`${servers.databaseUrl}?sslmode=verify-full`, stranger.certFile));
    database.on('error', () => undefined);
    await expect(database.connect()).rejects.toThrow(/certificate/);
  });
});
