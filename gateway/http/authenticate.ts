/**
 * Bearer-token authentication for the HTTP API, then the caller's rate limit (HTTP_RATE_PER_SEC):
 * the principal goes to `res.locals.principal`, the caller (for commands and the audit log) to
 * `res.locals.caller`. Both run before the body is read or parsed; a refused token is an audit line.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuditLog } from '../../platform/audit';
import { bearerToken, httpCaller, requireToken, type Caller, type Principal, type TokenVerifier } from '../auth';
import type { UserBuckets } from '../limits';
import { toWireError } from '../protocol';

export interface AuthenticatedLocals {
  principal: Principal;
  caller: Caller;
}

export function authenticate(verify: TokenVerifier, limits: UserBuckets, audit: AuditLog): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const remote = req.socket.remoteAddress;
    let principal: Principal;
    try {
      principal = await verify(requireToken(bearerToken(req.headers)));
    } catch (error) {
      const { code, message } = toWireError(error);
      audit('auth.refused', { remote, transport: 'http', code, reason: message });
      throw error;
    }
    limits.take(principal.userId);
    const locals = res.locals as AuthenticatedLocals;
    locals.principal = principal;
    locals.caller = httpCaller(principal, remote, audit);
    next();
  };
}
