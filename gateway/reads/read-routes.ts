/**
 * REST reads of the read models (MikroORM entities from read-models/), behind the same bearer
 * token as the rest of the API. Each read needs the scope `read:<read model>` (or `*`); the
 * scope is checked before the row is looked up, so a 404 reveals nothing to the unauthorized.
 * Rows are answered as stored, with their version: timestamps as ISO-8601, cents as numbers.
 * Errors are thrown as EventlineErrors for the gateway's problem middleware.
 */
import { Router, type Request, type Response } from 'express';
import type { Orm } from '../../platform/db';
import { NotFoundError } from '../../platform/errors';
import {
  findReadModelByView,
  messagesReadModel,
  ordersReadModel,
  primaryKeyOrUndefined,
  roomsReadModel,
  rowProperties,
  storeStatsReadModel,
  type AnyReadModel,
} from '../../read-models';
import { authorize, type TokenVerifier } from '../auth';
import { authenticate, type AuthenticatedLocals } from '../http/authenticate';
import { pageParams } from './page-params';

export interface ReadRoutesOptions {
  /** Database with the read-model entities registered. */
  readonly orm: Orm;
  readonly verify: TokenVerifier;
}

export function readScope(model: AnyReadModel): string {
  return `read:${model.name}`;
}

export function createReadRoutes({ orm, verify }: ReadRoutesOptions): Router {
  const router = Router();
  const requireScope = (res: Response, model: AnyReadModel): void => authorize((res.locals as AuthenticatedLocals).principal, readScope(model));

  /** The row of `model` that `key` (a projection row key) names, as JSON with its version. */
  const sendRow = async (res: Response, model: AnyReadModel, key: string): Promise<void> => {
    requireScope(res, model);
    const primaryKey = primaryKeyOrUndefined(model, key);
    const row = primaryKey === undefined ? null : await orm.em.fork().findOne(model.entity, primaryKey);
    if (row === null) throw new NotFoundError(`${model.name} "${key}" not found`);
    res.json(plainRow(model, row));
  };

  router.get('/api/views/:view/:key', authenticate(verify), async (req: Request<{ view: string; key: string }>, res: Response) => {
    const model = findReadModelByView(req.params.view);
    if (model === undefined) throw new NotFoundError(`unknown view "${req.params.view}"`);
    await sendRow(res, model, req.params.key);
  });
  router.get('/api/orders/:orderId', authenticate(verify), (req: Request<{ orderId: string }>, res: Response) => sendRow(res, ordersReadModel, req.params.orderId));
  router.get('/api/stores/:storeId/stats', authenticate(verify), (req: Request<{ storeId: string }>, res: Response) =>
    sendRow(res, storeStatsReadModel, req.params.storeId),
  );
  router.get('/api/chat/rooms/:roomId', authenticate(verify), (req: Request<{ roomId: string }>, res: Response) => sendRow(res, roomsReadModel, req.params.roomId));

  /** Keyset pagination: the primary key (room_id, seq) makes each page one index range scan. */
  router.get('/api/chat/rooms/:roomId/messages', authenticate(verify), async (req: Request<{ roomId: string }>, res: Response) => {
    requireScope(res, messagesReadModel);
    const { roomId } = req.params;
    const { afterSeq, limit } = pageParams(req.query);
    const em = orm.em.fork();
    // One row more than the page tells whether another page follows.
    const found = await em.find(messagesReadModel.entity, { roomId, seq: { $gt: afterSeq } }, { orderBy: { seq: 'asc' }, limit: limit + 1 });
    if (found.length === 0 && (await em.findOne(roomsReadModel.entity, { roomId })) === null) throw new NotFoundError(`room "${roomId}" not found`);
    const page = found.slice(0, limit);
    res.json({ messages: page.map((row) => plainRow(messagesReadModel, row)), nextAfterSeq: found.length > limit ? page[page.length - 1]!.seq : null });
  });
  return router;
}

/** The row's properties and version only, in column order, whatever MikroORM adds to an entity. */
function plainRow(model: AnyReadModel, entity: object): Record<string, unknown> {
  return { ...rowProperties(model, entity), version: (entity as { version: number }).version };
}
