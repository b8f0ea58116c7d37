/**
 * `POST /api/commands/:domain/:name`, body `{id, key, data, correlationId?}`: the same
 * checks and errors as a WebSocket command. Answers 202 with the ack; with
 * `?wait=outcome`, 200 with the outcome (accepted or rejected: a rejection is a business
 * answer, not an HTTP error), or 504 UNAVAILABLE when none comes within COMMAND_TIMEOUT_MS.
 */
import express, { Router, type Request, type Response } from 'express';
import { BadRequestError } from '../../platform/errors';
import type { TokenVerifier } from '../auth';
import type { CommandIngress } from '../ingress';
import { OutcomeWaiter } from '../outcomes';
import { commandFromBody } from '../protocol';
import { authenticate, type AuthenticatedLocals } from './authenticate';

export interface CommandRoutesOptions {
  readonly ingress: CommandIngress;
  readonly verify: TokenVerifier;
  /** Largest request body; the gateway passes WS_MAX_FRAME_BYTES so both ways in accept the same commands. */
  readonly maxBodyBytes: number;
}

function wantsOutcome(wait: unknown): boolean {
  if (wait === undefined) return false;
  if (wait === 'outcome') return true;
  throw new BadRequestError('query parameter "wait" must be "outcome" when given');
}

export function commandRoutes({ ingress, verify, maxBodyBytes }: CommandRoutesOptions): Router {
  const router = Router();
  router.post(
    '/api/commands/:domain/:name',
    authenticate(verify),
    express.json({ limit: maxBodyBytes }),
    async (req: Request<{ domain: string; name: string }>, res: Response) => {
      const waiter = wantsOutcome(req.query.wait) ? new OutcomeWaiter() : undefined;
      const request = commandFromBody(req.params.domain, req.params.name, req.body);
      const ack = await ingress.submit(request, (res.locals as AuthenticatedLocals).principal, waiter);
      if (waiter) res.status(200).json(await waiter.outcome);
      else res.status(202).json(ack);
    },
  );
  return router;
}
