/**
 * The domain parts of docs/asyncapi.yaml and docs/topics.md are what `npm run
 * schemas:generate` writes from the registered domains and the catalog: a new domain or a
 * new schema version cannot leave the topic docs behind.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { describe, expect, it } from '@jest/globals';
import { InternalError } from '../../../platform/errors';
import { defaultSchemasDir, loadCatalog } from '../../../schemas';
import { ASYNCAPI_FILE, topicDocsDir, TOPICS_FILE } from '../../../schemas/tools/generate-types';
import { renderAsyncApiRegions, renderTopicTable, withRegions } from '../../../schemas/tools/render-topic-docs';

const catalog = loadCatalog();
const docs = topicDocsDir(defaultSchemasDir());
const read = (file: string) => readFileSync(path.join(docs, file), 'utf8');

describe('generated topic docs', () => {
  it.each([
    [ASYNCAPI_FILE, renderAsyncApiRegions(catalog)],
    [TOPICS_FILE, renderTopicTable(catalog)],
  ])('%s is what `npm run schemas:generate` would write now (run it if this fails)', (file, regions) => {
    const committed = read(file);
    expect(withRegions(committed, regions)).toBe(committed);
  });

  it('lists every domain topic in the table', () => {
    expect(renderTopicTable(catalog).get('topics')).toContain('| `chat.snapshots` | room id; empty for the position | `ChatRoomSnapshot` v1 17 / v2 31, `eventline.HandlerPosition` 20 |');
  });

  it('replaces only between its markers, and refuses a file without them', () => {
    const text = 'before\n# begin generated: part\nold\n# end generated: part\nafter\n';
    expect(withRegions(text, new Map([['part', 'new']]))).toBe('before\n# begin generated: part\nnew\n# end generated: part\nafter\n');
    expect(() => withRegions('no markers\n', new Map([['part', 'new']]))).toThrow(InternalError);
  });
});
