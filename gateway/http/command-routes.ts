/**
 * `POST /api/commands/:domain/:name`, body `{id, key, data, correlationId?}`: the same
 * checks and errors as a WebSocket command. Answers 202 with the ack; with
 * `?wait=outcome`, 200 with the outcome (accepted or rejected: a rejection is a business
 * answer, not an HTTP error), or 504 UNAVAILABLE when none comes within COMMAND_TIMEOUT_MS;
 * with `?wait=projected`, the same, but an accepted outcome only once every read model of
 * the domain has applied its events (read-your-writes), within the same time.
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { BadRequestError } from '../../platform/errors';
import type { CommandIngress } from '../ingress';
import { OutcomeWaiter, projectedTarget, type ProjectionWaits } from '../outcomes';
import { commandFromBody } from '../protocol';
import type { AuthenticatedLocals } from './authenticate';

export interface CommandRoutesOptions {
  readonly ingress: CommandIngress;
  /** Token, then the caller's rate limit (authenticate.ts). */
  readonly authenticated: RequestHandler;
  /** Largest request body; the gateway passes WS_MAX_FRAME_BYTES so both ways in accept the same commands. */
  readonly maxBodyBytes: number;
  /** Read-your-writes waits; undefined without a database (`?wait=projected` answers 503). */
  readonly waits: ProjectionWaits | undefined;
}

type Wait = 'ack' | 'outcome' | 'projected';

function waitOf(wait: unknown): Wait {
  if (wait === undefined) return 'ack';
  if (wait === 'outcome' || wait === 'projected') return wait;
  throw new BadRequestError('query parameter "wait" must be "outcome" or "projected" when given');
}

export function commandRoutes({ ingress, authenticated, maxBodyBytes, waits }: CommandRoutesOptions): Router {
  const router = Router();
  router.post(
    '/api/commands/:domain/:name',
    authenticated,
    express.json({ limit: maxBodyBytes }),
    async (req: Request<{ domain: string; name: string }>, res: Response) => {
      const wait = waitOf(req.query.wait);
      const waiter = wait === 'ack' ? undefined : new OutcomeWaiter();
      const target = waiter !== undefined && wait === 'projected' ? projectedTarget(waits, waiter) : waiter;
      const request = commandFromBody(req.params.domain, req.params.name, req.body, { traceparent: req.get('traceparent'), tracestate: req.get('tracestate') });
      const ack = await ingress.submit(request, (res.locals as AuthenticatedLocals).caller, target);
      if (waiter) res.status(200).json(await waiter.outcome);
      else res.status(202).json(ack);
    },
  );
  return router;
}
