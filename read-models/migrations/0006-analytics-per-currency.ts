import { Migration } from '@mikro-orm/migrations';

/**
 * The analytics revenue table keeps money per currency: `currency` joins the key, and
 * `paid_cents` becomes `gross_cents` (payments, before refunds; `net_cents` = gross − refunded
 * follows the rename). The old rows added cents of different currencies and cannot be split, so
 * both analytics tables are emptied and their checkpoint removed: the analytics service counts
 * every event again once its consumer group is reset to the beginning (docs/topics.md, "The
 * analytics example"), exactly once as before. `down` empties them the same way.
 */
export class Migration0006AnalyticsPerCurrency extends Migration {
  override async up(): Promise<void> {
    this.recount();
    this.addSql('ALTER TABLE analytics_store_revenue_hourly DROP CONSTRAINT analytics_store_revenue_hourly_pkey, ADD COLUMN currency text NOT NULL');
    this.addSql('ALTER TABLE analytics_store_revenue_hourly RENAME COLUMN paid_cents TO gross_cents');
    this.addSql('ALTER TABLE analytics_store_revenue_hourly ADD PRIMARY KEY (store_id, currency, hour)');
  }

  override async down(): Promise<void> {
    this.recount();
    this.addSql('ALTER TABLE analytics_store_revenue_hourly DROP CONSTRAINT analytics_store_revenue_hourly_pkey, DROP COLUMN currency');
    this.addSql('ALTER TABLE analytics_store_revenue_hourly RENAME COLUMN gross_cents TO paid_cents');
    this.addSql('ALTER TABLE analytics_store_revenue_hourly ADD PRIMARY KEY (store_id, hour)');
  }

  private recount(): void {
    this.addSql('TRUNCATE analytics_store_revenue_hourly, analytics_store_funnel_daily');
    this.addSql("DELETE FROM projection_checkpoints WHERE projection = 'analytics_sales'");
  }
}
