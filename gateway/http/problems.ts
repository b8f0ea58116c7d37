/**
 * The one error middleware of the gateway's HTTP API: an EventlineError becomes its
 * `httpStatus` and the problem body `{"error":{"code","message","details"}}`; express's own
 * body-parser errors (bad JSON, body too large) are BAD_REQUEST; a dependency that cannot be
 * reached is UNAVAILABLE, 503 with `Retry-After`; anything else is INTERNAL (logged, never
 * described to the client).
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { BadRequestError, EventlineError, NotFoundError, RETRY_AFTER_SECONDS } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { problemBody, toWireError } from '../protocol';

/** body-parser marks client errors (`entity.parse.failed`, `entity.too.large`, …) with a 4xx `status` and `expose`. */
function isBodyParserError(error: unknown): error is Error & { status: number } {
  const candidate = error as { status?: unknown; expose?: unknown };
  return error instanceof Error && candidate.expose === true && typeof candidate.status === 'number' && candidate.status < 500;
}

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const known = !(error instanceof EventlineError) && isBodyParserError(error) ? new BadRequestError(error.message, { cause: error }) : error;
    const wire = toWireError(known);
    if (wire.code === 'INTERNAL') logger.warn({ err: error, method: req.method, path: req.path }, 'request failed');
    if (wire.httpStatus === 503) logger.warn({ err: error, method: req.method, path: req.path }, 'request refused: dependency unavailable');
    // When to come back: the limit's own wait, or a fixed pause while a dependency (PostgreSQL) is down.
    const retryAfter = wire.retryAfterSeconds ?? (wire.httpStatus === 503 ? RETRY_AFTER_SECONDS : undefined);
    if (retryAfter !== undefined) res.set('Retry-After', String(retryAfter));
    res.status(wire.httpStatus).json(problemBody(wire));
  };
}

/** JSON 404 for paths under the API prefix that no route answered. */
export const apiNotFound: RequestHandler = (req) => {
  throw new NotFoundError(`no route ${req.method} ${req.originalUrl.split('?')[0]}`);
};
