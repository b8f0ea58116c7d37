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
            // Nothing the old version carried is lost on the way to the latest shape.
            expect(codec.encode(subject, decoded.value, { version })).toEqual(bytes);
          }
        }),
        { numRuns: 60 },
      );
    });
  }
});
