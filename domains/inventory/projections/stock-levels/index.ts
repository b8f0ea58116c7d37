export { stockLevelsProjection, type StockLevelsRow } from './projection';
