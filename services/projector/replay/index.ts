export { checkReplayRequest, replay, type PartitionHandover, type Progress, type ReplayContext, type ReplayReport, type ReplayRequest } from './replay';
export { rowDifference, type Diff, type RowDifference } from './compare';
export { indexShape, matchIndexes, shadowModel, shadowTableName, tableExists } from './shadow-table';
