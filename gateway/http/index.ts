/** The gateway's HTTP API on the runtime's express app. */
import type { Express, Router } from 'express';
import type { Logger } from '../../platform/logger';
import { apiNotFound, problemHandler } from './problems';

export { authenticate, type AuthenticatedLocals } from './authenticate';
export { apiNotFound, problemHandler } from './problems';
export { commandRoutes, type CommandRoutesOptions } from './command-routes';

/**
 * Mounts the API's routers, then the JSON 404 for `/api/*` and the error middleware, which
 * must come after every route (so every API router is passed here, not mounted later).
 */
export function mountHttpApi(app: Express, routers: readonly Router[], logger: Logger): void {
  for (const router of routers) app.use(router);
  app.use('/api', apiNotFound);
  app.use(problemHandler(logger));
}
