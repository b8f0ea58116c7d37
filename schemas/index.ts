/**
 * The Avro contract: the catalog of schema versions, the codec (Confluent-framed Avro),
 * field validation, the evolution checks and the generated record types.
 */
export * from './generated';
export { Catalog, createCatalog, defaultSchemasDir, loadCatalog } from './catalog';
export type { CatalogEntry, CatalogSource, SchemaVersion } from './catalog';
export { Codec, createCodec } from './codec';
export type { AnyDecodedRecord, CodecOptions, DecodedRecord, EncodeOptions, SubjectValue } from './codec';
export { checkCompatibility } from './compatibility';
export type { CompatibilityResult } from './compatibility';
export { checkLocks, checkSchemas } from './check';
export type { LockProblem, SchemaCheckReport } from './check';
export { commandEnvelopeFields, eventEnvelopeFields, RECENT_COMMAND_RECORD, snapshotFields } from './envelopes';
export type { RecentCommand } from './envelopes';
export { HEADER_SIZE, MAGIC_BYTE, readSchemaId } from './framing';
