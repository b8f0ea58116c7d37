export type { Statement } from './statement';
export { decodeRow, rowsByKey, selectByKeys, selectColumns, type RowLock } from './rows';
export { insertedKeys, upsertStatement, type UpsertMode } from './upsert';
export { copyField, copyRowsStatement, type CopyStatement } from './copy';
export {
  checkpointsOfTopics,
  clearPendingViewKeys,
  decodeCheckpoint,
  lockCheckpoints,
  NOTHING_APPLIED,
  readCheckpoints,
  writeCheckpoint,
  type Checkpoint,
} from './checkpoints';
export { selectEventHistory, selectLatestVersion } from './history';
export { inTransaction, withSession, type SqlSession } from './session';
export { lockReadModel, shareReadModels } from './read-model-lock';
