import { Migration } from '@mikro-orm/migrations';

/** Per-(projection, topic, partition) position of the projector, written in the same transaction as the rows. */
export class Migration0001Checkpoints extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE projection_checkpoints (
        projection text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        last_offset bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projection, topic, partition)
      )`);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE projection_checkpoints');
  }
}
