/** Development mode prints a ready-to-use token, so `npm start` works without an identity provider. */
import type { Config } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import { signToken } from './tokens';

const DEVELOPMENT_SUBJECT = 'developer';

export async function logDevelopmentToken(config: Readonly<Config>, logger: Logger, port: number): Promise<void> {
  if (config.mode !== 'development' || config.jwtSecret === undefined) return;
  const token = await signToken(config.jwtSecret, { subject: DEVELOPMENT_SUBJECT, scope: '*' }, config);
  logger.info({ token, websocket: `ws://${config.host}:${port}/ws?token=${token}` }, 'development token (scope *, valid 12 h)');
}
