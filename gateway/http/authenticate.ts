/** Bearer-token authentication for the HTTP API: the principal goes to `res.locals.principal`. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { bearerToken, requireToken, type Principal, type TokenVerifier } from '../auth';

export interface AuthenticatedLocals {
  principal: Principal;
}

export function authenticate(verify: TokenVerifier): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    (res.locals as AuthenticatedLocals).principal = await verify(requireToken(bearerToken(req.headers)));
    next();
  };
}
