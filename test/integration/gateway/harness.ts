/**
 * Integration-test support for the gateway: a gateway started in-process on a random port
 * with its own random topic prefix, a WebSocket test client, and Kafka helpers to look at
 * what reached the topics.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import WebSocket from 'ws';
import { signToken, type TokenRequest } from '../../../gateway/auth';
import { startGateway, type Gateway } from '../../../gateway';
import type { ServerMessage } from '../../../gateway/protocol';
import { startRuntime, type Runtime } from '../../../platform/runtime';
import { createCodec, type AnyDecodedRecord, type eventline } from '../../../schemas';
import { readModelTables } from '../../../services/read-model-tables';
import { eventlineTopicSpecs } from '../../../services/topology';
import { testDataDir } from '../../support/data-dir';
import { acceptedOutcome } from '../../support/outcomes';
import { testBrokers } from '../../support/env';
import { uniqueName } from '../../support/names';

export const codec = createCodec();

/** Creating a topic set and joining the feed consumer group takes seconds; pass this to hooks that start or stop a gateway. */
export const START_TIMEOUT_MS = 60_000;

export interface TestGateway {
  readonly runtime: Runtime;
  readonly gateway: Gateway;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly wsUrl: string;
  readonly httpUrl: string;
  /** The operations port: /healthz, /readyz, /metrics. */
  readonly opsUrl: string;
  /** Shuts the gateway and its runtime down (idempotent). */
  stop(): Promise<void>;
  /** A token signed with the gateway's secret; scope `*` and role staff (these tests are about the pipeline) unless given. */
  token(request?: Partial<TokenRequest>): Promise<string>;
  topic(domain: string, kind: 'commands' | 'outcomes'): string;
}

/**
 * Starts a gateway on a fresh topic set; `env` overrides settings (e.g. WS_RATE_PER_SEC, or
 * TOPIC_PREFIX to share another gateway's topics). The write path needs no database; REST
 * reads, snapshots, history and read-your-writes do (`database`: DATABASE_URL from `env`).
 */
export async function startTestGateway(env: Record<string, string> = {}, options: { database?: boolean } = {}): Promise<TestGateway> {
  const runtime = await startRuntime({
    service: 'gateway',
    defaultOpsPort: 0,
    topicSpecs: (names, config) => eventlineTopicSpecs(names, config.topicPartitions),
    database: options.database === true ? { schema: readModelTables } : undefined,
    env: {
      ...process.env,
      EVENTLINE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      OPS_PORT: '0',
      TOPIC_PREFIX: `${uniqueName('gw')}.`,
      TOPIC_PARTITIONS: '3',
      // Most tests open many sockets and subscribe many keys with one user's token; the limits have tests of their own.
      WS_MAX_CONNECTIONS_PER_USER: '10000',
      HTTP_RATE_PER_SEC: '100000',
      HTTP_RATE_BURST: '100000',
      // Audit lines to a file, not between jest's results (the audit tests name their own).
      AUDIT_LOG: `${testDataDir()}/audit.log`,
      ...env,
    },
  });
  let gateway: Gateway;
  try {
    gateway = await startGateway(runtime);
  } catch (error) {
    await runtime.lifecycle.shutdown('gateway failed to start');
    throw error;
  }
  const kafka = new Kafka({ brokers: testBrokers(), clientId: 'gateway-test', logLevel: logLevel.NOTHING, retry: { initialRetryTime: 50 } });
  const admin = kafka.admin();
  await admin.connect();
  const secret = runtime.config.jwtSecret as string;
  return {
    runtime,
    gateway,
    kafka,
    admin,
    wsUrl: `${gateway.secure ? 'wss' : 'ws'}://127.0.0.1:${gateway.port}/ws`,
    httpUrl: `${gateway.secure ? 'https' : 'http'}://127.0.0.1:${gateway.port}`,
    opsUrl: `http://127.0.0.1:${runtime.ops.port}`,
    token: (request = {}) => signToken(secret, { subject: 'user-1', scope: '*', roles: ['staff'], ...request }),
    topic: (domain, kind) => runtime.topics.domain(domain, kind),
    stop: async () => {
      await runtime.lifecycle.shutdown('test finished');
      await admin.disconnect();
    },
  };
}

/** A WebSocket client that records every message (unpacking frames that carry several) and its close. */
export class TestClient {
  readonly messages: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const parsed = JSON.parse(String(data)) as ServerMessage | ServerMessage[];
      this.messages.push(...(Array.isArray(parsed) ? parsed : [parsed]));
      for (const wake of [...this.waiters]) wake();
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static open(url: string, options: WebSocket.ClientOptions = {}): Promise<TestClient> {
    const socket = new WebSocket(url, options);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new TestClient(socket)));
      socket.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first message (from the start of the connection) that matches; fails after `timeoutMs`. */
  async next(match: (message: ServerMessage) => boolean, timeoutMs = 10_000): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  /** The message answering request `id` (ack, pong or error). */
  reply(id: string | null, timeoutMs?: number): Promise<ServerMessage> {
    return this.next((message) => message.op !== 'outcome' && 'id' in message && message.id === id, timeoutMs);
  }

  close(): void {
    this.socket.close();
  }
}

/** How an upgrade was refused: HTTP status and problem body. */
export function refusedUpgrade(url: string, options: WebSocket.ClientOptions = {}): Promise<{ status: number; body: { error: { code: string; message: string } } }> {
  const socket = new WebSocket(url, options);
  return new Promise((resolve, reject) => {
    socket.once('open', () => reject(new Error('the upgrade was accepted')));
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(body) }));
    });
    socket.once('error', () => undefined);
  });
}

/** Records in a topic (no transactions write to commands topics, so the end offsets count them). */
export async function recordCount(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
}

/** Reads a topic from the start until `count` records have arrived. */
export async function readRecords(kafka: Kafka, topic: string, count: number): Promise<{ key: string; partition: number; offset: string; headers: Record<string, string>; record: AnyDecodedRecord }[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('gateway-test-reader') });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const records: Awaited<ReturnType<typeof readRecords>> = [];
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({
          key: String(message.key),
          partition,
          offset: message.offset,
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)])),
          record: codec.decode(message.value as Buffer),
        });
        if (records.length === count) resolve();
      },
    });
  });
  await consumer.disconnect();
  return records;
}

export async function produceOutcome(kafka: Kafka, topic: string, outcome: Partial<eventline.CommandOutcome> & Pick<eventline.CommandOutcome, 'commandId'>): Promise<void> {
  const value = acceptedOutcome({ decidedAt: new Date(), ...outcome });
  await produceRaw(kafka, topic, value.aggregateId, codec.encode('eventline.CommandOutcome', value));
}

export async function produceRaw(kafka: Kafka, topic: string, key: string, value: Buffer): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key, value }] });
  await producer.disconnect();
}

export function placeOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    op: 'command',
    id: randomUUID(),
    domain: 'orders',
    name: 'PlaceOrder',
    key: `order-${randomUUID().slice(0, 8)}`,
    data: { storeId: 'store-7', customerId: 'customer-1', items: [{ sku: 'sku-1', qty: 2, priceCents: 1250 }], currency: 'EUR' },
    ...overrides,
  };
}
