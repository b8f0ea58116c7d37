import { Migration } from '@mikro-orm/migrations';

/**
 * The reference read models (one table per projection, `version` beside every row) and the
 * view changes a checkpoint still owes its view topic (docs/read-models.md).
 *
 * Cents and counters are bigint (Avro longs); timestamps timestamptz. Each primary key is the
 * projection's row key, so the projector's `key = ANY($1)` reads are index lookups. Tables
 * whose rows are updated in place keep free space per page (fillfactor) so those updates stay
 * HOT: the new row version lands on the same page and no index is touched.
 */
export class Migration0002ReadModels extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE orders (
        order_id text PRIMARY KEY,
        store_id text NOT NULL,
        customer_id text NOT NULL,
        status text NOT NULL,
        total_cents bigint NOT NULL,
        currency text NOT NULL,
        item_count bigint NOT NULL,
        carrier text,
        tracking_number text,
        cancel_reason text,
        placed_at timestamptz NOT NULL,
        paid_at timestamptz,
        shipped_at timestamptz,
        cancelled_at timestamptz,
        updated_at timestamptz NOT NULL,
        version bigint NOT NULL
      ) WITH (fillfactor = 80)`);
    this.addSql(`
      CREATE TABLE store_stats (
        store_id text PRIMARY KEY,
        orders_placed bigint NOT NULL,
        orders_paid bigint NOT NULL,
        orders_shipped bigint NOT NULL,
        orders_cancelled bigint NOT NULL,
        open_orders bigint NOT NULL,
        paid_revenue_cents bigint NOT NULL,
        revenue_by_minute jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        version bigint NOT NULL
      ) WITH (fillfactor = 50)`);
    this.addSql(`
      CREATE TABLE rooms (
        room_id text PRIMARY KEY,
        title text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        message_count bigint NOT NULL,
        last_seq bigint NOT NULL,
        updated_at timestamptz NOT NULL,
        version bigint NOT NULL
      ) WITH (fillfactor = 80)`);
    this.addSql(`
      CREATE TABLE messages (
        room_id text NOT NULL,
        seq bigint NOT NULL,
        message_id text NOT NULL,
        author text NOT NULL,
        text text NOT NULL,
        posted_at timestamptz NOT NULL,
        edited_at timestamptz,
        version bigint NOT NULL,
        PRIMARY KEY (room_id, seq),
        CONSTRAINT messages_message_id_key UNIQUE (room_id, message_id)
      )`);
    this.addSql(`ALTER TABLE projection_checkpoints ADD COLUMN pending_view_keys text[] NOT NULL DEFAULT '{}'`);
  }

  override async down(): Promise<void> {
    this.addSql('ALTER TABLE projection_checkpoints DROP COLUMN pending_view_keys');
    this.addSql('DROP TABLE messages, rooms, store_stats, orders');
  }
}
