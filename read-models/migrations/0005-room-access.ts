import { Migration } from '@mikro-orm/migrations';

/**
 * Private chat rooms: `rooms.private`, and the members of each private room
 * (domains/chat/read-models/room-members.ts). Rows written before rooms could be private are
 * public. The primary key (room_id, user_id) answers "is this user a member" with one lookup.
 */
export class Migration0005RoomAccess extends Migration {
  override async up(): Promise<void> {
    this.addSql('ALTER TABLE rooms ADD COLUMN private boolean NOT NULL DEFAULT false');
    this.addSql(`
      CREATE TABLE room_members (
        room_id text NOT NULL,
        user_id text NOT NULL,
        added_by text NOT NULL,
        added_at timestamptz NOT NULL,
        version bigint NOT NULL,
        PRIMARY KEY (room_id, user_id)
      )`);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE room_members');
    this.addSql('ALTER TABLE rooms DROP COLUMN private');
  }
}
