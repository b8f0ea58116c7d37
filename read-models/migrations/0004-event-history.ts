import { Migration } from '@mikro-orm/migrations';

/**
 * The event history of each domain (read-models/entities/event-history.ts): one row per event,
 * written once and never updated, read by aggregate and version range when a subscriber
 * resumes `<domain>.events` with `fromVersion`. Narrow on purpose: the event's data is one
 * jsonb document, and the primary key is the only index. `version` is the projector's row
 * version (1: one event per row); the event's own version is `aggregate_version`.
 */
export class Migration0004EventHistory extends Migration {
  override async up(): Promise<void> {
    for (const table of ['orders_event_history', 'chat_event_history']) {
      this.addSql(`
        CREATE TABLE ${table} (
          aggregate_id text NOT NULL,
          aggregate_version bigint NOT NULL,
          name text NOT NULL,
          data jsonb NOT NULL,
          occurred_at timestamptz NOT NULL,
          user_id text NOT NULL,
          command_id text NOT NULL,
          version bigint NOT NULL,
          PRIMARY KEY (aggregate_id, aggregate_version)
        )`);
    }
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE chat_event_history, orders_event_history');
  }
}
