/**
 * A `views.<view>` subscription: a snapshot of the key's row, then every newer version.
 *
 * It is registered before the snapshot is read, so records that arrive meanwhile are not
 * lost: it keeps the newest of them, and once the snapshot is sent, sends it if its version
 * is higher. The projector commits a row before publishing it, so any version already
 * published when the subscription registered is at most the snapshot's version. Versions may
 * skip (the projector publishes the latest row of each key per batch): any version above the
 * last sent is next. The view is conflatable: a socket whose send buffer is full keeps only
 * the newest version of the key (this subscription is its conflation slot).
 */
import { UnavailableError } from '../../platform/errors';
import type { Grant } from '../auth';
import { snapshotMessage } from '../protocol';
import type { ClientSession, ConflationSlot } from '../ws';
import type { ViewSnapshot } from './readers';
import type { StatusStream, ViewStream } from './streams';
import type { LiveMessage, Release, Subscription } from './subscription';

export interface SnapshotReader {
  snapshot(stream: ViewStream | StatusStream, key: string): Promise<ViewSnapshot>;
}

export class ViewSubscription implements Subscription, ConflationSlot {
  held: string | undefined = undefined;
  /** Version last sent; undefined until the snapshot is. */
  private last: number | undefined;
  /** Newest record seen while the snapshot is read. */
  private newest: LiveMessage | undefined;
  private ended = false;

  constructor(
    readonly session: ClientSession,
    readonly stream: ViewStream | StatusStream,
    readonly key: string,
    private readonly requestId: string,
    readonly grant: Grant,
    /** The key's current row: from the read model (views), or the status board (`ops.status`). */
    private readonly readers: SnapshotReader,
    private readonly release: Release,
  ) {}

  offer(message: LiveMessage): void {
    if (this.ended) return;
    if (this.last === undefined) {
      if (this.newest === undefined || message.version > this.newest.version) this.newest = message;
      return;
    }
    if (message.version <= this.last) return;
    this.last = message.version;
    this.session.sendLatest(this, message.text);
  }

  async start(): Promise<void> {
    let snapshot;
    try {
      snapshot = await this.readers.snapshot(this.stream, this.key);
    } catch (error) {
      if (this.ended) return;
      this.release(this);
      this.session.logger.warn({ err: error, stream: this.stream.name, key: this.key }, 'snapshot read failed');
      this.session.fail(this.requestId, new UnavailableError(`could not read the snapshot of ${this.stream.name} "${this.key}"; subscribe again`, { cause: error }));
      return;
    }
    if (this.ended) return;
    this.session.send(snapshotMessage(this.stream.name, this.key, snapshot.version, snapshot.data));
    this.last = snapshot.version;
    const newest = this.newest;
    this.newest = undefined;
    if (newest !== undefined) this.offer(newest);
  }

  end(): void {
    this.ended = true;
    this.newest = undefined;
    this.held = undefined;
  }
}
