export { MAX_BIND_PARAMETERS, type Statement } from './statement';
export { decodeRow, rowsByKey, selectByKeys, selectColumns, type RowLock } from './rows';
export { insertedKeys, upsertStatements, type UpsertMode } from './upsert';
export { clearPendingViewKeys, decodeCheckpoint, lockCheckpoints, NOTHING_APPLIED, readCheckpoints, writeCheckpoint, type Checkpoint } from './checkpoints';
export { inTransaction, type SqlSession } from './session';
export { lockReadModel, shareReadModels } from './read-model-lock';
