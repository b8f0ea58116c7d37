import { Migration } from '@mikro-orm/migrations';

/**
 * Tables of the analytics example (services/analytics): revenue per store per UTC hour and
 * the order funnel per store per UTC day. Their per-partition checkpoint is a row of
 * `projection_checkpoints` (0001), written in the same transaction as the increments.
 */
export class Migration0003Analytics extends Migration {
  override async up(): Promise<void> {
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
    this.addSql(`
      CREATE TABLE analytics_store_funnel_daily (
        store_id text NOT NULL,
        day date NOT NULL,
        placed integer NOT NULL,
        paid integer NOT NULL,
        shipped integer NOT NULL,
        cancelled integer NOT NULL,
        PRIMARY KEY (store_id, day)
      )`);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE analytics_store_funnel_daily');
    this.addSql('DROP TABLE analytics_store_revenue_hourly');
  }
}
