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
 * The routes are the registered domains' read-model routes (`routes` in each definition,
 * read-models/read-model.ts) beside the generic `/api/views/:view/:key`.
 *
 * Rows are answered as stored, with their version: timestamps as ISO-8601, cents as numbers.
 * Errors are thrown as EventlineErrors for the gateway's problem middleware.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { domains, type DomainModule } from '../../domains';
import type { Orm } from '../../platform/db';
import { ForbiddenError, NotFoundError } from '../../platform/errors';
import { quoted } from '../../platform/text';
import { findReadModelByView, primaryKeyOrUndefined, rowProperties, type AnyReadModel } from '../../read-models';
import { readScope, type AccessControl } from '../auth';
import type { AuthenticatedLocals } from '../http/authenticate';
import { isBoundedKey } from '../protocol';
import { pageParams } from './page-params';
import { capitalized } from '../../platform/text';

export interface ReadRoutesOptions {
  /** Database with the read-model entities registered. */
  readonly orm: Orm;
  /** Token, then the caller's rate limit (http/authenticate.ts). */
  readonly authenticated: RequestHandler;
  readonly access: AccessControl;
}

/** The value of a read route's one path parameter (read-models/read-model.ts checks there is one). */
function onlyParameter(req: Request): string {
  return Object.values(req.params as Record<string, string>)[0]!;
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

  router.get('/api/views/:view/:key', authenticated, async (req: Request<{ view: string; key: string }>, res: Response) => {
    const model = findReadModelByView(req.params.view);
    if (model === undefined) throw new NotFoundError(`unknown view ${quoted(req.params.view)}`);
    await sendView(res, model, req.params.key);
  });

  /** The row a route's one parameter names: a view's by the view's rule, an aggregate's by its domain's. */
  const serveRow = (model: AnyReadModel, domain: DomainModule): RequestHandler => async (req, res) => {
    const key = onlyParameter(req);
    if (model.view !== undefined) return sendView(res, model, key);
    await requireAggregate(res, model, domain, key);
    await sendRow(res, model, key);
  };

  /** Keyset pagination: the primary key (aggregate, sequence) makes each page one index range scan. */
  const servePage = (model: AnyReadModel, domain: DomainModule): RequestHandler => {
    const [aggregate, sequence] = model.primaryKey as [string, string];
    const afterName = `after${capitalized(sequence)}`;
    return async (req, res) => {
      const aggregateId = onlyParameter(req);
      const { after, limit } = pageParams(req.query, afterName);
      // The aggregate's facts say whether it exists: an aggregate the caller may see has a row.
      await requireAggregate(res, model, domain, aggregateId);
      // One row more than the page tells whether another page follows.
      const found = await orm.em.fork().find(model.entity, { [aggregate]: aggregateId, [sequence]: { $gt: after } }, { orderBy: { [sequence]: 'asc' }, limit: limit + 1 });
      const page = found.slice(0, limit);
      const next = found.length > limit ? (page[page.length - 1] as Record<string, unknown>)[sequence] : null;
      res.json({ [model.name]: page.map((row) => plainRow(model, row)), [`next${capitalized(afterName)}`]: next });
    };
  };

  for (const domain of domains) {
    for (const model of domain.readModels) {
      for (const route of model.routes ?? []) router.get(route.path, authenticated, route.serves === 'page' ? servePage(model, domain) : serveRow(model, domain));
    }
  }
  return router;
}

/** The row's properties and version only, in column order, whatever MikroORM adds to an entity. */
function plainRow(model: AnyReadModel, entity: object): Record<string, unknown> {
  return { ...rowProperties(model, entity), version: (entity as { version: number }).version };
}
