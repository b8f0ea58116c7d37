/**
 * Read models: the PostgreSQL tables the projector fills and the REST reads serve. Each
 * domain defines its own (domains/<name>/read-models/, written with define.ts); the registry,
 * the entity list and the migrations are derived from the registered domains. The bulk SQL the
 * projector and the replay CLI share is in sql/.
 */
export { postgresAccessFacts, type AccessFactsReader } from './access-facts';
export { migrations } from './migrations';
export { entities } from './entities';
export { findReadModel, findReadModelByView, readModels } from './registry';
export { defineReadModel, primaryKeyOrUndefined, rowProperties, VERSION_COLUMN, type AnyReadModel, type Column, type ReadModel, type ReadModelSpec, type ReadRoute } from './read-model';
export { bigintNumber, boolean, jsonb, MikroColumnType, nullable, text, textUnion, timestamptz, type ColumnType, type SqlType } from './column-types';
export { eventHistoryReadModel, eventHistoryTableSql, type EventHistoryReadModel } from './event-history';
export * from './sql';
