/** The ops of the write path: `command` (ack, then outcome), `ping` (pong) and `auth` (token renewal). */
import { ForbiddenError } from '../../platform/errors';
import type { Principal, TokenVerifier } from '../auth';
import type { CommandIngress } from '../ingress';
import { projectedTarget, type ProjectionWaits } from '../outcomes';
import { authenticatedMessage, authFromFrame, awaitsProjection, commandFromFrame, pongMessage, toWireError } from '../protocol';
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
    session.send(await ingress.submit(request, session, target));
  };
}

export const pingOp: OpHandler = (frame, session) => session.send(pongMessage(frame.id));

/**
 * `{"op":"auth","id","token"}`: renews the socket's token before it expires. The new token must
 * verify and name the same user (FORBIDDEN otherwise: a socket never changes hands); the socket
 * then keeps it, its expiry and its scopes, and subscriptions it no longer grants end.
 */
export function authOp(verify: TokenVerifier): OpHandler {
  return async (frame, session) => {
    const { id, token } = authFromFrame(frame);
    let principal: Principal;
    try {
      principal = await verify(token);
      if (principal.userId !== session.principal.userId) throw new ForbiddenError('the token is for another user: open a new socket for them');
    } catch (error) {
      const { code, message } = toWireError(error);
      session.audit('token.renewal_refused', { code, reason: message });
      throw error;
    }
    session.renew(principal);
    session.audit('token.renewed', { exp: principal.expiresAt });
    session.send(authenticatedMessage(id, principal.expiresAt));
  };
}
