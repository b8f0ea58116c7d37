/**
 * Client frames by op. The gateway registers `command` and `ping`; live subscriptions
 * register `subscribe` and `unsubscribe` the same way. An unknown op is a BAD_REQUEST that
 * names the known ones.
 */
import { BadRequestError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { Caller, Principal } from '../auth';
import type { OutcomeTarget } from '../outcomes';
import type { ClientFrame, ServerMessage } from '../protocol';

/**
 * Where a socket holds the latest of a conflatable stream while its send buffer is full: one
 * slot per subscription, so a slow reader costs one pending message per key, whatever the rate.
 */
export interface ConflationSlot {
  /** The newest message not yet sent; the socket clears it when it sends it. Clear it to drop it. */
  held: string | undefined;
}

/**
 * What an op handler (and a live subscription) sees of the connection that sent the frame.
 * Its `principal` is the token the socket opened with, or the last one `auth` renewed it with.
 */
export interface ClientSession extends OutcomeTarget, Caller {
  /** False once the socket is closing or closed: work that finishes later sends nothing. */
  readonly open: boolean;
  /** Replaces the socket's token (same user) and its expiry. */
  renew(principal: Principal): void;
  /** Debug-level per-frame logging; bound to the connection id. */
  readonly logger: Logger;
  send(message: ServerMessage): void;
  /** Queues a message already serialized as JSON: fan-out serializes once per record, not once per socket. */
  sendText(text: string): void;
  /**
   * Like sendText, but while the socket's send buffer is full only the newest message per
   * slot is kept, and sent once the buffer has drained (view streams: the newest row is all a
   * dashboard needs).
   */
  sendLatest(slot: ConflationSlot, text: string): void;
  /** Answers request `id` with an error frame. */
  fail(id: string | null, error: unknown): void;
  /** Closes with a WebSocket close code (1013 tells the client to come back and resume). */
  close(code: number, reason: string): void;
}

/** May return a promise; a rejection is answered as an error frame for the frame's id. */
export type OpHandler = (frame: ClientFrame, session: ClientSession) => void | Promise<void>;

export class OpRouter {
  private readonly handlers = new Map<string, OpHandler>();

  register(op: string, handler: OpHandler): this {
    this.handlers.set(op, handler);
    return this;
  }

  dispatch(frame: ClientFrame, session: ClientSession): void {
    const handler = this.handlers.get(frame.op);
    if (!handler) {
      session.fail(frame.id, new BadRequestError(`unknown op "${frame.op}" (ops: ${[...this.handlers.keys()].join(', ')})`));
      return;
    }
    try {
      handler(frame, session)?.catch((error: unknown) => session.fail(frame.id, error));
    } catch (error) {
      session.fail(frame.id, error);
    }
  }
}
