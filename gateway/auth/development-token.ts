/** Development mode prints a ready-to-use token, so `npm start` works without an identity provider. */
import type { Config } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import { STAFF } from '../../domains/access';
import { signToken } from './tokens';

const DEVELOPMENT_SUBJECT = 'developer';

/** A token for everything, staff included (the dashboard shows store views, the demo orders for many customers). */
export function developmentToken(config: Readonly<Config> & { jwtSecret: string }): Promise<string> {
  return signToken(config.jwtSecret, { subject: DEVELOPMENT_SUBJECT, scope: '*', roles: [STAFF] }, config);
}

export async function logDevelopmentToken(config: Readonly<Config>, logger: Logger, port: number): Promise<void> {
  if (config.mode !== 'development' || config.jwtSecret === undefined) return;
  const token = await developmentToken({ ...config, jwtSecret: config.jwtSecret });
  logger.info({ token, websocket: `ws://${config.host}:${port}/ws?token=${token}` }, 'development token (scope *, role staff, valid 12 h)');
}
