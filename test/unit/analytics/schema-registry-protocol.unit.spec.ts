/**
 * PROTOCOL TEST, not a substitute for a real registry: the schema registry client and the
 * registry mode of the codec against a tiny in-test HTTP server that speaks the two
 * endpoints of the Confluent Schema Registry API involved — `POST /subjects/{subject}/versions`
 * (what Eventline calls at start-up) and `GET /schemas/ids/{id}` (what a registry-aware tool
 * such as Kafka Connect's AvroConverter calls to decode). No registry server could be
 * installed here (see docs/topics.md), so this proves our side of the wire format only.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import avro from 'avsc';
import { InternalError, SchemaIncompatibleError, UnavailableError } from '../../../platform/errors';
import { createLogger } from '../../../platform/logger';
import { loadCatalog, readSchemaId, HEADER_SIZE } from '../../../schemas';
import { loadCodec, registerCatalog, SchemaRegistryClient, topicValueSubject } from '../../../schemas/registry';
import { TopicNames } from '../../../platform/kafka';
import { eventsTopicUnions } from '../../../services/topology';
import { OrderStory } from '../../support/analytics-events';

interface FakeRegistryOptions {
  /** First id handed out; a fresh Confluent registry starts at 1. */
  firstId?: number;
  /** Answer this many requests with 503 first. */
  unavailableFor?: number;
  /** Subjects whose new versions are refused as incompatible (409). */
  incompatible?: string[];
  /** Required `user:password` for Basic auth. */
  credentials?: string;
}

interface FakeRegistry {
  url: string;
  /** Subjects in registration order, with their schemas' ids. */
  subjects: Map<string, number[]>;
  requests: { method: string; path: string; contentType: string | undefined }[];
  close(): Promise<void>;
}

async function startFakeRegistry(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const byId = new Map<number, string>();
  const idOf = new Map<string, number>();
  const subjects = new Map<string, number[]>();
  const requests: FakeRegistry['requests'] = [];
  let nextId = options.firstId ?? 1;
  let unavailable = options.unavailableFor ?? 0;
  const reply = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' }).end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const path = req.url ?? '';
      requests.push({ method: req.method ?? '', path, contentType: req.headers['content-type'] });
      if (unavailable > 0) return (unavailable -= 1), reply(res, 503, { error_code: 50003, message: 'starting up' });
      if (options.credentials && req.headers.authorization !== `Basic ${Buffer.from(options.credentials).toString('base64')}`) {
        return reply(res, 401, { error_code: 401, message: 'Unauthorized' });
      }
      const register = /^\/subjects\/([^/]+)\/versions$/.exec(path);
      if (req.method === 'POST' && register) {
        const subject = decodeURIComponent(register[1]!);
        const { schema, schemaType } = JSON.parse(text) as { schema: string; schemaType?: string };
        if (schemaType !== 'AVRO') return reply(res, 422, { error_code: 42201, message: `unsupported type ${schemaType}` });
        const versions = subjects.get(subject) ?? [];
        const known = idOf.get(schema);
        if (known !== undefined && versions.includes(known)) return reply(res, 200, { id: known });
        if (versions.length > 0 && options.incompatible?.includes(subject)) {
          return reply(res, 409, { error_code: 409, message: 'Schema being registered is incompatible with an earlier schema' });
        }
        const id = known ?? nextId++;
        idOf.set(schema, id);
        byId.set(id, schema);
        subjects.set(subject, [...versions, id]);
        return reply(res, 200, { id });
      }
      const lookup = /^\/schemas\/ids\/(\d+)$/.exec(path);
      if (req.method === 'GET' && lookup && byId.has(Number(lookup[1]))) return reply(res, 200, { schema: byId.get(Number(lookup[1])) });
      return reply(res, 404, { error_code: 40401, message: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    subjects,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('schema registry client (protocol test against an in-test fake)', () => {
  const catalog = loadCatalog();
  const logger = createLogger('test', 'silent');
  const fakes: FakeRegistry[] = [];
  const fake = async (options?: FakeRegistryOptions): Promise<FakeRegistry> => {
    const registry = await startFakeRegistry(options);
    fakes.push(registry);
    return registry;
  };
  afterEach(async () => {
    await Promise.all(fakes.splice(0).map((registry) => registry.close()));
  });

  it('registers every version under its record full name, in catalog order, idempotently', async () => {
    const registry = await fake();
    const client = new SchemaRegistryClient(registry.url);
    const ids = await registerCatalog(client, catalog);
    expect([...registry.subjects.keys()].sort()).toEqual([...catalog.subjects].sort());
    expect(registry.subjects.get('eventline.orders.OrderShipped')).toHaveLength(2);
    expect(registry.requests.every(({ contentType }) => contentType === 'application/vnd.schemaregistry.v1+json')).toBe(true);
    // A fresh registry numbers schemas in the order it first sees them: the catalog's ids.
    expect([...ids]).toEqual(catalog.versions.map((version) => [version.id, version.id]).sort(([a], [b]) => a! - b!));
    expect(await registerCatalog(client, catalog)).toEqual(ids);
    expect(registry.subjects.get('eventline.orders.OrderShipped')).toHaveLength(2);
  });

  it('makes the codec write the registry ids, which a registry-aware reader resolves to the writer schema', async () => {
    const registry = await fake({ firstId: 1000 });
    const codec = await loadCodec({ schemaRegistryUrl: registry.url }, logger, catalog);
    const [placed] = new OrderStory('o-1', 'store-1').placed('2024-03-01T09:00:00Z', 1200).events;
    const { type, ...record } = placed!;
    const bytes = codec.encode(`eventline.orders.${type}`, record);

    const schemaId = readSchemaId(bytes);
    expect(schemaId).toBe(1000 + catalog.latest('eventline.orders.OrderPlaced').id - 1);
    // What Kafka Connect / ksqlDB do: look the id up, decode the rest with that schema.
    const response = await fetch(`${registry.url}/schemas/ids/${schemaId}`);
    // A plain Avro library without logical types reads timestamp-millis as the long it is.
    const writer = avro.Type.forSchema(JSON.parse(((await response.json()) as { schema: string }).schema));
    expect(writer.fromBuffer(bytes.subarray(HEADER_SIZE))).toEqual({ ...record, occurredAt: record.occurredAt.getTime() });
    expect(codec.decode(bytes)).toMatchObject({ schemaId, subject: 'eventline.orders.OrderPlaced', value: record });
  });

  it('registers each events topic\'s <topic>-value subject as the union of its records, which reads every record on it', async () => {
    const registry = await fake();
    const unions = eventsTopicUnions(new TopicNames('acme.'));
    const codec = await loadCodec({ schemaRegistryUrl: registry.url }, logger, catalog, unions);
    expect(unions.map(({ topic }) => topic)).toContain('acme.orders.events');
    for (const { topic } of unions) expect(registry.subjects.get(topicValueSubject(topic))).toHaveLength(1);

    // A TopicNameStrategy reader: the topic's one schema, resolved against each record's writer schema.
    const [unionId] = registry.subjects.get('acme.orders.events-value')!;
    const union = avro.Type.forSchema(JSON.parse(((await (await fetch(`${registry.url}/schemas/ids/${unionId}`)).json()) as { schema: string }).schema), { wrapUnions: 'auto' });
    const story = new OrderStory('o-1', 'store-1').placed('2024-03-01T09:00:00Z', 1200).paid('2024-03-01T09:01:00Z').shipped('2024-03-01T09:02:00Z').cancelled('2024-03-01T09:03:00Z');
    for (const [index, { type, ...record }] of story.events.entries()) {
      // The shipment as its v1 wrote it: the union's OrderShipped (v2) reads it with trackingNumber null.
      const version = type === 'OrderShipped' ? 1 : undefined;
      const bytes = codec.encode(`eventline.orders.${type}`, record, version === undefined ? {} : { version });
      const writer = avro.Type.forSchema(JSON.parse(((await (await fetch(`${registry.url}/schemas/ids/${readSchemaId(bytes)}`)).json()) as { schema: string }).schema));
      const read = union.fromBuffer(bytes.subarray(HEADER_SIZE), union.createResolver(writer)) as Record<string, unknown>;
      const expected = plainTimes(codec.decode(bytes).value);
      expect({ index, read: plainTimes(read) }).toEqual({ index, read: { [`eventline.orders.${type}`]: expected } });
    }
  });

  it('keeps the catalog ids when no registry is configured', async () => {
    const codec = await loadCodec({ schemaRegistryUrl: undefined }, logger, catalog);
    const [placed] = new OrderStory('o-1', 'store-1').placed('2024-03-01T09:00:00Z', 1200).events;
    const { type, ...record } = placed!;
    expect(readSchemaId(codec.encode(`eventline.orders.${type}`, record))).toBe(catalog.latest('eventline.orders.OrderPlaced').id);
  });

  it('retries while the registry is unavailable, then gives up with UnavailableError', async () => {
    const starting = await fake({ unavailableFor: 2 });
    expect(await new SchemaRegistryClient(starting.url, { retryDelayMs: 1 }).register('s', '"string"')).toBe(1);
    expect(starting.requests).toHaveLength(3);

    const down = await fake({ unavailableFor: 100 });
    await expect(new SchemaRegistryClient(down.url, { retryDelayMs: 1, attempts: 3 }).register('s', '"string"')).rejects.toThrow(UnavailableError);
    expect(down.requests).toHaveLength(3);
    await expect(new SchemaRegistryClient('http://127.0.0.1:1', { retryDelayMs: 1, attempts: 2 }).register('s', '"string"')).rejects.toThrow(UnavailableError);
  });

  it('reports an incompatible schema as SchemaIncompatibleError and a refused request as InternalError', async () => {
    const registry = await fake({ incompatible: ['s'] });
    const client = new SchemaRegistryClient(registry.url);
    await client.register('s', '"string"');
    await expect(client.register('s', '"long"')).rejects.toThrow(SchemaIncompatibleError);
    const locked = await fake({ credentials: 'svc:secret' });
    await expect(new SchemaRegistryClient(locked.url).register('s', '"string"')).rejects.toThrow(InternalError);
  });

  it('sends URL credentials as Basic auth and keeps them out of its URL', async () => {
    const registry = await fake({ credentials: 'svc:p@ss word' });
    const client = new SchemaRegistryClient(registry.url.replace('http://', `http://svc:${encodeURIComponent('p@ss word')}@`));
    expect(client.url).toBe(registry.url);
    expect(await client.register('s', '"string"')).toBe(1);
  });
});


/** Dates as epoch milliseconds: a reader without logical types sees timestamp-millis as the long it is. */
function plainTimes(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(plainTimes);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainTimes(item)]));
  return value;
}
