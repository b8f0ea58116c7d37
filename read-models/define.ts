/** What a domain's read-model definitions (domains/<name>/read-models/) are written with. */
export { bigintNumber, boolean, jsonb, nullable, text, textUnion, timestamptz, type ColumnType } from './column-types';
export { defineReadModel, type ReadModel, type ReadRoute } from './read-model';
export { splitNumberedKey } from './numbered-key';
export type { AccessFactsQuery } from './access-facts-query';
export { eventHistoryTableSql } from './event-history';
