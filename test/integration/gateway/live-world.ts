/**
 * A whole Eventline in-process for live-subscription tests: one topic set and one database of
 * its own, the real command handler and projector, and any number of gateways on them.
 */
import { testDataDir } from '../../support/data-dir';
import { Registry } from 'prom-client';
import { createLogger } from '../../../platform/logger';
import { CommandHandler } from '../../../services/command-handler';
import { Projector } from '../../../services/projector';
import { createTestDatabase, type TestDatabase } from '../projector/support/database';
import { testKafka } from '../../support/kafka';
import { uniqueName } from '../../support/names';
import { codec, startTestGateway, type TestGateway } from './harness';

export interface LiveWorld {
  readonly db: TestDatabase;
  /** The first gateway; it created the topics. */
  readonly gateway: TestGateway;
  /** Another gateway instance on the same topics and database. */
  startGateway(env?: Record<string, string>): Promise<TestGateway>;
  close(): Promise<void>;
}

export interface LiveWorldOptions {
  /** Settings of every gateway (e.g. WS_MAX_SUBSCRIPTIONS). */
  readonly env?: Record<string, string>;
  /** Run the command handler and the projector in-process (default true). */
  readonly services?: boolean;
}

export async function startLiveWorld(name: string, options: LiveWorldOptions = {}): Promise<LiveWorld> {
  const db = await createTestDatabase(name);
  const prefix = `${uniqueName(name)}.`;
  const appId = uniqueName(name);
  const env = { TOPIC_PREFIX: prefix, DATABASE_URL: db.url, KAFKA_CLIENT_ID: appId, ...options.env };
  const gateways: TestGateway[] = [];
  const startGateway = async (extra: Record<string, string> = {}): Promise<TestGateway> => {
    const gateway = await startTestGateway({ ...env, ...extra }, { database: true });
    gateways.push(gateway);
    return gateway;
  };
  const first = await startGateway();
  const kafka = testKafka();
  const logger = createLogger('services', process.env.LOG_LEVEL ?? 'warn');
  const topics = first.runtime.topics;
  const services: { stop(): Promise<void> }[] = [];
  if (options.services ?? true) {
    const handler = new CommandHandler({ kafka, topics, codec, logger, metrics: new Registry(), appId, stateDir: testDataDir(), onFatal: (error) => logger.error({ err: error }, 'command handler stopped') });
    services.push(handler);
    await handler.start();
    const projector = new Projector({ kafka, orm: db.orm, topics, codec, logger, metrics: new Registry(), appId, sessionTimeoutMs: 10_000, onFatal: (error) => logger.error({ err: error }, 'projector stopped') });
    services.push(projector);
    await projector.start();
  }
  return {
    db,
    gateway: first,
    startGateway,
    close: async () => {
      await Promise.all(gateways.map((gateway) => gateway.stop()));
      await Promise.all(services.map((service) => service.stop()));
      await db.drop();
    },
  };
}
