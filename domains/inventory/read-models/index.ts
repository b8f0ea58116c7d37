export { inventoryFacts } from './access-facts';
export { inventoryMigrations } from './migrations';
export { stockLevelsReadModel } from './stock-levels';
