/** The ops of the write path: `command` (ack, then outcome) and `ping` (pong). */
import type { CommandIngress } from '../ingress';
import { projectedTarget, type ProjectionWaits } from '../outcomes';
import { awaitsProjection, commandFromFrame, pongMessage } from '../protocol';
import type { OpHandler } from './op-router';

/**
 * The session is the outcome target: its outcome frame follows the ack; with
 * `"await":"projected"`, only once the domain's read models have applied the events
 * (`waits` is undefined without a database: such commands are refused UNAVAILABLE).
 */
export function commandOp(ingress: CommandIngress, waits: ProjectionWaits | undefined): OpHandler {
  return async (frame, session) => {
    const request = commandFromFrame(frame);
    const target = awaitsProjection(frame) ? projectedTarget(waits, session) : session;
    session.send(await ingress.submit(request, session.principal, target));
  };
}

export const pingOp: OpHandler = (frame, session) => session.send(pongMessage(frame.id));
