/** The inventory domain's tables: `stock_levels` and its event history. Released migrations never change: add a new one instead. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { eventHistoryTableSql } from '../../../read-models/define';

class CreateInventoryTables extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE stock_levels (
        store_id text NOT NULL PRIMARY KEY,
        skus jsonb NOT NULL,
        open_reservations bigint NOT NULL,
        refused_reservations bigint NOT NULL,
        updated_at timestamptz NOT NULL,
        version bigint NOT NULL
      )`);
    this.addSql(eventHistoryTableSql('inventory'));
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE inventory_event_history, stock_levels');
  }
}

export const inventoryMigrations: readonly MigrationObject[] = [{ name: 'inventory/0001-tables', class: CreateInventoryTables }];
