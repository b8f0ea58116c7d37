import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createCodec, loadCatalog } from '../../../schemas';
import { arbitraryRecord } from './support/arbitrary';

const catalog = loadCatalog();
const codec = createCodec(catalog);

describe('every catalogued schema version round-trips through the codec', () => {
  for (const schema of catalog.versions) {
    const { subject, version } = schema;
    const isLatest = catalog.latest(subject) === schema;
    // Fields a later version removed (each had a default by then, or the removal would not pass the check): all the latest shape drops.
    const latestFields = new Set(catalog.latest(subject).model.fields.map((field) => field.name));
    const removed = schema.model.fields.map((field) => field.name).filter((name) => !latestFields.has(name));

    it(`${subject} v${version} (id ${schema.id})`, () => {
      fc.assert(
        fc.property(arbitraryRecord(schema.model), (value) => {
          const bytes = codec.encode(subject, value, { version });
          const decoded = codec.decode(bytes);

          expect(decoded).toMatchObject({ schemaId: schema.id, subject, version, name: schema.name });
          // Whatever version wrote it, the value comes back valid for the latest version.
          expect(codec.validate(subject, decoded.value)).toEqual([]);
          if (isLatest) {
            expect(codec.validate(subject, value)).toEqual([]);
            expect(decoded.value).toEqual(value);
          } else {
            // Nothing the old version carried is lost on the way to the latest shape, but the fields removed since.
            const dropped = Object.fromEntries(removed.map((name) => [name, (value as Record<string, unknown>)[name]]));
            expect(codec.encode(subject, { ...(decoded.value as object), ...dropped }, { version })).toEqual(bytes);
          }
        }),
        { numRuns: 60 },
      );
    });
  }
});
