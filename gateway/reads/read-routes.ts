/**
 * REST reads of the read models (MikroORM entities from read-models/), behind the same bearer
 * token and rate limit as the rest of the API. A read is decided like a subscription
 * (auth/access-control.ts): the scope `read:<read model>` (or `*`) and the token's key
 * restriction first, then who may see the row — an aggregate's rows by the domain's ownership
 * rule (an order: its customer and staff; a private room: its members), a view's by its own
 * rule (`store_stats`: staff). A row the caller may not see is answered 404, exactly as a
 * missing one, so a stranger learns nothing of other users' keys; a view the caller's role
 * cannot read is 403 (that says nothing about any key).
 *
 * Rows are answered as stored, with their version: timestamps as ISO-8601, cents as numbers.
 * Errors are thrown as EventlineErrors for the gateway's problem middleware.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { findDomain, type DomainModule } from '../../domains';
import type { Orm } from '../../platform/db';
import { ForbiddenError, InternalError, NotFoundError } from '../../platform/errors';
import { quoted } from '../../platform/text';
import { findReadModelByView, messagesReadModel, ordersReadModel, primaryKeyOrUndefined, roomsReadModel, rowProperties, storeStatsReadModel, type AnyReadModel } from '../../read-models';
import { readScope, type AccessControl } from '../auth';
import type { AuthenticatedLocals } from '../http/authenticate';
import { isBoundedKey } from '../protocol';
import { pageParams } from './page-params';

export interface ReadRoutesOptions {
  /** Database with the read-model entities registered. */
  readonly orm: Orm;
  /** Token, then the caller's rate limit (http/authenticate.ts). */
  readonly authenticated: RequestHandler;
  readonly access: AccessControl;
}

function domainNamed(name: string): DomainModule {
  const domain = findDomain(name);
  if (domain === undefined) throw new InternalError(`read routes name an unregistered domain ${name}`);
  return domain;
}

export function createReadRoutes({ orm, authenticated, access }: ReadRoutesOptions): Router {
  const router = Router();
  const principalOf = (res: Response) => (res.locals as AuthenticatedLocals).principal;
  const notFound = (model: AnyReadModel, key: string) => new NotFoundError(`${model.name} ${quoted(key)} not found`);

  /** Throws NotFound unless the caller may see aggregate `key` of `domain` through `model`. */
  const requireAggregate = async (res: Response, model: AnyReadModel, domain: DomainModule, key: string): Promise<void> => {
    if (!isBoundedKey(key)) throw notFound(model, key);
    if ((await access.aggregate(principalOf(res), readScope(model.name), domain, key)) === undefined) throw notFound(model, key);
  };

  /** The row of `model` that `key` (a projection row key) names, as JSON with its version. */
  const sendRow = async (res: Response, model: AnyReadModel, key: string): Promise<void> => {
    const primaryKey = isBoundedKey(key) ? primaryKeyOrUndefined(model, key) : undefined;
    const row = primaryKey === undefined ? null : await orm.em.fork().findOne(model.entity, primaryKey);
    if (row === null) throw notFound(model, key);
    res.json(plainRow(model, row));
  };

  const sendView = async (res: Response, model: AnyReadModel, key: string): Promise<void> => {
    const grant = access.view(principalOf(res), readScope(model.name), `views.${model.view}`, key, model.projection.readableBy);
    if (grant === undefined) throw new ForbiddenError(`${model.name} is not readable with this token's roles`);
    await sendRow(res, model, key);
  };

  const orders = domainNamed('orders');
  const chat = domainNamed('chat');

  router.get('/api/views/:view/:key', authenticated, async (req: Request<{ view: string; key: string }>, res: Response) => {
    const model = findReadModelByView(req.params.view);
    if (model === undefined) throw new NotFoundError(`unknown view ${quoted(req.params.view)}`);
    await sendView(res, model, req.params.key);
  });
  router.get('/api/stores/:storeId/stats', authenticated, (req: Request<{ storeId: string }>, res: Response) => sendView(res, storeStatsReadModel, req.params.storeId));
  router.get('/api/orders/:orderId', authenticated, async (req: Request<{ orderId: string }>, res: Response) => {
    await requireAggregate(res, ordersReadModel, orders, req.params.orderId);
    await sendRow(res, ordersReadModel, req.params.orderId);
  });
  router.get('/api/chat/rooms/:roomId', authenticated, async (req: Request<{ roomId: string }>, res: Response) => {
    await requireAggregate(res, roomsReadModel, chat, req.params.roomId);
    await sendRow(res, roomsReadModel, req.params.roomId);
  });

  /** Keyset pagination: the primary key (room_id, seq) makes each page one index range scan. */
  router.get('/api/chat/rooms/:roomId/messages', authenticated, async (req: Request<{ roomId: string }>, res: Response) => {
    const { roomId } = req.params;
    const { afterSeq, limit } = pageParams(req.query);
    // The room's facts say whether it exists: a room the caller may see has a row.
    await requireAggregate(res, messagesReadModel, chat, roomId);
    // One row more than the page tells whether another page follows.
    const found = await orm.em.fork().find(messagesReadModel.entity, { roomId, seq: { $gt: afterSeq } }, { orderBy: { seq: 'asc' }, limit: limit + 1 });
    const page = found.slice(0, limit);
    res.json({ messages: page.map((row) => plainRow(messagesReadModel, row)), nextAfterSeq: found.length > limit ? page[page.length - 1]!.seq : null });
  });
  return router;
}

/** The row's properties and version only, in column order, whatever MikroORM adds to an entity. */
function plainRow(model: AnyReadModel, entity: object): Record<string, unknown> {
  return { ...rowProperties(model, entity), version: (entity as { version: number }).version };
}
