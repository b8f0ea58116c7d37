/**
 * A domain's Avro records come from its compact source (domains/<name>/schemas.ts) and the
 * shared envelopes: the sources of the registered domains match their latest released
 * versions, so `npm run schemas:generate` has nothing to release, and a changed source
 * becomes the next version with the next id, leaving every released version alone.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { describe, expect, it } from '@jest/globals';
import { domains } from '../../../domains';
import { CATALOG_FILE, defaultSchemasDir, type CatalogEntry } from '../../../schemas/catalog';
import { schemaDigest } from '../../../schemas/digest';
import { pendingVersions, renderCatalogJson } from '../../../schemas/tools/release-domain-schemas';

const dir = defaultSchemasDir();
const catalogText = readFileSync(path.join(dir, CATALOG_FILE), 'utf8');
const catalog = JSON.parse(catalogText) as { description: string; schemas: CatalogEntry[] };
const schemaOf = (entry: CatalogEntry): unknown => JSON.parse(readFileSync(path.join(dir, entry.file), 'utf8'));

describe('domain schema sources', () => {
  it('match the latest released version of every record (run `npm run schemas:generate` if this fails)', () => {
    expect(pendingVersions(catalog.schemas, domains, schemaOf)).toEqual([]);
  });

  it('release a changed record as its next version with the next unused id, locked', () => {
    const orders = domains.find((domain) => domain.name === 'orders')!;
    const payOrder = orders.schemas.commands.PayOrder!;
    const changed = {
      ...orders.schemas,
      commands: { ...orders.schemas.commands, PayOrder: { ...payOrder, doc: 'Pay a placed order in full, at last.' } },
    };
    const added = pendingVersions(catalog.schemas, [{ name: 'orders', schemas: changed }], schemaOf);
    const highestId = Math.max(...catalog.schemas.map((entry) => entry.id));
    expect(added.map(({ entry }) => entry)).toEqual([
      { id: highestId + 1, subject: 'eventline.orders.PayOrder', version: 3, file: 'avro/orders/PayOrder.v3.avsc', sha256: schemaDigest(added[0]!.schema) },
    ]);
  });

  it('release every record of a new domain as version 1', () => {
    const orders = domains.find((domain) => domain.name === 'orders')!;
    const added = pendingVersions(catalog.schemas, [{ name: 'billing', schemas: orders.schemas }], schemaOf);
    expect(added.map(({ entry }) => `${entry.subject} v${entry.version}`)).toContain('eventline.billing.PayOrder v1');
    expect(new Set(added.map(({ entry }) => entry.id)).size).toBe(added.length);
  });

  it('write catalog.json as it is committed, one entry a line', () => {
    expect(renderCatalogJson(catalog.description, catalog.schemas)).toBe(catalogText);
  });
});
