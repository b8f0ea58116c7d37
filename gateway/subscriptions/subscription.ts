/** What the fan-out and the registry know of a subscription, whatever its stream kind. */
import type { Grant } from '../auth';
import type { ClientSession } from '../ws';
import type { Stream } from './streams';

/** One record of a stream + key as every subscriber gets it: serialized once, shared by reference. */
export interface LiveMessage {
  readonly version: number;
  /** The whole `{"op":"event",…}` message as JSON. */
  readonly text: string;
}

/** One socket following one stream + key. */
export interface Subscription {
  readonly session: ClientSession;
  readonly stream: Stream;
  readonly key: string;
  /** The access decision it was granted on, to take again when the socket renews its token. */
  readonly grant: Grant;
  /**
   * Every live record of stream + key, in the order the fan-out consumer reads them. Runs on
   * the consumer's loop once per subscriber: synchronous, constant work, no serialization.
   */
  offer(message: LiveMessage): void;
  /** Sends what comes before the live records (a snapshot, the history) and goes live. Never rejects. */
  start(): Promise<void>;
  /** Unsubscribed, failed or socket closed: nothing more is sent or read. */
  end(): void;
}

/** What a subscription that fails on its own calls to leave the registry. */
export type Release = (subscription: Subscription) => void;
