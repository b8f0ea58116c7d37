/** The orders domain's own migrations (its first tables came with read-models/migrations). Released migrations never change: add a new one instead. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';

/**
 * `store_stats` keeps money per currency: `revenue_by_currency` (gross, refunded, net per
 * currency) and `gross_revenue_by_minute` replace `paid_revenue_cents` and `revenue_by_minute`,
 * which added cents of different currencies. What the old columns summed cannot be split, so
 * the new ones start empty: `eventline replay store_stats` refills them from `orders.events`
 * (docs/departures.md), and every store's next payment or refund adds to them meanwhile.
 */
class StoreStatsPerCurrency extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      ALTER TABLE store_stats
        DROP COLUMN paid_revenue_cents,
        DROP COLUMN revenue_by_minute,
        ADD COLUMN revenue_by_currency jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN gross_revenue_by_minute jsonb NOT NULL DEFAULT '[]'`);
  }

  override async down(): Promise<void> {
    this.addSql(`
      ALTER TABLE store_stats
        DROP COLUMN gross_revenue_by_minute,
        DROP COLUMN revenue_by_currency,
        ADD COLUMN paid_revenue_cents bigint NOT NULL DEFAULT 0,
        ADD COLUMN revenue_by_minute jsonb NOT NULL DEFAULT '[]'`);
  }
}

export const ordersMigrations: readonly MigrationObject[] = [{ name: 'orders/0001-store-stats-per-currency', class: StoreStatsPerCurrency }];
