/**
 * Read models: the PostgreSQL tables the projector fills and the REST reads serve, one
 * definition per read model (entities/), the migrations that create them, and the bulk SQL
 * the projector and the replay CLI share (sql/).
 */
export { postgresAccessFacts, type AccessFactsReader } from './access-facts';
export { migrations } from './migrations';
export { entities } from './entities';
export { findEventHistory, findReadModel, findReadModelByView, readModels } from './registry';
export { defineReadModel, primaryKeyOrUndefined, rowProperties, VERSION_COLUMN, type AnyReadModel, type Column, type ReadModel, type ReadModelSpec } from './read-model';
export { bigintNumber, boolean, jsonb, MikroColumnType, nullable, text, textUnion, timestamptz, type ColumnType, type SqlType } from './column-types';
export { chatEventHistoryReadModel, ordersEventHistoryReadModel, type EventHistoryReadModel } from './entities/event-history';
export { messagesReadModel } from './entities/messages';
export { ordersReadModel } from './entities/orders';
export { roomMembersReadModel } from './entities/room-members';
export { roomsReadModel } from './entities/rooms';
export { storeStatsReadModel } from './entities/store-stats';
export * from './sql';
