/**
 * Follows the schema-evolution steps of docs/schemas.md ("Evolving a schema") on a copy of the
 * contract — schemas/, client/generated/ and the topic docs — and requires that afterwards
 * everything the repository's unit tests compare is consistent again: the catalog passes
 * `eventline schemas check` and a codec starts on it, old bytes decode as the new version,
 * and the generated types and topic docs are what the generator renders.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { domains } from '../../../domains';
import { ordersSchemas } from '../../../domains/orders/schemas';
import { checkSchemas, createCodec, defaultSchemasDir, loadCatalog, type CatalogEntry } from '../../../schemas';
import type { DomainSchemaSource } from '../../../schemas/domain-schemas';
import { ASYNCAPI_FILE, generateAll, GENERATED_DIR, topicDocsDir, TOPICS_FILE } from '../../../schemas/tools/generate-types';
import { renderCatalogJson } from '../../../schemas/tools/release-domain-schemas';
import { renderAsyncApiRegions, renderTopicTable, withRegions } from '../../../schemas/tools/render-topic-docs';
import { renderTypes } from '../../../schemas/tools/render-types';

const REPO_SCHEMAS = defaultSchemasDir();
const note = { name: 'note', type: ['null', 'string'], default: null, doc: 'A remark on the payment (a field added by this test).' };

/** Step 1 on a copy of the orders source: OrderPaid gains an optional field. */
function ordersWithNote(): DomainSchemaSource {
  const paid = ordersSchemas.events.OrderPaid!;
  return { ...ordersSchemas, events: { ...ordersSchemas.events, OrderPaid: { ...paid, data: { ...paid.data, fields: [...paid.data.fields, note] } } } };
}

const sourcesWith = (orders: DomainSchemaSource) => domains.map((domain) => ({ name: domain.name, schemas: domain.name === 'orders' ? orders : domain.schemas }));

describe('the evolution steps of docs/schemas.md, followed on a copy of the contract', () => {
  let root: string;
  let schemasDir: string;
  const readCatalogJson = () => JSON.parse(readFileSync(path.join(schemasDir, 'catalog.json'), 'utf8')) as { description: string; schemas: CatalogEntry[] };
  const docs = (file: string) => readFileSync(path.join(topicDocsDir(schemasDir), file), 'utf8');

  /** What the committed-files tests compare, on the copy. */
  function expectConsistent(): void {
    const catalog = loadCatalog(schemasDir);
    expect(checkSchemas(catalog).ok).toBe(true);
    for (const [name, content] of renderTypes(catalog)) expect(readFileSync(path.join(schemasDir, GENERATED_DIR, name), 'utf8')).toBe(content);
    expect(withRegions(docs(ASYNCAPI_FILE), renderAsyncApiRegions(catalog))).toBe(docs(ASYNCAPI_FILE));
    expect(withRegions(docs(TOPICS_FILE), renderTopicTable(catalog))).toBe(docs(TOPICS_FILE));
    for (const subject of catalog.subjects) {
      const ids = Object.fromEntries(catalog.history(subject).map((version) => [String(version.version), version.id]));
      expect(docs(ASYNCAPI_FILE)).toContain(`x-eventline-subject: ${subject}\n      x-eventline-schema-ids: ${JSON.stringify(ids).replace(/[:,]/g, '$& ')}`);
      expect(docs(ASYNCAPI_FILE)).toContain(`$ref: '../schemas/${catalog.latest(subject).file}'`);
    }
  }

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'eventline-evolution-'));
    schemasDir = path.join(root, 'schemas');
    for (const part of ['catalog.json', 'avro', GENERATED_DIR]) cpSync(path.join(REPO_SCHEMAS, part), path.join(schemasDir, part), { recursive: true });
    cpSync(path.join(REPO_SCHEMAS, '..', 'client', GENERATED_DIR), path.join(root, 'client', GENERATED_DIR), { recursive: true });
    for (const file of [ASYNCAPI_FILE, TOPICS_FILE]) cpSync(path.join(topicDocsDir(REPO_SCHEMAS), file), path.join(topicDocsDir(schemasDir), file));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('starts from a consistent copy', () => {
    expectConsistent();
  });

  it('a domain record: change the source, `npm run schemas:generate`, check', () => {
    const before = loadCatalog(schemasDir);
    const oldPaid = before.latest('eventline.orders.OrderPaid');
    const nextId = Math.max(...before.versions.map((version) => version.id)) + 1;
    const paid = { aggregateId: 'o-1', version: 2, commandId: 'c-1', userId: 'u-1', occurredAt: new Date(0), data: { storeId: 's-1', amountCents: 500, currency: 'EUR' } };
    const oldBytes = createCodec(before).encode('eventline.orders.OrderPaid', paid as never);

    const done = generateAll(schemasDir, sourcesWith(ordersWithNote()));

    expect(done[0]).toBe(`released eventline.orders.OrderPaid v${oldPaid.version + 1} as id ${nextId} (avro/orders/OrderPaid.v${oldPaid.version + 1}.avsc)`);
    expectConsistent();
    const codec = createCodec(loadCatalog(schemasDir));
    expect(codec.decode(oldBytes)).toMatchObject({ schemaId: oldPaid.id, version: oldPaid.version, value: { data: { ...paid.data, note: null } } });
    // Generating again releases nothing: the source now equals its latest version.
    expect(generateAll(schemasDir, sourcesWith(ordersWithNote())).filter((line) => line.startsWith('released'))).toEqual([]);
  });

  it('a record outside the domains: copy the file, add the entry, lock it with the printed digest, generate', () => {
    const catalog = loadCatalog(schemasDir);
    const latest = catalog.latest('eventline.CommandOutcome');
    const schema = latest.schema as { fields: unknown[] };
    const file = `avro/eventline/CommandOutcome.v${latest.version + 1}.avsc`;
    writeFileSync(path.join(schemasDir, file), JSON.stringify({ ...schema, fields: [...schema.fields, note] }, null, 2));
    const json = readCatalogJson();
    const entry: CatalogEntry = { id: Math.max(...json.schemas.map((row) => row.id)) + 1, subject: 'eventline.CommandOutcome', version: latest.version + 1, file };
    writeFileSync(path.join(schemasDir, 'catalog.json'), renderCatalogJson(json.description, [...json.schemas, entry]));

    const [unlocked] = checkSchemas(loadCatalog(schemasDir)).locks;
    expect(unlocked?.problem).toBe(`not locked yet: add "sha256": "${unlocked?.digest}" to its catalog entry`);
    expect(() => createCodec(loadCatalog(schemasDir))).toThrow(/not locked yet/);
    writeFileSync(path.join(schemasDir, 'catalog.json'), renderCatalogJson(json.description, [...json.schemas, { ...entry, sha256: unlocked!.digest }]));
    generateAll(schemasDir, sourcesWith(ordersWithNote()));

    expectConsistent();
    expect(docs(TOPICS_FILE)).toContain(`\`eventline.CommandOutcome\` v1 ${latest.id} / v2 ${entry.id}`);
  });
});
