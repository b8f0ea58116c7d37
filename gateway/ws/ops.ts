/** The ops of the write path: `command` (ack, then outcome) and `ping` (pong). */
import type { CommandIngress } from '../ingress';
import { commandFromFrame, pongMessage } from '../protocol';
import type { OpHandler } from './op-router';

/** The session is the outcome target: its outcome frame follows the ack. */
export function commandOp(ingress: CommandIngress): OpHandler {
  return async (frame, session) => session.send(await ingress.submit(commandFromFrame(frame), session.principal, session));
}

export const pingOp: OpHandler = (frame, session) => session.send(pongMessage(frame.id));
