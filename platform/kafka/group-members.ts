/**
 * Takeover without waiting for a dead member's session to expire. A consumer group keeps
 * the partitions of a member that was killed until its session times out; a process that
 * restarts on the same machine knows better: it removes its dead predecessors from the group
 * (LeaveGroup on their behalf, `admin.removeGroupMembers` of patches/) before it joins, so the
 * group rebalances at once.
 *
 * Each running member records its current member id in a directory of its own under
 * `<dir>/<groupId>/`, a small LevelDB database that stays open, and so locked, for the life of
 * the process (LevelDB locks with fcntl: the lock goes when the process dies, SIGKILL
 * included). A directory whose lock can be taken therefore belongs to a dead process: its
 * member is removed and the directory deleted. Members on other machines are left to their
 * session timeout. A process never opens its own records a second time: closing any
 * descriptor of a file drops the process's fcntl locks on it, so a second open (which LevelDB
 * refuses, after opening the file) would unlock the first.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ClassicLevel } from 'classic-level';
import type { KafkaAdmin } from './interfaces';
import type { Logger } from '../logger';

const MEMBER_KEY = 'member';

type Db = ClassicLevel<string, string>;

/** Records this process holds open (see the header). */
const ownRecords = new Set<string>();

export class GroupMemberRecord {
  private closed = false;

  private constructor(
    private readonly db: Db,
    private readonly location: string,
  ) {}

  /**
   * Removes the members that dead processes recorded for `groupId` under `dir`, then opens this
   * process's own record. Never throws for the removal: at worst the group waits for the session timeout.
   */
  static async open(admin: KafkaAdmin, dir: string, groupId: string, logger: Logger): Promise<GroupMemberRecord> {
    const groupDir = path.join(dir, encodeURIComponent(groupId));
    fs.mkdirSync(groupDir, { recursive: true });
    await removeDeadMembers(admin, groupDir, groupId, logger);
    const location = path.join(groupDir, randomUUID());
    const db: Db = new ClassicLevel<string, string>(location, { valueEncoding: 'utf8' });
    await db.open();
    ownRecords.add(location);
    return new GroupMemberRecord(db, location);
  }

  /** The member id the group gave this process at its latest join. */
  async joined(memberId: string): Promise<void> {
    if (!this.closed) await this.db.put(MEMBER_KEY, memberId);
  }

  /** After leaving the group: nothing left to remove. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.close();
    ownRecords.delete(this.location);
    fs.rmSync(this.location, { recursive: true, force: true });
  }
}

async function removeDeadMembers(admin: KafkaAdmin, groupDir: string, groupId: string, logger: Logger): Promise<void> {
  for (const entry of fs.readdirSync(groupDir)) {
    const location = path.join(groupDir, entry);
    if (ownRecords.has(location)) continue;
    const db: Db = new ClassicLevel<string, string>(location, { valueEncoding: 'utf8', createIfMissing: false });
    try {
      await db.open();
    } catch (error) {
      // Locked: a live process. Anything else (half-written, not a database): nothing to remove.
      if ((error as { cause?: { code?: string } }).cause?.code !== 'LEVEL_LOCKED') fs.rmSync(location, { recursive: true, force: true });
      continue;
    }
    const memberId = await db.get(MEMBER_KEY).finally(() => db.close());
    if (memberId !== undefined) {
      try {
        const removed = await admin.removeGroupMembers({ groupId, memberIds: [memberId] });
        if (removed.length > 0) logger.info({ groupId, memberId }, 'removed the member a killed process left in the group');
        else logger.info({ groupId, memberId }, 'the member a killed process left is out of the group already (its session expired)');
      } catch (error) {
        logger.warn({ err: error, groupId, memberId }, 'could not remove a dead member from the group; it leaves when its session times out');
      }
    }
    fs.rmSync(location, { recursive: true, force: true });
  }
}
