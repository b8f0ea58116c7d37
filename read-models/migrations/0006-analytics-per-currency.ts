import { Migration } from '@mikro-orm/migrations';

/**
 * The analytics revenue table keeps money per currency: `currency` joins the key, and
 * `paid_cents` becomes `gross_cents` (payments, before refunds; `net_cents` = gross − refunded).
 * The old rows added cents of different currencies and cannot be split, so both analytics
 * tables are emptied and their checkpoint removed: the analytics service counts every event
 * again once its consumer group is reset to the beginning (docs/topics.md, "The analytics
 * example"), exactly once as before.
 */
export class Migration0006AnalyticsPerCurrency extends Migration {
  override async up(): Promise<void> {
    this.addSql('DROP TABLE analytics_store_revenue_hourly');
    this.addSql(`
      CREATE TABLE analytics_store_revenue_hourly (
        store_id text NOT NULL,
        currency text NOT NULL,
        hour timestamptz NOT NULL,
        gross_cents bigint NOT NULL,
        refunded_cents bigint NOT NULL,
        net_cents bigint GENERATED ALWAYS AS (gross_cents - refunded_cents) STORED,
        payments integer NOT NULL,
        refunds integer NOT NULL,
        PRIMARY KEY (store_id, currency, hour)
      )`);
    this.addSql('TRUNCATE analytics_store_funnel_daily');
    this.addSql("DELETE FROM projection_checkpoints WHERE projection = 'analytics_sales'");
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE analytics_store_revenue_hourly');
    this.addSql(`
      CREATE TABLE analytics_store_revenue_hourly (
        store_id text NOT NULL,
        hour timestamptz NOT NULL,
        paid_cents bigint NOT NULL,
        refunded_cents bigint NOT NULL,
        net_cents bigint GENERATED ALWAYS AS (paid_cents - refunded_cents) STORED,
        payments integer NOT NULL,
        refunds integer NOT NULL,
        PRIMARY KEY (store_id, hour)
      )`);
    this.addSql('TRUNCATE analytics_store_funnel_daily');
    this.addSql("DELETE FROM projection_checkpoints WHERE projection = 'analytics_sales'");
  }
}
