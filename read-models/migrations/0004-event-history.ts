import { Migration } from '@mikro-orm/migrations';
import { eventHistoryTableSql } from '../event-history';

/**
 * The event history of the orders and chat domains (read-models/event-history.ts): one row
 * per event, written once and never updated, read by aggregate and version range when a
 * subscriber resumes `<domain>.events` with `fromVersion`.
 */
export class Migration0004EventHistory extends Migration {
  override async up(): Promise<void> {
    for (const domain of ['orders', 'chat']) this.addSql(eventHistoryTableSql(domain));
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE chat_event_history, orders_event_history');
  }
}
