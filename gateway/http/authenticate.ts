/**
 * Bearer-token authentication for the HTTP API, then the caller's rate limit (HTTP_RATE_PER_SEC):
 * the principal goes to `res.locals.principal`. Both run before the body is read or parsed.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { bearerToken, requireToken, type Principal, type TokenVerifier } from '../auth';
import type { UserBuckets } from '../limits';

export interface AuthenticatedLocals {
  principal: Principal;
}

export function authenticate(verify: TokenVerifier, limits: UserBuckets): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const principal = await verify(requireToken(bearerToken(req.headers)));
    limits.take(principal.userId);
    (res.locals as AuthenticatedLocals).principal = principal;
    next();
  };
}
